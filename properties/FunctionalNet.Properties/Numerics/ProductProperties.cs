using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>OpenBLAS's products equal MathNet's managed products within the rounding error of a dot product.</summary>
public class ProductProperties
{
    // The library itself, not the active backend: the property must hold (and run) even when managed is forced.
    private static OpenBlas Blas =>
        OpenBlas.Load(OpenBlas.LibraryNames).IfNone(() => throw new InvalidOperationException(
            "libopenblas.so.0 could not be loaded: install libopenblas0-pthread to test the OpenBLAS backend"));

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BlasProductEqualsManagedProductInDouble(ProductCase c) => Agree<double>(c, Math.ScaleB(1, -53));

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BlasProductEqualsManagedProductInFloat(ProductCase c) => Agree<float>(c, Math.ScaleB(1, -24));

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BlasAffineEqualsManagedProductPlusBias(ProductCase c)
    {
        var (a, b) = c.Operands<double>();
        var (w, x) = (c.TransposeA ? a.Transpose() : a, c.TransposeB ? b.Transpose() : b);
        var bias = Matrix<double>.Build.Dense(c.M, 1, (i, _) => i - 0.5);
        var blas = Linear.BlasProduct(Blas, w, false, x, false, Some(bias));
        var managed = Linear.ManagedProduct(w, false, x, false) + bias * Matrix<double>.Build.Dense(1, c.N, 1.0);
        var bound = Bound(w, false, x, false, c.K + 1, Math.ScaleB(1, -53), bias);
        return Within(blas, managed, bound);
    }

    /// <summary>
    /// A computed dot product of length k is within γ_k·Σ|a_i||b_i| of the exact one, γ_k = k·u/(1 − k·u), whatever
    /// the order of summation or the use of fused multiply-adds (Higham, Accuracy and Stability, §3.1); two
    /// computations of the same product are therefore within twice that of each other.
    /// </summary>
    private static bool Agree<T>(ProductCase c, double unitRoundoff) where T : struct, IFloatingPointIeee754<T>
    {
        var (a, b) = c.Operands<T>();
        var blas = Linear.BlasProduct(Blas, a, c.TransposeA, b, c.TransposeB, None);
        var managed = Linear.ManagedProduct(a, c.TransposeA, b, c.TransposeB);
        return blas.RowCount == c.M && blas.ColumnCount == c.N && Within(blas, managed, Bound(a, c.TransposeA, b, c.TransposeB, c.K, unitRoundoff, null));
    }

    internal static Matrix<double> Bound<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB, int k, double unitRoundoff, Matrix<double>? bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        var absA = a.Map(v => Math.Abs(double.CreateChecked(v)));
        var absB = b.Map(v => Math.Abs(double.CreateChecked(v)));
        var magnitude = (transposeA ? absA.Transpose() : absA) * (transposeB ? absB.Transpose() : absB);
        if (bias is not null) magnitude += bias.PointwiseAbs() * Matrix<double>.Build.Dense(1, magnitude.ColumnCount, 1.0);
        var gamma = k * unitRoundoff / (1 - k * unitRoundoff);
        return magnitude * (2 * gamma);
    }

    internal static bool Within<T>(Matrix<T> first, Matrix<T> second, Matrix<double> bound) where T : struct, IFloatingPointIeee754<T> =>
        first.RowCount == second.RowCount && first.ColumnCount == second.ColumnCount &&
        Enumerable.Range(0, first.RowCount).All(i => Enumerable.Range(0, first.ColumnCount).All(j =>
            Math.Abs(double.CreateChecked(first[i, j]) - double.CreateChecked(second[i, j])) <= bound[i, j]));
}
