namespace FunctionalNet.Tests;

/// <summary>Dropout: masks from an explicit seed, rate 0 as the identity, and a gradient checked against finite differences.</summary>
public class DropoutTests
{
    private static Network<double> Net(int[] sizes, int seed) =>
        LayerSpec.Stack(sizes, new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), seed)).ThrowIfFail();

    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(4, 6, (i, j) => Math.Sin(1 + i + 2 * j));
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(3, 6, (i, j) => i == j % 3 ? 1 : 0);

    private static bool Same(DropoutMasks<double> a, DropoutMasks<double> b) =>
        a.Masks.Count == b.Masks.Count && a.Masks.Zip(b.Masks).ForAll(m =>
            m.Item1.IsNone == m.Item2.IsNone && m.Item1.Map(x => m.Item2.Map(y => FunctionalNet.Numerics.Linear.BitwiseEqual(x, y)).IfNone(false)).IfNone(true));

    [Fact]
    public void TheSameSeedEpochBatchAndLayerRepeatTheMaskExactly()
    {
        var network = Net([4, 5, 5, 3], 1);
        var rates = new DropoutRates(0.5, 0.2);
        var masks = Dropout.Masks(network, rates, 6, seed: 3, epoch: 2, batch: 5);
        Assert.True(Same(masks, Dropout.Masks(network, rates, 6, seed: 3, epoch: 2, batch: 5)));
        Assert.False(Same(masks, Dropout.Masks(network, rates, 6, seed: 3, epoch: 2, batch: 6)));
        Assert.False(Same(masks, Dropout.Masks(network, rates, 6, seed: 3, epoch: 3, batch: 5)));
        Assert.False(Same(masks, Dropout.Masks(network, rates, 6, seed: 4, epoch: 2, batch: 5)));
        // Layers 1 and 2 have the same shape and rate but their own streams.
        Assert.False(FunctionalNet.Numerics.Linear.BitwiseEqual(masks.Masks[1].ToList()[0], masks.Masks[2].ToList()[0]));
    }

    [Fact]
    public void KeptUnitsAreScaledByOneOverOneMinusPAndAboutPAreDropped()
    {
        var network = Net([100, 200, 10], 2);
        var masks = Dropout.Masks(network, new DropoutRates(0.3, 0.2), 50, seed: 7, epoch: 1, batch: 1);
        foreach (var (mask, rate) in new[] { (masks.Masks[0], 0.2), (masks.Masks[1], 0.3) })
        {
            var values = mask.ToList()[0].Enumerate().ToArray();
            Assert.All(values, v => Assert.True(v == 0 || v == 1 / (1 - rate)));
            // n Bernoulli(p) draws: the dropped fraction has standard deviation √(p(1 − p)/n) ≤ 0.006 here; allow 5σ.
            var dropped = values.Count(v => v == 0) / (double)values.Length;
            Assert.InRange(dropped, rate - 5 * Math.Sqrt(rate * (1 - rate) / values.Length), rate + 5 * Math.Sqrt(rate * (1 - rate) / values.Length));
        }
    }

    [Fact]
    public void TheOutputLayerIsNeverDroppedAndRateZeroDrawsNoMask()
    {
        var single = Dropout.Masks(Net([4, 3], 1), new DropoutRates(0.5), 6, 1, 1, 1);
        Assert.True(single.Masks.ForAll(m => m.IsNone));   // one layer: its only mask is the input's, rate 0
        var hiddenOnly = Dropout.Masks(Net([4, 5, 3], 1), new DropoutRates(0.5), 6, 1, 1, 1);
        Assert.Equal(new[] { false, true }, hiddenOnly.Masks.Map(m => m.IsSome).ToArray());
    }

    [Fact]
    public void RateZeroTrainsBitForBitLikeNoDropout()
    {
        var network = Net([4, 5, 3], 3);
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.05, 3, new Batching.MiniBatch(4), Seed: 5) { Optimizer = new Optimizer.Adam() };
        var plain = Training.Train(network, X, Y, options).ThrowIfFail();
        var rateZero = Training.Train(network, X, Y, options with { Dropout = new DropoutRates(0, 0) }).ThrowIfFail();
        var withDropout = Training.Train(network, X, Y, options with { Dropout = new DropoutRates(0.5, 0.2) }).ThrowIfFail();
        Assert.Equal(plain.Network, rateZero.Network);
        Assert.Equal(plain.History, rateZero.History);
        Assert.NotEqual(plain.Network, withDropout.Network);
    }

    [Fact]
    public void DropoutIsOffWhenTheNetworkIsMeasured()
    {
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.05, 2, new Batching.MiniBatch(4), Seed: 5) { Dropout = new DropoutRates(0.5, 0.2) };
        var result = Training.Train(Net([4, 5, 3], 3), X, Y, options).ThrowIfFail();
        var measured = result.History[^1].Train.Map(e => e.Loss).IfNone(double.NaN);
        Assert.Equal(Network.Cost(result.Network, options.Loss, X, Y), measured);
    }

    [Fact]
    public void GradientWithAFixedMaskEqualsCentralDifferences()
    {
        const double h = 1e-5;
        var network = Net([4, 5, 5, 3], 11);
        var loss = new Loss.SoftmaxCrossEntropy();
        var masks = Dropout.Masks(network, new DropoutRates(0.5, 0.25), X.ColumnCount, seed: 2, epoch: 1, batch: 1);
        Assert.True(masks.Masks.ForAll(m => m.Exists(x => x.Enumerate().Contains(0.0))));   // every mask drops something
        var (gradients, _) = Backpropagation.Run(network, loss, X, Y, masks);
        Assert.NotEqual(Backpropagation.Run(network, loss, X, Y).Gradients, gradients);

        // L(θ) with the same masks, computed from the forward pass alone; then (L(θ + h) − L(θ − h)) / 2h per entry.
        double LossWith(int layer, int parameter, int i, int j, double delta)
        {
            var moved = toSeq(network.Parameters.Select((ps, l) => toSeq(ps.Select((m, p) =>
            {
                if (l != layer || p != parameter) return m;
                var copy = m.Clone();
                copy[i, j] += delta;
                return copy;
            })).Strict())).Strict();
            return Losses.Value(loss, Network.Forward(network.WithParameters(moved), X, masks).Output, Y);
        }

        for (var l = 0; l < network.Layers.Count; l++)
            for (var p = 0; p < network.Layers[l].Parameters.Count; p++)
            {
                var parameter = network.Layers[l].Parameters[p];
                for (var i = 0; i < parameter.RowCount; i++)
                    for (var j = 0; j < parameter.ColumnCount; j++)
                    {
                        var numeric = (LossWith(l, p, i, j, h) - LossWith(l, p, i, j, -h)) / (2 * h);
                        var analytic = gradients.Layers[l][p][i, j];
                        // round-off of the difference quotient is about 2e-11·|L|; hold entries to 1e-6 relative above a 1e-4 floor
                        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * Math.Max(1e-4, Math.Max(Math.Abs(analytic), Math.Abs(numeric))),
                            $"layer {l} parameter {p} ({i},{j}): analytic {analytic}, numeric {numeric}");
                    }
            }
    }
}
