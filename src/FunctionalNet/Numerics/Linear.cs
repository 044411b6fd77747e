namespace FunctionalNet.Numerics;

/// <summary>
/// The matrix products and small matrix helpers the core needs. Speed work for them lives here, behind one
/// door, so that the rest of the core reads as the lecture's equations: products go to OpenBLAS when it is
/// the current executor's backend (<see cref="Executor.Current"/>), to <see cref="PortableProducts"/> for the portable
/// backend, otherwise to MathNet's managed code; every result is a new matrix.
/// </summary>
public static class Linear
{
    /// <summary>A·B.</summary>
    public static Matrix<T> Times<T>(Matrix<T> a, Matrix<T> b) where T : struct, IFloatingPointIeee754<T> =>
        Product(a, false, b, false);

    /// <summary>A·Bᵀ, without forming Bᵀ.</summary>
    public static Matrix<T> TimesTransposed<T>(Matrix<T> a, Matrix<T> b) where T : struct, IFloatingPointIeee754<T> =>
        Product(a, false, b, true);

    /// <summary>Aᵀ·B, without forming Aᵀ.</summary>
    public static Matrix<T> TransposedTimes<T>(Matrix<T> a, Matrix<T> b) where T : struct, IFloatingPointIeee754<T> =>
        Product(a, true, b, false);

    /// <summary>op(A)·op(B), where op transposes its operand when the flag says so.</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ (a bug in the caller, not bad input).</exception>
    public static Matrix<T> Product<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB)
        where T : struct, IFloatingPointIeee754<T> =>
        Executor.Current.Portable ? PortableProducts.Product(a, transposeA, b, transposeB, None) : Executor.Current.Blas.Match(
            blas => BlasProduct(blas, a, transposeA, b, transposeB, None),
            () => ManagedProduct(a, transposeA, b, transposeB));

    /// <summary>
    /// Z = W·A + B·1ᵀ: the dense layer's pre-activation, B added to every column (Z = W·A when there is no bias).
    /// With OpenBLAS the bias is written first and the product added onto it, so no extra pass is made; the portable
    /// product adds it to each finished sum.
    /// </summary>
    public static Matrix<T> Affine<T>(Matrix<T> weights, Matrix<T> input, Option<Matrix<T>> bias)
        where T : struct, IFloatingPointIeee754<T> =>
        Executor.Current.Portable ? PortableProducts.Product(weights, false, input, false, bias) : Executor.Current.Blas.Match(
            blas => BlasProduct(blas, weights, false, input, false, bias),
            () => bias.Match(b => Elementwise.AddColumnInPlace(ManagedProduct(weights, false, input, false), b),
                () => ManagedProduct(weights, false, input, false)));

    /// <summary>Z + B·1ᵀ: adds the column B to every column of Z (or returns Z when there is no bias).</summary>
    public static Matrix<T> AddColumn<T>(Matrix<T> z, Option<Matrix<T>> bias) where T : struct, IFloatingPointIeee754<T> =>
        bias.Match(b => Elementwise.AddColumnInPlace(Copy(z), b), () => z);

    /// <summary>Row sums as an n × 1 column: ∂C/∂B = dZ·1.</summary>
    public static Matrix<T> RowSums<T>(Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        Elementwise.RowSums(dz);

    /// <summary>The columns of X at the given indices, in that order (a mini-batch view, copied).</summary>
    public static Matrix<T> Columns<T>(Matrix<T> x, IReadOnlyList<int> indices) where T : struct, IFloatingPointIeee754<T>
    {
        var rows = x.RowCount;
        var source = Entries(x);
        var (result, target) = Uninitialized<T>(rows, indices.Count);
        for (var k = 0; k < indices.Count; k++)
            System.Array.Copy(source, (long)indices[k] * rows, target, (long)k * rows, rows);
        return result;
    }

    /// <summary>Columns start … start + count − 1 of X, copied in one piece (they are contiguous in column-major order).</summary>
    internal static Matrix<T> ColumnRange<T>(Matrix<T> x, int start, int count) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, target) = Uninitialized<T>(x.RowCount, count);
        System.Array.Copy(Entries(x), (long)start * x.RowCount, target, 0, (long)count * x.RowCount);
        return result;
    }

    /// <summary>Equal shapes and equal bits in every entry (so NaN equals the same NaN and −0 differs from +0).</summary>
    public static bool BitwiseEqual<T>(Matrix<T> first, Matrix<T> second) where T : struct, IFloatingPointIeee754<T>
    {
        if (first.RowCount != second.RowCount || first.ColumnCount != second.ColumnCount) return false;
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(Entries(first).AsSpan())
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Entries(second).AsSpan()));
    }

    /// <summary>The entries column by column: the matrix's own array when it has one (read it, never write it).</summary>
    internal static T[] Entries<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> =>
        m.AsColumnMajorArray() ?? m.ToColumnMajorArray();

    /// <summary>
    /// A rows × columns matrix whose entries the caller must all write, and its array: from the step's
    /// <see cref="Workspace"/> inside a training step, new otherwise.
    /// </summary>
    internal static (Matrix<T> Matrix, T[] Entries) Uninitialized<T>(int rows, int columns) where T : struct, IFloatingPointIeee754<T>
    {
        var entries = Workspace.Rent<T>(rows * columns);
        return (Matrix<T>.Build.Dense(rows, columns, entries), entries);
    }

    /// <summary>As <see cref="Uninitialized{T}"/>, but never from the pool: for matrices that leave the training step.</summary>
    internal static (Matrix<T> Matrix, T[] Entries) Fresh<T>(int rows, int columns) where T : struct, IFloatingPointIeee754<T>
    {
        var entries = Workspace.Fresh<T>(rows * columns);
        return (Matrix<T>.Build.Dense(rows, columns, entries), entries);
    }

    private static Matrix<T> Copy<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T>
    {
        var (copy, entries) = Uninitialized<T>(m.RowCount, m.ColumnCount);
        Entries(m).CopyTo(entries, 0);
        return copy;
    }

    private static (int M, int N, int K) Shape<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (m, k) = transposeA ? (a.ColumnCount, a.RowCount) : (a.RowCount, a.ColumnCount);
        var (kb, n) = transposeB ? (b.ColumnCount, b.RowCount) : (b.RowCount, b.ColumnCount);
        return k == kb ? (m, n, k)
            : throw new ArgumentException($"cannot multiply {m}×{k} by {kb}×{n}: the inner dimensions differ");
    }

    /// <summary>op(A)·op(B) (+ B·1ᵀ) by OpenBLAS: flags select the transposes, the leading dimensions are the stored row counts.</summary>
    internal static Matrix<T> BlasProduct<T>(OpenBlas blas, Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB, Option<Matrix<T>> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (m, n, k) = Shape(a, transposeA, b, transposeB);
        var (result, c) = Uninitialized<T>(m, n);
        // C starts as B·1ᵀ and gemm adds onto it (beta = 1), or gemm overwrites it (beta = 0).
        var beta = bias.Match(column => { Elementwise.FillColumns(c, m, Entries(column)); return T.One; }, () => T.Zero);
        if (m == 0 || n == 0) return result;
        if (k == 0)
        {
            if (beta == T.Zero) c.AsSpan().Clear();
            return result;
        }
        blas.Gemm(transposeA, transposeB, m, n, k, Entries(a), Math.Max(1, a.RowCount), Entries(b), Math.Max(1, b.RowCount), beta, c, Math.Max(1, m));
        return result;
    }

    /// <summary>op(A)·op(B) by MathNet's managed code: the reference the BLAS path is tested against.</summary>
    internal static Matrix<T> ManagedProduct<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB)
        where T : struct, IFloatingPointIeee754<T>
    {
        _ = Shape(a, transposeA, b, transposeB);
        return (transposeA, transposeB) switch
        {
            (false, false) => a * b,
            (false, true) => a.TransposeAndMultiply(b),
            (true, false) => a.TransposeThisAndMultiply(b),
            (true, true) => a.Transpose().TransposeAndMultiply(b),
        };
    }

    /// <summary>The first entry that is NaN or ±∞, in column-major order, if any.</summary>
    public static Option<T> FirstNonFinite<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var value in m.AsColumnMajorArray() ?? m.ToColumnMajorArray())
            if (!T.IsFinite(value)) return value;
        return None;
    }
}
