namespace FunctionalNet.Numerics;

/// <summary>
/// A matrix kept as the nonzero entries of each column (compressed sparse columns): column j holds the entries
/// <c>Values[k]</c> at rows <c>RowIndices[k]</c> for k from <c>Starts[j]</c> to <c>Starts[j + 1]</c> − 1, rows increasing.
/// MNIST's X is 81% zeros (background pixels), and the first layer's two products with X, W·X and dZ·Xᵀ, are
/// most of an epoch's work for a narrow network: on the nonzero entries alone they do a fifth of it
/// (<see cref="SparseProducts"/>). A value never changes after it is made; column ranges share its arrays.
/// </summary>
public sealed class SparseColumns<T> where T : struct, IFloatingPointIeee754<T>
{
    private readonly int[] starts;
    private readonly int first;

    internal SparseColumns(int rows, int columns, int[] starts, int first, int[] rowIndices, T[] values)
    {
        (Rows, Columns, this.starts, this.first, RowIndices, Values) = (rows, columns, starts, first, rowIndices, values);
    }

    /// <summary>The number of rows (inputs per example).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (examples).</summary>
    public int Columns { get; }

    /// <summary>The number of stored (nonzero) entries.</summary>
    public long NonZeros => starts[first + Columns] - starts[first];

    /// <summary>The fraction of entries that are stored: nonzeros / (rows · columns).</summary>
    public double Density => Rows == 0 || Columns == 0 ? 0 : (double)NonZeros / ((double)Rows * Columns);

    /// <summary>Where each column's entries begin in <see cref="RowIndices"/> and <see cref="Values"/>, and (last) where the last one ends.</summary>
    internal ReadOnlySpan<int> Starts => starts.AsSpan(first, Columns + 1);

    /// <summary>The row of each stored entry (shared with column ranges: never written).</summary>
    internal int[] RowIndices { get; }

    /// <summary>The value of each stored entry (shared with column ranges: never written).</summary>
    internal T[] Values { get; }

    /// <summary>Columns <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1, sharing this value's arrays (no copy).</summary>
    public SparseColumns<T> ColumnRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Columns)
            throw new ArgumentOutOfRangeException(nameof(count), $"columns {start} … {start + count - 1} are not all in 0 … {Columns - 1}");
        return new SparseColumns<T>(Rows, count, starts, first + start, RowIndices, Values);
    }

    /// <summary>The columns at the given indices, in that order (a mini-batch, copied).</summary>
    public SparseColumns<T> SelectColumns(IReadOnlyList<int> indices)
    {
        var from = Starts;
        var newStarts = new int[indices.Count + 1];
        for (var k = 0; k < indices.Count; k++) newStarts[k + 1] = newStarts[k] + from[indices[k] + 1] - from[indices[k]];
        var (rows, values) = (Workspace.Rent<int>(newStarts[^1]), Workspace.Rent<T>(newStarts[^1]));
        for (var k = 0; k < indices.Count; k++)
        {
            var (source, length) = (from[indices[k]], from[indices[k] + 1] - from[indices[k]]);
            System.Array.Copy(RowIndices, source, rows, newStarts[k], length);
            System.Array.Copy(Values, source, values, newStarts[k], length);
        }
        return new SparseColumns<T>(Rows, indices.Count, newStarts, 0, rows, values);
    }

    /// <summary>The same matrix with every entry stored (zeros written out).</summary>
    public Matrix<T> ToDense()
    {
        var entries = new T[Rows * Columns];
        var s = Starts;
        for (var j = 0; j < Columns; j++)
            for (var k = s[j]; k < s[j + 1]; k++) entries[(long)j * Rows + RowIndices[k]] = Values[k];
        return Matrix<T>.Build.Dense(Rows, Columns, entries);
    }
}

/// <summary>Making <see cref="SparseColumns{T}"/> from dense matrices.</summary>
public static class SparseColumns
{
    /// <summary>
    /// The densest X whose first-layer products are taken on its nonzero entries. The sparse products do work in
    /// proportion to the density, but each of their operations costs more than one of BLAS's dense products, so they
    /// pay only below a break-even density; this bound stays just below the one measured on MNIST
    /// (docs/performance.md, "Sparse input up to a density of 0.3").
    /// </summary>
    public const double MaximumDensity = 0.3;

    /// <summary>The nonzero entries of X, column by column. −0 counts as zero; NaN is kept.</summary>
    public static SparseColumns<T> Of<T>(Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var entries = Linear.Entries(x);
        var (rows, columns) = (x.RowCount, x.ColumnCount);
        var starts = new int[columns + 1];
        var count = 0;
        foreach (var value in entries) if (value != T.Zero) count++;
        var (rowIndices, values) = (new int[count], new T[count]);
        var next = 0;
        for (var j = 0; j < columns; j++)
        {
            var column = entries.AsSpan(j * rows, rows);
            for (var i = 0; i < rows; i++)
                if (column[i] != T.Zero) (rowIndices[next], values[next++]) = (i, column[i]);
            starts[j + 1] = next;
        }
        return new SparseColumns<T>(rows, columns, starts, 0, rowIndices, values);
    }

    /// <summary>The fraction of X's entries that are not zero.</summary>
    public static double Density<T>(Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var entries = Linear.Entries(x);
        if (entries.Length == 0) return 0;
        long count = 0;
        foreach (var value in entries) if (value != T.Zero) count++;
        return (double)count / entries.Length;
    }

    /// <summary>X's nonzero entries when at most <see cref="MaximumDensity"/> of them are nonzero, else None.</summary>
    public static Option<SparseColumns<T>> IfSparse<T>(Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        x.ColumnCount > 0 && Density(x) <= MaximumDensity ? Some(Of(x)) : None;
}
