using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// X kept as its nonzero entries is still X: written out it is X again (−0 written as +0), its column ranges and
/// selections are X's columns, and its two first-layer products equal the dense W·X + b·1ᵀ and dZ·Xᵀ up to the
/// rounding of a sum. The kernels' vector and scalar paths give the same bits, so an output's value never depends
/// on whether it falls in a SIMD tile or in the tail, nor on whether X is a view or a copy.
/// </summary>
public class SparseProperties
{
    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool WrittenOutDenselyTheNonzeroEntriesAreTheMatrixAgain(SparseCase c) => RoundTrip<double>(c) && RoundTrip<float>(c);

    // NaN, ±∞ and subnormals are nonzero and kept as they are; −0 is zero, so it is not stored and comes back as +0.
    private static bool RoundTrip<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var x = c.X<T>(awkward: true);
        var sparse = SparseColumns.Of(x);
        var nonzeros = x.Enumerate().Count(v => v != T.Zero);
        var entries = c.Inputs * c.Examples;
        return Linear.BitwiseEqual(sparse.ToDense(), PlusZeros(x))
            && (sparse.Rows, sparse.Columns, sparse.NonZeros) == (c.Inputs, c.Examples, nonzeros)
            && sparse.Density == (entries == 0 ? 0 : (double)nonzeros / entries) && SparseColumns.Density(x) == sparse.Density;
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool IfSparseKeepsExactlyTheMatricesAtMostThreeTenthsNonzero(SparseCase c) => KeptWhenSparse<double>(c) && KeptWhenSparse<float>(c);

    private static bool KeptWhenSparse<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var x = c.X<T>();
        // nonzeros / entries ≤ 3/10 in integers; a matrix with no columns has no batch to take sparsely.
        var sparse = c.Examples > 0 && 10L * x.Enumerate().Count(v => v != T.Zero) <= 3L * c.Inputs * c.Examples;
        return SparseColumns.IfSparse(x).Match(kept => sparse && Linear.BitwiseEqual(kept.ToDense(), PlusZeros(x)), () => !sparse);
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool ColumnRangesAndSelectionsAreTheDenseColumns(SparseCase c, NonNegativeInt start, NonNegativeInt count, int[] picks) =>
        Selections<double>(c, start.Get, count.Get, picks) && Selections<float>(c, start.Get, count.Get, picks);

    private static bool Selections<T>(SparseCase c, int start, int count, int[] picks) where T : struct, IFloatingPointIeee754<T>
    {
        var x = PlusZeros(c.X<T>(awkward: true));
        var sparse = SparseColumns.Of(x);
        var outer = Range(c.Examples, start, count);
        var range = sparse.ColumnRange(outer.Start, outer.Count);
        // A range of a range, and a selection from a range: views of views index the shared arrays from their own first column.
        var inner = Range(outer.Count, count, start);
        var within = Indices(outer.Count, picks);
        var indices = Indices(c.Examples, picks);
        return Same(range, Columns(x, Enumerable.Range(outer.Start, outer.Count)))
            && range.NonZeros == Columns(x, Enumerable.Range(outer.Start, outer.Count)).Enumerate().Count(v => v != T.Zero)
            && Same(range.ColumnRange(inner.Start, inner.Count), Columns(x, Enumerable.Range(outer.Start + inner.Start, inner.Count)))
            && Same(range.SelectColumns(within), Columns(x, within.Select(k => outer.Start + k)))
            && Same(sparse.SelectColumns(indices), Columns(x, indices));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool AffineEqualsTheDenseProductPlusBiasInDouble(SparseCase c) => AffineAgrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool AffineEqualsTheDenseProductPlusBiasInFloat(SparseCase c) => AffineAgrees<float>(c);

    // Entry (i, j) sums the products of column j's n ≤ k nonzero entries, four partial sums added pairwise, then b_i:
    // each term is rounded at most k + 1 times, so the sum is within γ_{k+1}·(Σ|w_ik·x_kj| + |b_i|) of the exact one
    // whatever the order and with fused multiply-adds (Higham, Accuracy and Stability, §3.1). The oracle sums all k
    // terms in double, within γ_{k+1}(2⁻⁵³) ≤ γ_{k+1}(u) of the same: 2γ_{k+1}, ProductProperties' bound.
    private static bool AffineAgrees<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (w, x, b) = (c.W<T>(), c.X<T>(), c.B<T>());
        var z = SparseProducts.Affine(w, SparseColumns.Of(x), b);
        var bound = ProductProperties.Bound(w, false, x, false, c.Inputs + 1, KernelProperties.Roundoff<T>(), b.Map(ToDouble).MatchUnsafe(v => v, () => null));
        return ProductProperties.Within(ToDouble(z), Oracle(w, x, b), bound);
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool TimesTransposedEqualsTheDenseProductInDouble(SparseCase c) => TimesTransposedAgrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool TimesTransposedEqualsTheDenseProductInFloat(SparseCase c) => TimesTransposedAgrees<float>(c);

    // Entry (i, k) of dZ·Xᵀ is a sum over the m examples, each term rounded at most m times: 2γ_m as above.
    private static bool TimesTransposedAgrees<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (dz, x) = (c.Dz<T>(), c.X<T>());
        var dw = SparseProducts.TimesTransposed(dz, SparseColumns.Of(x));
        var bound = ProductProperties.Bound(dz, false, x, true, c.Examples, KernelProperties.Roundoff<T>(), null);
        return ProductProperties.Within(ToDouble(dw), Oracle(dz, x.Transpose(), None), bound);
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool EveryOutputIsTheSameBitsAsItsRowComputedAlone(SparseCase c) => RowsAlone<double>(c) && RowsAlone<float>(c);

    // A one-row W or dZ is narrower than any tile, so it takes the scalar path; in a wider one the same row is a lane
    // of a vector (or the tail). Both must add the same products in the same order: ((s0 + s1) + (s2 + s3)) + b.
    private static bool RowsAlone<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (w, x, b, dz) = (c.W<T>(), SparseColumns.Of(c.X<T>()), c.B<T>(), c.Dz<T>());
        var (z, dw) = (SparseProducts.Affine(w, x, b), SparseProducts.TimesTransposed(dz, x));
        return Enumerable.Range(0, c.Outputs).All(r =>
            Linear.BitwiseEqual(Row(z, r), SparseProducts.Affine(Row(w, r), x, b.Map(column => Row(column, r))))
            && Linear.BitwiseEqual(Row(dw, r), SparseProducts.TimesTransposed(Row(dz, r), x)));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool ProductsWithViewsOfColumnsAreTheSameBitsAsWithCopies(SparseCase c, NonNegativeInt start, NonNegativeInt count, int[] picks) =>
        Views<double>(c, start.Get, count.Get, picks) && Views<float>(c, start.Get, count.Get, picks);

    // Column j of W·X + b·1ᵀ depends on column j of X alone; dZ·Xᵀ adds the columns in their order, which a view and
    // a fresh copy of the same columns share.
    private static bool Views<T>(SparseCase c, int start, int count, int[] picks) where T : struct, IFloatingPointIeee754<T>
    {
        var (w, x, b, dz) = (c.W<T>(), c.X<T>(), c.B<T>(), c.Dz<T>());
        var sparse = SparseColumns.Of(x);
        var z = SparseProducts.Affine(w, sparse, b);
        var (range, indices) = (Range(c.Examples, start, count), Indices(c.Examples, picks));
        var columns = Enumerable.Range(range.Start, range.Count).ToArray();
        return Linear.BitwiseEqual(SparseProducts.Affine(w, sparse.ColumnRange(range.Start, range.Count), b), Columns(z, columns))
            && Linear.BitwiseEqual(SparseProducts.Affine(w, sparse.SelectColumns(indices), b), Columns(z, indices))
            && Linear.BitwiseEqual(SparseProducts.TimesTransposed(Columns(dz, columns), sparse.ColumnRange(range.Start, range.Count)),
                SparseProducts.TimesTransposed(Columns(dz, columns), SparseColumns.Of(Columns(x, columns))))
            && Linear.BitwiseEqual(SparseProducts.TimesTransposed(Columns(dz, indices), sparse.SelectColumns(indices)),
                SparseProducts.TimesTransposed(Columns(dz, indices), SparseColumns.Of(Columns(x, indices))));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool TheSparseProductsNeverChangeTheirInputsNorAnEarlierResult(SparseCase c, NonNegativeInt start, NonNegativeInt count, int[] picks) =>
        Pure<double>(c, start.Get, count.Get, picks) && Pure<float>(c, start.Get, count.Get, picks);

    // The kernels copy W into a per-thread scratch array and sum ∂C/∂W in another: products of other shapes on the
    // same thread reuse both, and must leave every input and every earlier result as it was.
    private static bool Pure<T>(SparseCase c, int start, int count, int[] picks) where T : struct, IFloatingPointIeee754<T>
    {
        var (w, x, b, dz) = (c.W<T>(), c.X<T>(), c.B<T>(), c.Dz<T>());
        var sparse = SparseColumns.Of(x);
        Matrix<T>[] inputs = [w, x, dz, .. b];
        var before = (inputs.Select(m => m.Clone()).ToArray(), sparse.Starts.ToArray(), sparse.RowIndices.ToArray(), sparse.Values.ToArray());
        var results = new[] { SparseProducts.Affine(w, sparse, b), SparseProducts.TimesTransposed(dz, sparse) };
        var copies = results.Select(m => m.Clone()).ToArray();
        var range = Range(c.Examples, start, count);
        _ = sparse.ColumnRange(range.Start, range.Count).SelectColumns(Indices(range.Count, picks)).ToDense();
        var other = c with { Outputs = c.Outputs + 3, Inputs = c.Inputs + 5, Seed = c.Seed + 1 };
        var otherX = SparseColumns.Of(other.X<T>());
        _ = SparseProducts.Affine(other.W<T>(), otherX, other.B<T>());
        _ = SparseProducts.TimesTransposed(other.Dz<T>(), otherX);
        return inputs.Zip(before.Item1).All(p => Linear.BitwiseEqual(p.Item1, p.Item2))
            && sparse.Starts.SequenceEqual(before.Item2) && sparse.RowIndices.SequenceEqual(before.Item3)
            && Linear.BitwiseEqual(Matrix<T>.Build.Dense(before.Item4.Length, 1, sparse.Values), Matrix<T>.Build.Dense(before.Item4.Length, 1, before.Item4))
            && results.Zip(copies).All(p => Linear.BitwiseEqual(p.Item1, p.Item2));
    }

    /// <summary>A·B + b·1ᵀ summed in double, term by term in index order: an oracle outside the library.</summary>
    private static Matrix<double> Oracle<T>(Matrix<T> a, Matrix<T> b, Option<Matrix<T>> bias) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<double>.Build.Dense(a.RowCount, b.ColumnCount, (i, j) => Enumerable.Range(0, a.ColumnCount)
            .Aggregate(bias.Match(column => double.CreateChecked(column[i, 0]), () => 0.0), (sum, k) => sum + double.CreateChecked(a[i, k]) * double.CreateChecked(b[k, j])));

    /// <summary>X with each −0 written as +0, as <see cref="SparseColumns{T}.ToDense"/> writes it.</summary>
    private static Matrix<T> PlusZeros<T>(Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => x[i, j] == T.Zero ? T.Zero : x[i, j]);

    // A range start … start + count − 1 within n columns, from two arbitrary non-negative numbers.
    private static (int Start, int Count) Range(int n, int start, int count) => (start % (n + 1), count % (n - start % (n + 1) + 1));

    // Column indices within n (repeats and any order allowed), none when there are no columns.
    private static int[] Indices(int n, int[] picks) => n == 0 ? [] : picks.Select(p => (int)((uint)p % (uint)n)).ToArray();

    private static bool Same<T>(SparseColumns<T> sparse, Matrix<T> dense) where T : struct, IFloatingPointIeee754<T> =>
        Linear.BitwiseEqual(sparse.ToDense(), dense);

    private static Matrix<T> Columns<T>(Matrix<T> m, IEnumerable<int> indices) where T : struct, IFloatingPointIeee754<T>
    {
        var chosen = indices.ToArray();
        return Matrix<T>.Build.Dense(m.RowCount, chosen.Length, (i, k) => m[i, chosen[k]]);
    }

    private static Matrix<T> Row<T>(Matrix<T> m, int r) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(1, m.ColumnCount, (_, j) => m[r, j]);

    private static Matrix<double> ToDouble<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => double.CreateChecked(m[i, j]));
}
