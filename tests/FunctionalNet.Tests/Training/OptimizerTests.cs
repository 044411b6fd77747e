namespace FunctionalNet.Tests;

/// <summary>
/// One or two updates of each optimizer on a hand-sized network (one dense layer, W 2 × 3 and b 2 × 1), against the
/// textbook formula computed here entry by entry with plain arithmetic.
/// </summary>
public class OptimizerTests
{
    private const double Eta = 0.1;
    private static readonly double[,] W0 = { { 0.5, -1.0, 2.0 }, { -0.25, 0.75, 1.5 } };
    private static readonly double[] B0 = { 0.3, -0.4 };
    private static readonly double[,] G1 = { { 0.2, -0.1, 0.05 }, { -0.3, 0.4, 0.0 } };
    private static readonly double[] Gb1 = { 0.6, -0.02 };
    private static readonly double[,] G2 = { { -0.1, 0.3, 0.2 }, { 0.1, -0.5, 0.25 } };
    private static readonly double[] Gb2 = { -0.2, 0.07 };

    private static Network<double> Start => new(Seq1<Layer<double>>(new DenseLayer<double>(
        Matrix<double>.Build.DenseOfArray(W0), Some(Matrix<double>.Build.DenseOfColumnArrays(B0)), new Activation.Identity())));

    private static Gradients<double> Gradient(double[,] w, double[] b) =>
        new(Seq1(Seq(Matrix<double>.Build.DenseOfArray(w), Matrix<double>.Build.DenseOfColumnArrays(b))));

    /// <summary>Two updates with g₁ then g₂, starting from Init.</summary>
    private static (Network<double> Network, OptimizerState<double> State) TwoSteps(Optimizer optimizer)
    {
        var (state1, network1) = optimizer.Update(optimizer.Init(Start), Start, Gradient(G1, Gb1), Eta);
        var (state2, network2) = optimizer.Update(state1, network1, Gradient(G2, Gb2), Eta);
        return (network2, state2);
    }

    /// <summary>Every parameter as (w0, g1, g2, isWeight), in the layer's order: W column by column, then b.</summary>
    private static IEnumerable<(double W, double G1, double G2, bool IsWeight)> Entries()
    {
        for (var j = 0; j < 3; j++)
            for (var i = 0; i < 2; i++) yield return (W0[i, j], G1[i, j], G2[i, j], true);
        for (var i = 0; i < 2; i++) yield return (B0[i], Gb1[i], Gb2[i], false);
    }

    private static double[] Flat(Network<double> network) =>
        network.Parameters.SelectMany(layer => layer.SelectMany(p => p.ToColumnMajorArray())).ToArray();

    private static void AssertClose(IEnumerable<double> expected, Network<double> actual)
    {
        var (e, a) = (expected.ToArray(), Flat(actual));
        Assert.Equal(e.Length, a.Length);
        for (var k = 0; k < e.Length; k++) Assert.True(Math.Abs(e[k] - a[k]) <= 1e-15 * Math.Max(1, Math.Abs(e[k])), $"entry {k}: expected {e[k]}, got {a[k]}");
    }

    [Fact]
    public void GradientDescentIsTheLecturesUpdateBitForBit()
    {
        var (state, network) = new Optimizer.GradientDescent().Update(new Optimizer.GradientDescent().Init(Start), Start, Gradient(G1, Gb1), Eta);
        Assert.Equal(GradientDescent.Update(Start, Gradient(G1, Gb1), Eta), network);
        Assert.Equal(1, state.Step);
        AssertClose(Entries().Select(e => e.W - Eta * e.G1), network);
    }

    [Fact]
    public void MomentumAccumulatesAVelocity()
    {
        const double beta = 0.9;
        var (network, state) = TwoSteps(new Optimizer.Momentum(beta));
        // v₁ = g₁, w₁ = w₀ − η·v₁; v₂ = β·v₁ + g₂, w₂ = w₁ − η·v₂
        AssertClose(Entries().Select(e => e.W - Eta * e.G1 - Eta * (beta * e.G1 + e.G2)), network);
        var velocity = Assert.IsType<OptimizerState<double>.Velocity>(state);
        Assert.Equal(2, velocity.Step);
        Assert.Equal(beta * G1[1, 2] + G2[1, 2], velocity.Value.Layers[0][0][1, 2], 15);
    }

    [Fact]
    public void NesterovStepsAlongTheGradientPlusTheNextVelocity()
    {
        const double beta = 0.8;
        var (network, _) = TwoSteps(new Optimizer.Nesterov(beta));
        // v₁ = g₁, w₁ = w₀ − η·(g₁ + β·v₁); v₂ = β·v₁ + g₂, w₂ = w₁ − η·(g₂ + β·v₂)
        AssertClose(Entries().Select(e =>
        {
            var v1 = e.G1;
            var w1 = e.W - Eta * (e.G1 + beta * v1);
            var v2 = beta * v1 + e.G2;
            return w1 - Eta * (e.G2 + beta * v2);
        }), network);
    }

    [Fact]
    public void AdamFollowsKingmaAndBaAlgorithmOne()
    {
        var (b1, b2, eps) = (0.9, 0.999, 1e-8);
        var (network, state) = TwoSteps(new Optimizer.Adam(b1, b2, eps));
        AssertClose(Entries().Select(e =>
        {
            double m = 0, v = 0, w = e.W;
            foreach (var (g, t) in new[] { (e.G1, 1), (e.G2, 2) })
            {
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                w -= Eta * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            }
            return w;
        }), network);
        Assert.Equal(2, state.Step);
    }

    [Fact]
    public void AdamsFirstStepMovesEveryParameterByEtaAgainstItsGradientSign()
    {
        // At t = 1, m̂ = g and v̂ = g², so the step is η·g/(|g| + ε): η·sign(g) up to η·ε/|g| ≤ 5e-12 here, and 0 where g = 0.
        var adam = new Optimizer.Adam(Epsilon: 1e-12);
        var (_, network) = adam.Update(adam.Init(Start), Start, Gradient(G1, Gb1), Eta);
        foreach (var (e, actual) in Entries().Zip(Flat(network)))
            Assert.Equal(e.W - Eta * Math.Sign(e.G1), actual, 1e-11);
    }

    [Fact]
    public void AdamWDecaysWeightsButNotBiasesOutsideAdam()
    {
        var (lambda, b1, b2, eps) = (0.05, 0.9, 0.999, 1e-8);
        var (network, _) = TwoSteps(new Optimizer.AdamW(lambda, b1, b2, eps));
        AssertClose(Entries().Select(e =>
        {
            double m = 0, v = 0, w = e.W;
            foreach (var (g, t) in new[] { (e.G1, 1), (e.G2, 2) })
            {
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                w -= Eta * ((m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps) + (e.IsWeight ? lambda * w : 0));
            }
            return w;
        }), network);
    }

    [Fact]
    public void L2AddsLambdaTimesEachWeightToItsGradientAndLeavesBiases()
    {
        const double lambda = 0.5;
        var decayed = WeightDecay.Add(Gradient(G1, Gb1), Start, lambda);
        var expected = Entries().Select(e => e.G1 + (e.IsWeight ? lambda * e.W : 0)).ToArray();
        Assert.Equal(expected, decayed.Layers[0].SelectMany(p => p.ToColumnMajorArray()));
        var gradients = Gradient(G1, Gb1);
        Assert.Same(gradients, WeightDecay.Add(gradients, Start, 0));
    }

    [Fact]
    public void L2AndDecoupledDecayDifferUnderAdam()
    {
        // Adam's first step with L2 is η·sign(g + λw): the decay is divided by |g + λw| like the gradient.
        // AdamW's is η·(sign(g) + λw): the decay is not rescaled. Both computed here by hand (ε small, as above).
        const double lambda = 0.5;
        var (adam, adamW) = (new Optimizer.Adam(Epsilon: 1e-12), new Optimizer.AdamW(lambda, Epsilon: 1e-12));
        var l2 = adam.Update(adam.Init(Start), Start, WeightDecay.Add(Gradient(G1, Gb1), Start, lambda), Eta).Network;
        var decoupled = adamW.Update(adamW.Init(Start), Start, Gradient(G1, Gb1), Eta).Network;
        foreach (var (e, actual) in Entries().Zip(Flat(l2)))
            Assert.Equal(e.W - Eta * Math.Sign(e.G1 + (e.IsWeight ? lambda * e.W : 0)), actual, 1e-11);
        foreach (var (e, actual) in Entries().Zip(Flat(decoupled)))
            Assert.Equal(e.W - Eta * (Math.Sign(e.G1) + (e.IsWeight ? lambda * e.W : 0)), actual, 1e-11);
        Assert.NotEqual(l2, decoupled);
    }

    [Fact]
    public void AStateFromAnotherOptimizerIsRefused()
    {
        var momentumState = new Optimizer.Momentum().Init(Start);
        Assert.False(new Optimizer.Adam().Fits(momentumState));
        Assert.Throws<ArgumentException>(() => new Optimizer.Adam().Update(momentumState, Start, Gradient(G1, Gb1), Eta));
    }

    [Theory]
    [InlineData(1.0, "momentum β")]
    [InlineData(-0.1, "momentum β")]
    public void MomentumOutsideZeroToOneIsRefused(double beta, string mentioned) =>
        Assert.Contains(mentioned, new Optimizer.Momentum(beta).Validate().Match(_ => "", e => e.Message));

    [Fact]
    public void AdamNeedsAPositiveEpsilon() =>
        Assert.Contains("ε", new Optimizer.Adam(Epsilon: 0).Validate().Match(_ => "", e => e.Message));
}
