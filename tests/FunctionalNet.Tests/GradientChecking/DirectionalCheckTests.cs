using Xunit.Abstractions;

namespace FunctionalNet.Tests;

/// <summary>
/// The directional check: random unit directions, backpropagation against the scheme along each, kinks reported, and a
/// single wrong entry escaping at the rate <see cref="DirectionalCheck.EscapeProbability"/> states.
/// </summary>
public class DirectionalCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryDirectionIsAUnitVectorDrawnFromTheSeed()
    {
        var network = Tanh([6, 5, 4, 3], seed: 1);
        var v = DirectionalCheck.Direction(network, seed: 3, index: 2);
        var entries = v.Layers.Bind(layer => layer).Bind(m => toSeq(m.Enumerate())).ToArray();
        Assert.Equal(network.ParameterCount, entries.Length);
        Assert.Equal(1.0, Math.Sqrt(entries.Sum(e => e * e)), 1e-12);
        Assert.Equal(entries, DirectionalCheck.Direction(network, seed: 3, index: 2).Layers.Bind(l => l).Bind(m => toSeq(m.Enumerate())));
        Assert.NotEqual(entries, DirectionalCheck.Direction(network, seed: 3, index: 3).Layers.Bind(l => l).Bind(m => toSeq(m.Enumerate())));
    }

    [Theory]
    [InlineData(DifferenceScheme.Central)]
    [InlineData(DifferenceScheme.FivePoint)]
    [InlineData(DifferenceScheme.Richardson)]
    public void BackpropagationAgreesWithTheSchemeAlongEveryDirection(DifferenceScheme scheme)
    {
        var loss = new Loss.SoftmaxCrossEntropy();
        var network = Tanh([6, 5, 4, 3], seed: 1);
        var (x, y) = SyntheticBatch.Create<double>(loss, 6, 3, examples: 4, seed: 1).ThrowIfFail();
        var result = DirectionalCheck.Run(network, loss, x, y, new GradientCheckOptions { Directions = Some(8), Scheme = scheme }).ThrowIfFail();
        Assert.Equal(8, result.Counted);
        Assert.True(result.Passed, $"max relative error {result.MaxRelativeError:e2}");
        Assert.True(result.MaxRelativeError < 1e-8, $"max relative error {result.MaxRelativeError:e2}");
        Assert.True(result.Directions.ForAll(d => d.Analytic != 0));
    }

    [Theory]
    [InlineData(DifferenceScheme.Central)]
    [InlineData(DifferenceScheme.FivePoint)]
    public void ADirectionAcrossAReluKinkIsReportedAsAKinkNotAFailure(DifferenceScheme scheme)
    {
        // The kink of GradientCheckTests: one ReLU neuron with z = w·1 + b = 10⁻⁶. A direction moves z by t·h·(v_w + v_b),
        // ±10⁻⁵·(v_w + v_b) with the central difference, so it crosses z = 0 unless |v_w + v_b| < 0.1.
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Some(Matrix<double>.Build.Dense(1, 1, -0.5 + 1e-6)), new Activation.ReLU());
        var network = new Network<double>(Seq1<Layer<double>>(layer));
        var (x, y) = (Matrix<double>.Build.Dense(1, 1, 1.0), Matrix<double>.Build.Dense(1, 1, -1.0));
        var result = DirectionalCheck.Run(network, new Loss.HalfSumSquares(), x, y,
            new GradientCheckOptions { Directions = Some(8), Scheme = scheme }).ThrowIfFail();
        Assert.True(result.Kinks > 0);
        Assert.True(result.Directions.Where(d => d.Kink).Exists(d => d.RelativeError > 1e-3), "a kink direction measures a jump");
        Assert.True(result.Passed);
    }

    [Fact]
    public void TheComplexStepThroughAReluIsReportedAsNotApplicable()
    {
        var loss = new Loss.SoftmaxCrossEntropy();
        var network = LayerSpec.Stack([6, 5, 3], new Activation.ReLU(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), 1)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<double>(loss, 6, 3, 4, 1).ThrowIfFail();
        var result = DirectionalCheck.Run(network, loss, x, y,
            new GradientCheckOptions { Directions = Some(3), Scheme = DifferenceScheme.ComplexStep, Step = 1e-20 }).ThrowIfFail();
        Assert.Equal(3, result.NotApplicable);
        Assert.Equal(0, result.Counted);
        Assert.True(result.Passed);
        Assert.Equal(double.PositiveInfinity, result.ErrorCaughtWith(0.99));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void ADirectionalCheckNeedsAtLeastOneDirection(int? directions)
    {
        var loss = new Loss.SoftmaxCrossEntropy();
        var network = Tanh([6, 5, 4, 3], seed: 1);
        var (x, y) = SyntheticBatch.Create<double>(loss, 6, 3, 4, 1).ThrowIfFail();
        var result = DirectionalCheck.Run(network, loss, x, y, new GradientCheckOptions { Directions = Optional(directions) });
        Assert.True(result.IsFail);
    }

    [Fact]
    public void TheEscapeProbabilityHasTheCauchyAndTheAbsoluteLimits()
    {
        const double tau = 1e-6, norm = 2.0, error = 3e-6;
        const long parameters = 1_000_000;
        // No floor: the ratio of two normals, a Cauchy variable, |Z₁/Z₂| ≤ τ‖g‖/|e|.
        Assert.Equal(2 / Math.PI * Math.Atan(tau * norm / error), DirectionalCheck.EscapeProbability(error, norm, 0, parameters, tau, 1), 1e-9);
        // No gradient: the floor alone, |Z₁| ≤ τ·F·√P/|e|.
        const double floor = 1e-3;
        var beta = tau * floor * Math.Sqrt(parameters) / error;
        Assert.Equal(MathNet.Numerics.SpecialFunctions.Erf(beta / Math.Sqrt(2)), DirectionalCheck.EscapeProbability(error, 0, floor, parameters, tau, 1), 1e-9);
        // Both: more than either alone, less than their union bound; K independent directions multiply.
        var both = DirectionalCheck.EscapeProbability(error, norm, floor, parameters, tau, 1);
        Assert.InRange(both, Math.Max(2 / Math.PI * Math.Atan(tau * norm / error), MathNet.Numerics.SpecialFunctions.Erf(beta / Math.Sqrt(2))), 1);
        Assert.Equal(Math.Pow(both, 4), DirectionalCheck.EscapeProbability(error, norm, floor, parameters, tau, 4), 1e-12);
        Assert.Equal(1.0, DirectionalCheck.EscapeProbability(0, norm, floor, parameters, tau, 4));
    }

    [Theory]
    // ‖g‖ ≈ 8.6 and, at the default floor, F·√P ≈ 3.3 with τ = 10⁻⁶: stated escape rates for K = 1 and K = 4 in brackets.
    [InlineData(8e-6, 3e-3)]   // comparable to τ‖g‖: escapes one direction about half the time (0.57, 0.11)
    [InlineData(3e-4, 3e-3)]   // large: caught almost always (0.02, 10⁻⁷)
    [InlineData(5e-5, 3e-2)]   // ten times the default floor, F·√P ≈ 33 ≫ ‖g‖: the floor rules (0.49, 0.06; floor-free Cauchy 0.11, 10⁻⁴)
    public void AWrongEntryEscapesAtTheStatedRate(double error, double floorFraction)
    {
        // 784-128-10, 101,770 parameters; the analytic gradient is backpropagation's but for W1[7, 400], off by `error`.
        var loss = new Loss.SoftmaxCrossEntropy();
        var network = LayerSpec.Stack([784, 128, 10], new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), 1)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<double>(loss, 784, 10, examples: 4, seed: 1).ThrowIfFail();
        var right = Backpropagation.Run(network, loss, x, y).Gradients;
        var w1 = right.Layers[0][0].Clone();
        w1[7, 400] += error;
        var wrong = new Gradients<double>(Seq(w1, right.Layers[0][1]).Cons(right.Layers.Tail));
        var options = new GradientCheckOptions { Floor = floorFraction };
        var norm = Math.Sqrt(right.Layers.Bind(l => l).Sum(g => g.Enumerate().Sum(e => e * e)));
        var floor = options.Floor * GradientCheck.RoundOffScale(loss, Network.Predict(network, x), y);

        // 100 trials of K = 4 directions, differing in the seed of their directions only. Direction k of a trial is drawn
        // from its own stream (seed, Batch, 101, k) and decides alone whether it passes, so each is also a trial of K = 1.
        const int trials = 100;
        var runs = Enumerable.Range(1, trials).Select(seed => DirectionalCheck.Run(network, loss, x, y,
            options with { Directions = Some(4), Seed = seed }, (_, _, _, _) => wrong).ThrowIfFail()).ToArray();
        Assert.All(runs, r => Assert.Equal(4, r.Counted));   // tanh has no kinks: every direction counts
        var observed = new[]
        {
            (K: 1, Trials: 4 * trials, Rate: runs.Average(r => r.Directions.Average(d => d.RelativeError <= options.Threshold ? 1.0 : 0.0))),
            (K: 4, Trials: trials, Rate: runs.Average(r => r.Passed ? 1.0 : 0.0)),
        };
        // Four binomial standard errors either side, and half a trial for the rounding of a rate near 0 or 1.
        static bool Within(double rate, double probability, int n) =>
            Math.Abs(rate - probability) <= 4 * Math.Sqrt(probability * (1 - probability) / n) + 0.5 / n;

        foreach (var (k, n, rate) in observed)
        {
            var stated = DirectionalCheck.EscapeProbability(error, norm, floor, network.ParameterCount, options.Threshold, k);
            var cauchy = Math.Pow(2 / Math.PI * Math.Atan(options.Threshold * norm / error), k);
            output.WriteLine($"e = {error:e1}, floor {floorFraction}·S, K = {k}: {rate:F3} of {n} escaped, stated {stated:F3} " +
                $"(floor-free Cauchy {cauchy:F3}); ‖g‖ = {norm:F3}, F·√P = {floor * Math.Sqrt(network.ParameterCount):F3}");
            Assert.True(Within(rate, stated, n), $"observed {rate:F3}, stated {stated:F3}");
            if (!Within(stated, cauchy, n)) Assert.False(Within(rate, cauchy, n), "the floor-free rate fits as well");
        }
    }

    private static Network<double> Tanh(int[] sizes, int seed) =>
        LayerSpec.Stack(sizes, new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), seed)).ThrowIfFail();
}
