namespace FunctionalNet.Numerics;

/// <summary>
/// Entry-wise maps over dense matrices, straight over their column-major storage: one pass and one new matrix per
/// call, where composing MathNet operators would sweep (and allocate) once per operator. The optimizers use it for
/// their per-entry formulas, so a 1.3-million-parameter update costs a few passes, not a dozen; a large map runs in
/// two lanes (<see cref="Lanes.Share"/>), so f must be a pure function of its two arguments.
/// </summary>
public static class Entrywise
{
    /// <summary>The matrix of f(a_ij, b_ij); a and b have the same shape.</summary>
    public static Matrix<T> Map2<T>(Matrix<T> a, Matrix<T> b, Func<T, T, T> f) where T : struct, IFloatingPointIeee754<T>
    {
        if (a.RowCount != b.RowCount || a.ColumnCount != b.ColumnCount)
            throw new ArgumentException($"shapes differ: {a.RowCount}×{a.ColumnCount} and {b.RowCount}×{b.ColumnCount}");
        var (x, y) = (Storage(a), Storage(b));
        var result = new T[x.Length];
        // A large map is shared by the two lanes, half the entries each: every entry is still f of its own pair.
        Lanes.Share(result.Length, (start, count) =>
        {
            for (var k = start; k < start + count; k++) result[k] = f(x[k], y[k]);
        });
        return Matrix<T>.Build.Dense(a.RowCount, a.ColumnCount, result);
    }

    private static T[] Storage<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> => m.AsColumnMajorArray() ?? m.ToColumnMajorArray();
}
