namespace FunctionalNet.Tests;

/// <summary>The checker on the lecture's network, and on a hand-built kink.</summary>
public class GradientCheckTests
{
    [Fact]
    public void TheLecturesMnistNetworkPassesASampledCheckToSevenDigits()
    {
        // 784-16-16-10, sigmoid everywhere, the lecture's cost |A − Y|² averaged and its Uniform(−0.5, 0.5) weights.
        var sigmoid = new Activation.Sigmoid();
        var loss = new Loss.MeanSquared();
        var network = LayerSpec.Stack([784, 16, 16, 10], sigmoid, sigmoid)
            .Bind(specs => Initialization.Create<double>(specs, Initializer.Lecture, seed: 7)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<double>(loss, 784, 10, examples: 8, seed: 7).ThrowIfFail();
        var result = GradientCheck.Run(network, loss, x, y, new GradientCheckOptions { Sample = Some(25), Seed = 7 }).ThrowIfFail();
        Assert.Equal(25 + 16 + 25 + 16 + 25 + 10, result.Entries.Count);   // up to 25 per matrix: b1, b2 (16) and b3 (10) whole
        Assert.Equal(0, result.Kinks);
        Assert.True(result.MaxRelativeError < 1e-7, $"max relative error {result.MaxRelativeError:e2} at {result.Worst.Head}");
    }

    [Fact]
    public void AStepAcrossAReluKinkIsReportedAsAKinkNotAFailure()
    {
        // One ReLU neuron a = relu(w·x + b) with x = 1 and z = 10⁻⁶, y = −1, C = ½(y − a)²: moving b by ±h = ±10⁻⁵
        // crosses z = 0, so the quotient is (½(1 + z₊)² − ½(1 + 0)²) / 2h with z₊ = 1.1·10⁻⁵: about 0.55, where the
        // derivative on either side is 1 + z or 0.
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Some(Matrix<double>.Build.Dense(1, 1, -0.5 + 1e-6)), new Activation.ReLU());
        var network = new Network<double>(Seq1<Layer<double>>(layer));
        var (x, y) = (Matrix<double>.Build.Dense(1, 1, 1.0), Matrix<double>.Build.Dense(1, 1, -1.0));
        var result = GradientCheck.Run(network, new Loss.HalfSumSquares(), x, y, new GradientCheckOptions()).ThrowIfFail();
        var bias = result.Entries.Single(e => e.Parameter == "b1");
        Assert.True(bias.Kink);
        const double zPlus = 1.1e-5;
        Assert.Equal((zPlus + zPlus * zPlus / 2) / 2e-5, bias.Numeric, 1e-9);
        Assert.Equal(2, result.Kinks);
        Assert.True(result.Passed);
    }

    /// <summary>One ReLU neuron a = relu(w·x + b) with x = 1 and z = −10⁻⁶, y = −1, C = ½(y − a)²: every scheme's points lie on both sides of z = 0.</summary>
    public static (Network<double> Network, Matrix<double> X, Matrix<double> Y) ReluJustBelowItsKink()
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Some(Matrix<double>.Build.Dense(1, 1, -0.5 - 1e-6)), new Activation.ReLU());
        return (new Network<double>(Seq1<Layer<double>>(layer)), Matrix<double>.Build.Dense(1, 1, 1.0), Matrix<double>.Build.Dense(1, 1, -1.0));
    }

    [Theory]
    [InlineData(DifferenceScheme.Forward)]
    [InlineData(DifferenceScheme.Central)]
    [InlineData(DifferenceScheme.FivePoint)]
    [InlineData(DifferenceScheme.Richardson)]
    [InlineData(DifferenceScheme.ComplexStep)]
    public void AKinkIsReportedNotFailedUnderEveryScheme(DifferenceScheme scheme)
    {
        // Forward's points 0 and h, central's ±h, five-point's ±h and ±2h, Richardson's ±h and ±h/2 all straddle z = 0
        // from z = −10⁻⁶ with h = 10⁻⁵; the complex step has no analytic extension through a kink: not applicable.
        var (network, x, y) = ReluJustBelowItsKink();
        var result = GradientCheck.Run(network, new Loss.HalfSumSquares(), x, y, new GradientCheckOptions { Scheme = scheme }).ThrowIfFail();
        Assert.True(result.Passed);
        Assert.All(result.Entries, e => Assert.False(e.Counts, $"{e} counts"));
        if (scheme != DifferenceScheme.ComplexStep) Assert.Equal(2, result.Kinks);
    }

    [Fact]
    public void AWrongDerivativeFromATestDoubleIsReportedAtItsEntry()
    {
        var tanh = new Activation.Tanh();
        var loss = new Loss.HalfSumSquares();
        var network = LayerSpec.Stack([3, 4, 2], tanh, tanh).Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), 3)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<double>(loss, 3, 2, 5, 3).ThrowIfFail();
        // The double doubles ∂C/∂W2[1,3] and leaves every other entry as backpropagation computed it.
        Gradients<double> Wrong(Network<double> n, Loss l, Matrix<double> bx, Matrix<double> by)
        {
            var g = Backpropagation.Run(n, l, bx, by).Gradients;
            var w2 = g.Layers[1][0].Clone();
            w2[1, 3] *= 2;
            return new Gradients<double>(Seq(g.Layers[0], Seq(w2, g.Layers[1][1])));
        }
        var result = GradientCheck.Run(network, loss, x, y, new GradientCheckOptions(), Wrong).ThrowIfFail();
        Assert.False(result.Passed);
        Assert.Equal(("W2", 1, 3), (result.Worst.Head.Parameter, result.Worst.Head.Row, result.Worst.Head.Column));
        Assert.Equal(0.5, result.Worst.Head.RelativeError, 1e-6);   // |2a − a| / |2a|
        Assert.True(result.Worst.Tail.ForAll(e => e.RelativeError < 1e-7));
    }

    [Fact]
    public void TheReadmeExampleRuns()
    {
        // The README's library example, verbatim.
        var tanh = new Activation.Tanh();
        var loss = new Loss.SoftmaxCrossEntropy();
        var network = LayerSpec.Stack([6, 5, 4, 3], tanh, new Activation.Softmax())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 1));
        var check = from n in network
                    from batch in SyntheticBatch.Create<double>(loss, 6, 3, examples: 4, seed: 1)
                    from result in GradientCheck.Run(n, loss, batch.X, batch.Y, new GradientCheckOptions { Sample = Some(20) })
                    select result;   // Fin<GradientCheckResult>: result.MaxRelativeError, result.Worst, result.Passed
        var checkedResult = check.ThrowIfFail();
        Assert.True(checkedResult.Passed);
        Assert.Equal(20 + 5 + 20 + 4 + 12 + 3, checkedResult.Entries.Count);
    }
}
