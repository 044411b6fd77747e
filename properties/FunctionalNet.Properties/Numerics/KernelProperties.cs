namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// The SIMD kernels behind Activations, Losses and GradientDescent equal the scalar definitions they replace.
/// Piecewise-linear functions must agree exactly; functions built on e^z may differ by a few units of the last
/// places (u is the unit roundoff: 2⁻⁵³ for double, 2⁻²⁴ for float), because a vectorised e^z is not the scalar one.
/// </summary>
public class KernelProperties
{
    internal static double Roundoff<T>() where T : struct, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    private static double D<T>(T value) where T : struct, IFloatingPointIeee754<T> => double.CreateChecked(value);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool ActivationKernelEqualsTheScalarDefinitionInDouble(KernelCase c) => ActivationAgrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool ActivationKernelEqualsTheScalarDefinitionInFloat(KernelCase c) => ActivationAgrees<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BackwardKernelEqualsIncomingTimesTheScalarDerivativeInDouble(KernelCase c) => BackwardAgrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BackwardKernelEqualsIncomingTimesTheScalarDerivativeInFloat(KernelCase c) => BackwardAgrees<float>(c);

    private static bool ActivationAgrees<T>(KernelCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var z = c.Z<T>();
        var a = Activations.Apply(c.Activation, z);
        var u = Roundoff<T>();
        if (c.Activation is Activation.Softmax)
        {
            // softmax(z)_i = e^{z_i − max} / Σ_j e^{z_j − max}, in double. Rounding z_i − max by u moves e^{z_i − max} by
            // |z_i − max|·u relatively (the condition number of e^x is |x|), and each e^x and the sum add a few u more;
            // a subnormal result carries an absolute error of a few of its spacing, 2u·(smallest normal).
            return Enumerable.Range(0, c.Columns).All(j =>
            {
                var column = Enumerable.Range(0, c.Rows).Select(i => D(z[i, j])).ToArray();
                var shifts = column.Select(v => v - column.Max()).ToArray();
                var exps = shifts.Select(Math.Exp).ToArray();
                var worstShift = shifts.Max(Math.Abs);
                return Enumerable.Range(0, c.Rows).All(i =>
                {
                    var expected = exps[i] / exps.Sum();
                    return Math.Abs(D(a[i, j]) - expected) <= (Math.Abs(shifts[i]) + worstShift + c.Rows + 8) * u * expected + 16 * u * Tiny<T>();
                });
            });
        }
        return Entries(c).All(e =>
        {
            var expected = D(Activations.Value(c.Activation, z[e.I, e.J]));
            var actual = D(a[e.I, e.J]);
            return c.Activation switch
            {
                // σ and tanh: each within 2 ulps of the true value, and an ulp is at most 2u relatively; the float σ of
                // a large negative z may underflow differently.
                Activation.Sigmoid or Activation.Tanh => Math.Abs(actual - expected) <= 8 * u * Math.Abs(expected) + Tiny<T>(),
                // α(e^z − 1): the same ulps of e^z ≤ 1, scaled by α, for z ≤ 0 (and exact for z > 0).
                Activation.ELU elu => Math.Abs(actual - expected) <= 8 * u * elu.Alpha,
                _ => actual == expected,
            };
        });
    }

    private static bool BackwardAgrees<T>(KernelCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var z = c.Z<T>();
        var a = Activations.Apply(c.Activation, z);
        var da = c.Incoming<T>();
        var dz = Activations.Backward(c.Activation, z, a, da);
        var u = Roundoff<T>();
        if (c.Activation is Activation.Softmax)
        {
            // dZ = A ∘ (dA − Aᵀ·dA) per column: the dot product's rounding, times |a|, and a subnormal a's absolute error;
            // plus dZ's own rounding when it is subnormal, at most half a subnormal spacing, u·Tiny, whatever |dA| is.
            return Enumerable.Range(0, c.Columns).All(j =>
            {
                var dot = Enumerable.Range(0, c.Rows).Sum(i => D(a[i, j]) * D(da[i, j]));
                var magnitude = Enumerable.Range(0, c.Rows).Sum(i => Math.Abs(D(a[i, j]) * D(da[i, j])));
                return Enumerable.Range(0, c.Rows).All(i =>
                    Math.Abs(D(dz[i, j]) - D(a[i, j]) * (D(da[i, j]) - dot)) <= (2 * (c.Rows + 2) * u * Math.Abs(D(a[i, j])) + 16 * u * Tiny<T>()) * (Math.Abs(D(da[i, j])) + magnitude) + u * Tiny<T>());
            });
        }
        return Entries(c).All(e =>
        {
            var expected = D(da[e.I, e.J] * Activations.Derivative(c.Activation, z[e.I, e.J]));
            var actual = D(dz[e.I, e.J]);
            var incoming = Math.Abs(D(da[e.I, e.J]));
            return c.Activation switch
            {
                // f′ is read from a = f(z) (σ′ = a(1 − a), tanh′ = 1 − a²): a is within a few ulps of 1 at most,
                // so f′ differs by at most 8u, absolutely.
                Activation.Sigmoid or Activation.Tanh => Math.Abs(actual - expected) <= 8 * u * incoming + u * Math.Abs(expected),
                // below 0, elu′ = αe^z is read as a + α: the ulps of e^z, scaled by α.
                Activation.ELU elu => Math.Abs(actual - expected) <= 8 * u * elu.Alpha * incoming + u * Math.Abs(expected),
                _ => actual == expected,
            };
        });
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool OutputGradientsEqualTheirFormulasExactly(KernelCase c) => OutputGradientsAgree<double>(c) && OutputGradientsAgree<float>(c);

    private static bool OutputGradientsAgree<T>(KernelCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var two = T.CreateChecked(2);
        return Losses().All(loss =>
        {
            var scale = loss.Reduction == Reduction.Mean ? T.One / T.CreateChecked(c.Columns) : T.One;
            var (a, y) = c.OutputsAndTargets<T>(loss is Loss.SoftmaxCrossEntropy);
            var gradient = FunctionalNet.Losses.OutputGradient(loss, a, y);
            // The formulas of Losses.OutputGradient, entry by entry and in the same order of operations.
            return Entries(c).All(e =>
            {
                var (ai, yi) = (a[e.I, e.J], y[e.I, e.J]);
                var expected = loss switch
                {
                    Loss.HalfSumSquares => (ai - yi) * scale,
                    Loss.MeanSquared => (ai - yi) * (two * scale),
                    Loss.BinaryCrossEntropy => (ai - yi) / (ai * (T.One - ai)) * scale,
                    _ => (yi == T.Zero ? T.Zero : -yi / ai) * scale,
                };
                return gradient[e.I, e.J] == expected;
            });
        });
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool LossValuesEqualTheirSumsInDouble(KernelCase c) => LossValuesAgree<double>(c) && LossValuesAgree<float>(c);

    private static bool LossValuesAgree<T>(KernelCase c) where T : struct, IFloatingPointIeee754<T> =>
        Losses().All(loss =>
        {
            var (a, y) = c.OutputsAndTargets<T>(loss is Loss.SoftmaxCrossEntropy);
            // Every term is ≥ 0, so any order of summation is within n·2⁻⁵³ of this one, relatively.
            var terms = Entries(c).Select(e => (D(a[e.I, e.J]), D(y[e.I, e.J]))).Select(p => loss switch
            {
                Loss.HalfSumSquares => 0.5 * (p.Item2 - p.Item1) * (p.Item2 - p.Item1),
                Loss.MeanSquared => (p.Item1 - p.Item2) * (p.Item1 - p.Item2),
                Loss.BinaryCrossEntropy => -(p.Item2 * Math.Log(p.Item1) + (1 - p.Item2) * Math.Log(1 - p.Item1)),
                _ => p.Item2 == 0 ? 0 : -p.Item2 * Math.Log(p.Item1),
            }).ToArray();
            var expected = terms.Sum() / (loss.Reduction == Reduction.Mean ? c.Columns : 1);
            return Math.Abs(FunctionalNet.Losses.Value(loss, a, y) - expected) <= (terms.Length + 2) * Math.ScaleB(1, -53) * expected;
        });

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool UpdateIsWMinusEtaTimesGBitForBit(KernelCase c) => UpdateAgrees<double>(c) && UpdateAgrees<float>(c);

    private static bool UpdateAgrees<T>(KernelCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var w = c.Z<T>();
        var g = c.Incoming<T>();
        var network = Network.Create(Seq1<Layer<T>>(new DenseLayer<T>(w, None, new Activation.Identity()))).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var updated = (DenseLayer<T>)GradientDescent.Update(network, new Gradients<T>(Seq1(Seq1(g))), 0.1).Layers[0];
        var eta = T.CreateChecked(0.1);
        return Entries(c).All(e => updated.Weights[e.I, e.J].Equals(w[e.I, e.J] - g[e.I, e.J] * eta));
    }

    private static Loss[] Losses() => [new Loss.HalfSumSquares(), new Loss.MeanSquared(), new Loss.BinaryCrossEntropy(), new Loss.SoftmaxCrossEntropy()];

    private static IEnumerable<(int I, int J)> Entries(KernelCase c) =>
        Enumerable.Range(0, c.Rows).SelectMany(i => Enumerable.Range(0, c.Columns).Select(j => (i, j)));

    // The smallest normal number: below it a kernel and the scalar code may flush or round a subnormal differently.
    private static double Tiny<T>() where T : struct, IFloatingPointIeee754<T> => typeof(T) == typeof(float) ? 1.17549435E-38 : 2.2250738585072014E-308;
}
