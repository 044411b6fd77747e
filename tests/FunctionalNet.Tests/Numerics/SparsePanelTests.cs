using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// A wide first layer is taken in panels of W's rows that fit in the L2 cache (with 784 inputs: 80 floats or 40
/// doubles of outputs per panel). Panels split no sum, so every entry has the bits of the kernels' summation order,
/// computed here entry by entry in scalar code: z_oj = ((s0 + s1) + (s2 + s3)) + b_o, where the i-th nonzero of
/// column j (in row order) is added into s_{i mod 4} by a fused multiply-add; and ∂C/∂W_ok is the fused
/// multiply-adds of x_kj·dZ_oj over the columns j in order, from 0.
/// </summary>
public class SparsePanelTests
{
    // 203 outputs: float panels of 80, 80 and 43 (two whole tiles and 11 single outputs); double panels of 40 × 5 and 3.
    private const int Outputs = 203, Inputs = 784, Columns = 9;

    [Fact]
    public void ManyPanelsInFloatGiveTheKernelsSummationOrderBitForBit() => PanelsKeepTheOrder<float>();

    [Fact]
    public void ManyPanelsInDoubleGiveTheKernelsSummationOrderBitForBit() => PanelsKeepTheOrder<double>();

    private static void PanelsKeepTheOrder<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(5);
        T Draw() => T.CreateChecked(random.NextDouble() * 2 - 1);
        var w = Matrix<T>.Build.Dense(Outputs, Inputs, (_, _) => Draw());
        var b = Matrix<T>.Build.Dense(Outputs, 1, (_, _) => Draw());
        var dz = Matrix<T>.Build.Dense(Outputs, Columns, (_, _) => Draw());
        // About 15 % nonzero, as MNIST's 19 %, with one column of zeros.
        var dense = Matrix<T>.Build.Dense(Inputs, Columns, (_, j) => j != 4 && random.NextDouble() < 0.15 ? Draw() : T.Zero);
        var x = SparseColumns.Of(dense);

        var z = SparseProducts.Affine(w, x, Some(b));
        var gradient = SparseProducts.TimesTransposed(dz, x);

        for (var j = 0; j < Columns; j++)
        {
            var nonzeros = Enumerable.Range(0, Inputs).Where(k => dense[k, j] != T.Zero).ToArray();
            for (var o = 0; o < Outputs; o++)
            {
                var s = new T[4];
                for (var i = 0; i < nonzeros.Length; i++)
                    s[i % 4] = T.FusedMultiplyAdd(dense[nonzeros[i], j], w[o, nonzeros[i]], s[i % 4]);
                Assert.Equal(((s[0] + s[1]) + (s[2] + s[3])) + b[o, 0], z[o, j]);
            }
        }
        for (var k = 0; k < Inputs; k++)
            for (var o = 0; o < Outputs; o++)
            {
                var sum = T.Zero;
                for (var j = 0; j < Columns; j++)
                    if (dense[k, j] != T.Zero) sum = T.FusedMultiplyAdd(dense[k, j], dz[o, j], sum);
                Assert.Equal(sum, gradient[o, k]);
            }
    }
}
