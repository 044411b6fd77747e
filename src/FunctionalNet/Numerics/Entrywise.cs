namespace FunctionalNet.Numerics;

/// <summary>
/// Entry-wise maps over dense matrices, straight over their column-major storage: one pass and one new matrix per
/// call, where composing MathNet operators would sweep (and allocate) once per operator. The optimizers use it for
/// their per-entry formulas, so a 1.3-million-parameter update costs a few passes, not a dozen; a large map runs in
/// two lanes (<see cref="Lanes.Share"/>), so f must be a pure function of its two arguments.
/// </summary>
public static class Entrywise
{
    /// <summary>The matrix of f(a_ij).</summary>
    public static Matrix<T> Map<T>(Matrix<T> a, Func<T, T> f) where T : struct, IFloatingPointIeee754<T> => Map3(a, a, a, (x, _, _) => f(x));

    /// <summary>The matrix of f(a_ij, b_ij); a and b have the same shape.</summary>
    public static Matrix<T> Map2<T>(Matrix<T> a, Matrix<T> b, Func<T, T, T> f) where T : struct, IFloatingPointIeee754<T>
    {
        var (x, y) = (Storage(a), Storage(b));
        return Build(a, b, b, (result, start, count) =>
        {
            for (var k = start; k < start + count; k++) result[k] = f(x[k], y[k]);
        });
    }

    /// <summary>The matrix of f(a_ij, b_ij, c_ij); a, b and c have the same shape.</summary>
    public static Matrix<T> Map3<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, Func<T, T, T, T> f) where T : struct, IFloatingPointIeee754<T>
    {
        var (x, y, z) = (Storage(a), Storage(b), Storage(c));
        return Build(a, b, c, (result, start, count) =>
        {
            for (var k = start; k < start + count; k++) result[k] = f(x[k], y[k], z[k]);
        });
    }

    // A new matrix shaped as a (b and c must match it), its entries written by `fill`(result, start, count) on each part.
    private static Matrix<T> Build<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, Action<T[], int, int> fill) where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var other in (Matrix<T>[])[b, c])
            if (a.RowCount != other.RowCount || a.ColumnCount != other.ColumnCount)
                throw new ArgumentException($"shapes differ: {a.RowCount}×{a.ColumnCount} and {other.RowCount}×{other.ColumnCount}");
        var result = new T[a.RowCount * a.ColumnCount];
        // A large map is shared by the two lanes, half the entries each: every entry is still f of its own arguments.
        Lanes.Share(result.Length, (start, count) => fill(result, start, count));
        return Matrix<T>.Build.Dense(a.RowCount, a.ColumnCount, result);
    }

    private static T[] Storage<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> => m.AsColumnMajorArray() ?? m.ToColumnMajorArray();
}
