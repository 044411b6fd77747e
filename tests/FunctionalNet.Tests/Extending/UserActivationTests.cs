namespace FunctionalNet.Tests.Extending;

/// <summary>
/// An activation defined outside the library (<see cref="Softplus"/>) is a first-class one: training follows the
/// lecture's equations with its f and f′, the gradient check confirms its derivative, and catches a wrong one.
/// </summary>
public class UserActivationTests
{
    // Four examples of two inputs, and their targets.
    private static readonly double[,] Inputs = { { 0.5, -1.0, 1.5, 0.0 }, { 1.0, 0.25, -0.5, -2.0 } };
    private static readonly double[,] Targets = { { 1.0, 0.0, 0.5, 2.0 } };

    [Fact]
    public void SoftplusAndItsDerivativeHaveTheirValuesAtZero()
    {
        var f = new Softplus();
        Assert.Equal(Math.Log(2), f.Value(0.0), 1e-15);                          // log(1 + e⁰) = log 2
        Assert.Equal(0.5, Activations.Derivative(f, 0.0), 1e-15);                // σ(0) = ½
        Assert.Equal("softplus", f.ToString());
    }

    [Fact]
    public void TrainingWithAUserActivationFollowsTheLecturesEquationsWorkedByHand()
    {
        // 2-3-1, softplus in both layers (the output layer too: no fused cancellation), mean squared error, three
        // full-batch steps of gradient descent with η = 0.1.
        const double eta = 0.1;
        const int epochs = 3;
        var network = LayerSpec.Stack([2, 3, 1], new Softplus(), new Softplus())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 4)).ThrowIfFail();
        var options = new TrainingOptions(new Loss.MeanSquared(), eta, epochs, new Batching.FullBatch());
        var trained = Training.Train(network, Matrix<double>.Build.DenseOfArray(Inputs), Matrix<double>.Build.DenseOfArray(Targets), options).ThrowIfFail();

        // The same steps written out entry by entry, with f(z) = log(1 + e^z) and f′(z) = σ(z):
        // Z1 = W1·X + b1, A1 = f(Z1), Z2 = W2·A1 + b2, A2 = f(Z2), C = (1/m) Σ (A2 − Y)²;
        // dZ2 = (2/m)(A2 − Y) ∘ f′(Z2), dZ1 = (W2ᵀ·dZ2) ∘ f′(Z1), ∂C/∂W_l = dZ_l·A_{l−1}ᵀ, ∂C/∂b_l = dZ_l·1; W ← W − η·∂C/∂W.
        var (w1, b1, w2, b2) = (Entries(network, 0, 0), Entries(network, 0, 1), Entries(network, 1, 0), Entries(network, 1, 1));
        static double F(double z) => Math.Log(1 + Math.Exp(z));
        static double FPrime(double z) => 1 / (1 + Math.Exp(-z));
        const int m = 4;
        var losses = new double[epochs];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var (z1, a1, z2, a2) = (new double[3, m], new double[3, m], new double[1, m], new double[1, m]);
            for (var j = 0; j < m; j++)
            {
                for (var i = 0; i < 3; i++)
                {
                    z1[i, j] = w1[i, 0] * Inputs[0, j] + w1[i, 1] * Inputs[1, j] + b1[i, 0];
                    a1[i, j] = F(z1[i, j]);
                }
                z2[0, j] = w2[0, 0] * a1[0, j] + w2[0, 1] * a1[1, j] + w2[0, 2] * a1[2, j] + b2[0, 0];
                a2[0, j] = F(z2[0, j]);
                losses[epoch] += (a2[0, j] - Targets[0, j]) * (a2[0, j] - Targets[0, j]) / m;
            }
            var (dz1, dz2) = (new double[3, m], new double[1, m]);
            for (var j = 0; j < m; j++)
            {
                dz2[0, j] = 2.0 / m * (a2[0, j] - Targets[0, j]) * FPrime(z2[0, j]);
                for (var i = 0; i < 3; i++) dz1[i, j] = w2[0, i] * dz2[0, j] * FPrime(z1[i, j]);
            }
            for (var i = 0; i < 3; i++)
            {
                w2[0, i] -= eta * Enumerable.Range(0, m).Sum(j => dz2[0, j] * a1[i, j]);
                for (var k = 0; k < 2; k++) w1[i, k] -= eta * Enumerable.Range(0, m).Sum(j => dz1[i, j] * Inputs[k, j]);
                b1[i, 0] -= eta * Enumerable.Range(0, m).Sum(j => dz1[i, j]);
            }
            b2[0, 0] -= eta * Enumerable.Range(0, m).Sum(j => dz2[0, j]);
        }

        // The library's products round in their own order: the two agree to the suite's 10⁻¹² of double precision.
        Assert.Equal(losses, trained.History.Map(h => h.Loss).ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)));
        foreach (var (expected, (layer, parameter)) in new[] { (w1, (0, 0)), (b1, (0, 1)), (w2, (1, 0)), (b2, (1, 1)) })
        {
            var actual = trained.Network.Layers[layer].Parameters[parameter];
            for (var i = 0; i < actual.RowCount; i++)
                for (var k = 0; k < actual.ColumnCount; k++)
                    Assert.True(Math.Abs(actual[i, k] - expected[i, k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i, k])),
                        $"layer {layer + 1} parameter {parameter} [{i},{k}]: trained {actual[i, k]:R}, by hand {expected[i, k]:R}");
        }
        Assert.True(losses[^1] < losses[0], $"the loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void TheGradientCheckConfirmsAUserActivationsDerivative()
    {
        var loss = new Loss.MeanSquared();
        var network = LayerSpec.Stack([3, 4, 2], new Softplus(), new Softplus())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 2)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<double>(loss, 3, 2, examples: 5, seed: 2).ThrowIfFail();
        var result = GradientCheck.Run(network, loss, x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, result.Entries.Count);   // every entry of W1, b1, W2, b2
        Assert.Equal(0, result.Kinks);
        Assert.True(result.Passed);
        Assert.True(result.MaxRelativeError < 1e-7, $"worst relative error {result.MaxRelativeError:g3} at {result.Worst.Head}");
    }

    [Fact]
    public void AWrongDerivativeInAUserActivationIsCaughtAtTheWeightsOfItsLayer()
    {
        // Hidden unit 1 has z = 2·x₁ + 2·x₂ = 2 on every example, unit 2 has z = 0.1·x₁ − 0.3·x₂ ≤ 0.1: the wrong f′ (twice
        // σ above z = 0.5) doubles unit 1's dZ and nothing else, so ∂C/∂W1 row 0 comes out exactly twice the truth.
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0.5, 0 }, { 0, 0.5, 1 } });
        var y = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 0.5 } });
        Network<double> Net(Activation hidden) => new(Seq<Layer<double>>(
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 2 }, { 0.1, -0.3 } }), None, hidden),
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new double[,] { { 0.7, -0.4 } }), Some(Matrix<double>.Build.Dense(1, 1, 0.1)),
                new Activation.Identity())));
        var loss = new Loss.MeanSquared();

        var right = GradientCheck.Run(Net(new Softplus()), loss, x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.True(right.Passed && right.MaxRelativeError < 1e-7, $"the right derivative gave {right.MaxRelativeError:g3}");

        var wrong = GradientCheck.Run(Net(new SoftplusWithAWrongSlope()), loss, x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.False(wrong.Passed);
        var worst = wrong.Worst.Take(2).ToArray();
        Assert.All(worst, e =>
        {
            Assert.Equal(("W1", 0), (e.Parameter, e.Row));
            Assert.Equal(0.5, e.RelativeError, 1e-6);   // |2a − a| / |2a|
        });
        Assert.Equal([0, 1], worst.Select(e => e.Column).Order());
        Assert.True(wrong.Entries.Where(e => !(e.Parameter == "W1" && e.Row == 0)).All(e => e.RelativeError < 1e-7),
            "an entry the wrong slope does not reach was flagged");
    }

    // Softplus with f′ twice what it is for z > 0.5: the mistake a gradient check exists to catch.
    private sealed record SoftplusWithAWrongSlope : Activation
    {
        public override string Name => "softplus";
        public override T Value<T>(T z) => T.Log(T.One + T.Exp(z));
        public override T Derivative<T>(T z, T a) => (z > T.CreateChecked(0.5) ? T.CreateChecked(2) : T.One) / (T.One + T.Exp(-z));
    }

    // A parameter matrix's entries, as an array to update by hand.
    private static double[,] Entries(Network<double> network, int layer, int parameter) => network.Layers[layer].Parameters[parameter].ToArray();
}
