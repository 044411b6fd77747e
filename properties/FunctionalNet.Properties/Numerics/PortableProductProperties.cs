using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// The portable backend's products equal, bit for bit, the plain triple loop that defines them: c_ij starts at 0, takes
/// one fused multiply-add per k in increasing order, then the bias. That holds on every vector width the machine has
/// (each width forced in turn), and for the sparse first-layer products, whose skipped zeros change no finite sum.
/// .ci/run also runs these with DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0 (names containing "Portable").
/// </summary>
public class PortableProductProperties
{
    private static readonly Executor Portable = Executor.Choose("portable", blasThreads: 1, processors: 2);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableProductEqualsTheFusedTripleLoopInDouble(ProductCase c) => EqualsTheLoop<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableProductEqualsTheFusedTripleLoopInFloat(ProductCase c) => EqualsTheLoop<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableAffineAddsTheBiasToEachFinishedSum(ProductCase c)
    {
        var (a, b) = c.Operands<float>();
        var (w, x) = (c.TransposeA ? a.Transpose() : a, c.TransposeB ? b.Transpose() : b);
        var bias = Matrix<float>.Build.Dense(c.M, 1, (i, _) => i - 0.5f);
        using var use = Portable.Use();
        return Linear.BitwiseEqual(Linear.Affine(w, x, Some(bias)), Loop(w, false, x, false, Some(bias)));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableSparseAffineEqualsTheDenseLoopInDouble(SparseCase c) => SparseAffineEqualsTheLoop<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableSparseAffineEqualsTheDenseLoopInFloat(SparseCase c) => SparseAffineEqualsTheLoop<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableSparseWeightGradientEqualsTheDenseLoopInDouble(SparseCase c) => SparseGradientEqualsTheLoop<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool PortableSparseWeightGradientEqualsTheDenseLoopInFloat(SparseCase c) => SparseGradientEqualsTheLoop<float>(c);

    // Through Linear (the executor's door) and on each width forced, widest to none.
    private static bool EqualsTheLoop<T>(ProductCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (a, b) = c.Operands<T>();
        var expected = Loop(a, c.TransposeA, b, c.TransposeB, None);
        using var use = Portable.Use();
        return Linear.BitwiseEqual(Linear.Product(a, c.TransposeA, b, c.TransposeB), expected)
            && PortableProducts.Widths.All(bits => Linear.BitwiseEqual(PortableProducts.Product(a, c.TransposeA, b, c.TransposeB, None, bits), expected));
    }

    private static bool SparseAffineEqualsTheLoop<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (w, x, b) = (c.W<T>(), c.X<T>(), c.B<T>());
        using var use = Portable.Use();
        return Linear.BitwiseEqual(SparseProducts.Affine(w, SparseColumns.Of(x), b), Loop(w, false, x, false, b));
    }

    private static bool SparseGradientEqualsTheLoop<T>(SparseCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (dz, x) = (c.Dz<T>(), c.X<T>());
        using var use = Portable.Use();
        return Linear.BitwiseEqual(SparseProducts.TimesTransposed(dz, SparseColumns.Of(x)), Loop(dz, false, x, true, None));
    }

    /// <summary>The definition: c_ij = fma(a_iK, b_Kj, … fma(a_i1, b_1j, 0)) (+ bias_i), one entry at a time.</summary>
    internal static Matrix<T> Loop<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB, Option<Matrix<T>> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (left, right) = (transposeA ? a.Transpose() : a, transposeB ? b.Transpose() : b);
        var c = new T[left.RowCount * right.ColumnCount];
        for (var j = 0; j < right.ColumnCount; j++)
            for (var i = 0; i < left.RowCount; i++)
            {
                var sum = T.Zero;
                for (var k = 0; k < left.ColumnCount; k++) sum = T.FusedMultiplyAdd(left[i, k], right[k, j], sum);
                c[j * left.RowCount + i] = bias.Match(column => sum + column[i, 0], () => sum);
            }
        return Matrix<T>.Build.Dense(left.RowCount, right.ColumnCount, c);
    }
}
