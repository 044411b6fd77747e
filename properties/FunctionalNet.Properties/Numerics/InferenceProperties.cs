using FunctionalNet.Numerics;
using MathVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// The serving pass is the forward pass: <see cref="Inference.Predict{T}(Network{T}, Matrix{T})"/> equals <see cref="Network.Predict{T}"/> up
/// to the rounding of W·A + b, on networks of every activation, dense and maxout layers, batches of any size from 1 on
/// and inputs mostly zeros (as MNIST's) or not; an image gets the same bits alone as in its batch; the inputs and the
/// network are left as they were.
/// </summary>
public class InferenceProperties
{
    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void ServingEqualsTheForwardPassUpToRoundingInDouble(SparseNetworkCase c) => Agrees<double>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void ServingEqualsTheForwardPassUpToRoundingInFloat(SparseNetworkCase c) => Agrees<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void AnImageGetsTheSameBitsAloneAsInItsBatch(SparseNetworkCase c)
    {
        var network = Continuous(c).Network<float>();
        var (x, _) = c.Data<float>();
        var batch = Inference.Predict(network, x);
        for (var j = 0; j < x.ColumnCount; j++)
            Assert.True(Linear.BitwiseEqual(Inference.Predict(network, x.SubMatrix(0, x.RowCount, j, 1)), batch.SubMatrix(0, batch.RowCount, j, 1)),
                $"{c}: column {j} alone differs from column {j} of the batch");
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void EveryVectorWidthGivesTheSameBits(SparseNetworkCase c)
    {
        Same<float>(c);
        Same<double>(c);
    }

    // 512-, 256- and 128-bit vectors (those this machine has) and one number at a time: each output is a lane of its own,
    // summed by the same formula, so the widths agree bit for bit, and a machine with other vectors serves the same outputs.
    private static void Same<T>(SparseNetworkCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Case.Network<T>();
        var (x, _) = c.Data<T>();
        var scalar = Inference.Predict(network, x, 0);
        foreach (var bits in new[] { 128, 256, 512 })
            Assert.True(Linear.BitwiseEqual(Inference.Predict(network, x, bits), scalar),
                $"{c}: {typeof(T).Name} vectors of at most {bits} bits differ from one number at a time");
    }

    // The step activation jumps at 0, so a rounding difference of Z there changes A by 1: the bound below holds for the
    // Lipschitz activations (all others here have |f′| ≤ 1), and a step network is checked as its ReLU twin.
    private static CheckedNetworkCase Continuous(SparseNetworkCase c) => c.Case with
    {
        Hidden = c.Case.Hidden is Activation.Step ? new Activation.ReLU() : c.Case.Hidden,
        Output = c.Case.Output is Activation.Step ? new Activation.ReLU() : c.Case.Output,
    };

    private static void Agrees<T>(SparseNetworkCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = Continuous(c).Network<T>();
        var (x, _) = c.Data<T>();
        var before = (x.Clone(), network.Parameters.Map(l => l.Map(p => p.Clone()).Strict()).Strict());
        var expected = Network.Predict(network, x);
        var actual = Inference.Predict(network, x);
        Assert.Equal((expected.RowCount, expected.ColumnCount), (actual.RowCount, actual.ColumnCount));
        Assert.True(Linear.BitwiseEqual(x, before.Item1) && network.Equals(network.WithParameters(before.Item2)), $"{c}: the pass changed its input");
        var bounds = Bounds(network, x);
        for (var j = 0; j < x.ColumnCount; j++)
            for (var i = 0; i < expected.RowCount; i++)
            {
                var (e, a) = (double.CreateChecked(expected[i, j]), double.CreateChecked(actual[i, j]));
                Assert.True(e.Equals(a) || Math.Abs(e - a) <= bounds[j], $"{c}: A[{i},{j}] is {e:R} by Network.Predict, {a:R} by Inference.Predict, bound {bounds[j]:R}");
            }
    }

    // For each column, a bound on |Δ| of the output. Both passes sum W·a + b over at most n terms in float arithmetic, each
    // with an error of at most γ_n·(|W|·|a| + |b|), γ_n = n·u/(1 − n·u) (Higham, Accuracy and Stability, 3.5), so they
    // differ by twice that; the activation adds a few units of roundoff of |A| (the exponentials are rounded in different
    // calls). A difference e_{l−1} already in the input grows by at most ‖W‖_∞·e_{l−1} through W, and an activation (or
    // a maximum of pieces) with |f′| ≤ 1 does not enlarge it. Magnitudes are the reference pass's, doubled to cover the
    // other's. A maxout layer's pieces are its W's and b's.
    private static double[] Bounds<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var u = KernelProperties.Roundoff<T>();
        var trace = Network.Forward(network, x);
        var bounds = new double[x.ColumnCount];
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var e = 0.0;
            for (var l = 0; l < network.Layers.Count; l++)
            {
                var layer = network.Layers[l];
                var a = trace.InputTo(l).Column(j).Map(v => Math.Abs(double.CreateChecked(v)));
                var named = layer.ParameterNames.Zip(layer.Parameters).ToArray();
                var weights = named.Where(p => p.Item1.StartsWith('W')).Select(p => p.Item2.Map(v => Math.Abs(double.CreateChecked(v)))).ToArray();
                var biases = named.Where(p => !p.Item1.StartsWith('W')).Select(p => p.Item2.Map(v => Math.Abs(double.CreateChecked(v)))).ToArray();
                var n = layer.Inputs + 1;
                var gamma = n * u / (1 - n * u);
                var rounding = weights.Select((w, p) => (w * a + (p < biases.Length ? biases[p].Column(0) : MathVector.Build.Dense(w.RowCount))).Maximum()).Max();
                var growth = weights.Max(w => w.InfinityNorm());
                var output = trace.Layers[l].A.Column(j).Map(v => Math.Abs(double.CreateChecked(v))).Max();
                e = growth * e + 2 * 2 * gamma * rounding + 16 * u * Math.Max(1, output);
            }
            bounds[j] = e;
        }
        return bounds;
    }
}
