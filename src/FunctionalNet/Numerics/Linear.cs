namespace FunctionalNet.Numerics;

/// <summary>
/// The small matrix helpers the core needs beyond MathNet's operators. Speed work for them lives here,
/// behind one door, so that the rest of the core reads as the lecture's equations.
/// </summary>
public static class Linear
{
    /// <summary>Z + B·1ᵀ: adds the column B to every column of Z (or returns Z when there is no bias).</summary>
    public static Matrix<T> AddColumn<T>(Matrix<T> z, Option<Matrix<T>> bias) where T : struct, IFloatingPointIeee754<T> =>
        bias.Match(b => z.MapIndexed((i, _, x) => x + b[i, 0]), () => z);

    /// <summary>Row sums as an n × 1 column: ∂C/∂B = dZ·1.</summary>
    public static Matrix<T> RowSums<T>(Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        dz.RowSums().ToColumnMatrix();

    /// <summary>The columns of X at the given indices, in that order (a mini-batch view, copied).</summary>
    public static Matrix<T> Columns<T>(Matrix<T> x, IReadOnlyList<int> indices) where T : struct, IFloatingPointIeee754<T>
    {
        var rows = x.RowCount;
        var source = x.AsColumnMajorArray() ?? x.ToColumnMajorArray();
        var target = new T[rows * indices.Count];
        for (var k = 0; k < indices.Count; k++)
            System.Array.Copy(source, (long)indices[k] * rows, target, (long)k * rows, rows);
        return Matrix<T>.Build.Dense(rows, indices.Count, target);
    }

    /// <summary>Equal shapes and equal bits in every entry (so NaN equals the same NaN and −0 differs from +0).</summary>
    public static bool BitwiseEqual<T>(Matrix<T> first, Matrix<T> second) where T : struct, IFloatingPointIeee754<T>
    {
        if (first.RowCount != second.RowCount || first.ColumnCount != second.ColumnCount) return false;
        var a = first.AsColumnMajorArray() ?? first.ToColumnMajorArray();
        var b = second.AsColumnMajorArray() ?? second.ToColumnMajorArray();
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan())
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()));
    }

    /// <summary>The first entry that is NaN or ±∞, in column-major order, if any.</summary>
    public static Option<T> FirstNonFinite<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var value in m.AsColumnMajorArray() ?? m.ToColumnMajorArray())
            if (!T.IsFinite(value)) return value;
        return None;
    }
}
