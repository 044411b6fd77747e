using System.Numerics;
using FunctionalNet.Tests.Extending;

namespace FunctionalNet.Tests.GradientChecking;

/// <summary>
/// The complex-step derivative Im C(θ + ih·u) / h: exact to rounding on smooth networks whatever h, against a
/// derivative worked by hand, and not applicable (reported, never failed) through a kink or a maximum.
/// </summary>
public class ComplexStepTests
{
    private static readonly GradientCheckOptions ComplexStepOptions =
        new() { Scheme = DifferenceScheme.ComplexStep, Step = GradientCheckOptions.DefaultStepFor(DifferenceScheme.ComplexStep) };

    [Theory]
    [InlineData("tanh", "softmax", "softmax-ce")]
    [InlineData("sigmoid", "sigmoid", "bce")]
    [InlineData("tanh", "identity", "mse")]
    public void OnTheGradcheckProblemTheComplexStepAgreesWithBackpropagationToThirteenDigits(string hidden, string output, string loss)
    {
        var (network, x, y, l) = Problem(hidden, output, loss);
        var result = GradientCheck.Run(network, l, x, y, ComplexStepOptions).ThrowIfFail();
        Assert.Equal(30 + 5 + 20 + 4 + 12 + 3, result.Entries.Count);   // every entry of W1, b1, W2, b2, W3, b3
        Assert.Equal(0, result.NotApplicable);
        Assert.Equal(0, result.Kinks);
        Assert.True(result.MaxRelativeError < 1e-13, $"max relative error {result.MaxRelativeError:e2} at {result.Worst.Head}");
    }

    [Fact]
    public void AReluNetworkIsNotApplicableEverywhereAndNothingFails()
    {
        var (network, x, y, loss) = Problem("relu", "softmax", "softmax-ce");
        var result = GradientCheck.Run(network, loss, x, y, ComplexStepOptions).ThrowIfFail();
        Assert.Equal(74, result.Entries.Count);
        // The output layer is smooth, but its input passed through the ReLU: no entry has a complex forward pass.
        Assert.Equal(74, result.NotApplicable);
        Assert.All(result.Entries, e => Assert.True(e.NotApplicable && !e.Counts && double.IsNaN(e.Numeric)));
        Assert.Equal(0, result.Kinks);
        Assert.Equal(0.0, result.MaxRelativeError);
        Assert.Empty(result.Worst);
        Assert.True(result.Passed);
    }

    [Fact]
    public void AMaxoutNetworkIsNotApplicable()
    {
        var (network, x, y, loss) = Problem("tanh", "softmax", "softmax-ce", maxout: 2);
        Assert.IsType<MaxoutLayer<double>>(network.Layers.Head);
        var result = GradientCheck.Run(network, loss, x, y, ComplexStepOptions).ThrowIfFail();
        Assert.Equal(result.Entries.Count, result.NotApplicable);
        Assert.True(result.Entries.Count > 74);   // two pieces per hidden layer
        Assert.True(result.Passed);
        Assert.True(ComplexStep.Derivative(network, loss, x, y, Gradients<double>.Unit(network, 2, 0, 0, 0), 1e-20).IsNone);
    }

    [Fact]
    public void OneSigmoidNeuronsComplexStepEqualsItsDerivativeWorkedByHand()
    {
        // a = σ(w·x + b), C = ½(y − a)²: ∂C/∂w = (a − y)·a(1 − a)·x and ∂C/∂b = (a − y)·a(1 − a).
        // With w = ¼, x = 2, b = −½: z = 0, a = ½, σ′ = ¼; with y = 1, ∂C/∂w = (−½)(¼)(2) = −¼ and ∂C/∂b = −⅛.
        var (dw, db) = NeuronDerivatives(w: 0.25, b: -0.5, x: 2, y: 1);
        Assert.Equal(-0.25, dw, 1e-16);
        Assert.Equal(-0.125, db, 1e-16);
        // With w = 1, x = 1, b = 0, y = 0: z = 1, a = σ(1) = 1/(1 + e⁻¹), ∂C/∂w = ∂C/∂b = a²(1 − a).
        var a = 1 / (1 + Math.Exp(-1.0));
        (dw, db) = NeuronDerivatives(w: 1, b: 0, x: 1, y: 0);
        Assert.Equal(a * a * (1 - a), dw, 1e-16);
        Assert.Equal(a * a * (1 - a), db, 1e-16);
    }

    [Fact]
    public void TheComplexStepDoesNotDependOnTheStepWhileTheCentralDifferenceDoes()
    {
        var (network, x, y, loss) = Problem("tanh", "softmax", "softmax-ce");
        // h = 10⁻¹⁰, 10⁻²⁰, …, 10⁻¹⁰⁰: nothing is subtracted, so no digit is lost however small h is.
        var tiny = toSeq(Enumerable.Range(1, 10).Select(k => Math.Pow(10, -10 * k))).Strict();
        var complex = GradientCheck.Sweep(network, loss, x, y, tiny, ComplexStepOptions).ThrowIfFail();
        Assert.All(complex, point => Assert.True(point.MaxRelativeError < 1e-13, $"h = {point.Step:e0}: {point.MaxRelativeError:e2}"));
        var derivatives = tiny.Map(h => ComplexStep.Derivative(network, loss, x, y, Gradients<double>.Unit(network, 0, 0, 1, 2), h)
            .IfNone(() => throw new InvalidOperationException("a tanh network is analytic"))).ToArray();
        Assert.True(derivatives.Max() - derivatives.Min() < 1e-14 * Math.Abs(derivatives[0]), string.Join(", ", derivatives));
        // The central difference over h = 10⁻¹ … 10⁻¹²: truncation on one side, cancellation on the other, and a best h
        // that is still thousands of times worse than every complex step.
        var central = GradientCheck.Sweep(network, loss, x, y, GradientCheck.SweepSteps, new GradientCheckOptions()).ThrowIfFail();
        var errors = central.Map(point => point.MaxRelativeError).ToArray();
        Assert.True(errors.Max() > 1e4 * errors.Min(), string.Join(", ", errors));
        Assert.True(errors.Min() > 1e3 * complex.Map(point => point.MaxRelativeError).Max());
    }

    [Fact]
    public void TheComplexSoftmaxOfLargePreActivationsIsFiniteAndItsImaginaryPartIsTheJacobian()
    {
        // z = (1000, 1001 + ih, 999): e^1000 overflows, the shifted e^{z − 1001} does not. Im softmax(z) / h is column
        // 2 of the Jacobian, ∂a_i/∂z_2 = a_i(δ_i2 − a_2).
        const double h = 1e-20;
        var z = Matrix<Complex>.Build.DenseOfColumnMajor(3, 1, [new(1000, 0), new(1001, h), new(999, 0)]);
        var a = new Activation.Softmax().ApplyAnalytic(z).IfNone(() => throw new InvalidOperationException("softmax is analytic"));
        var real = Activations.Apply(new Activation.Softmax(), Matrix<double>.Build.DenseOfColumnMajor(3, 1, [1000.0, 1001, 999]));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(real[i, 0], a[i, 0].Real, 1e-15);
            Assert.Equal(real[i, 0] * ((i == 1 ? 1 : 0) - real[1, 0]), a[i, 0].Imaginary / h, 1e-15);
        }
        // σ(z) far below 0: the real σ is 0, and e^−z would overflow; σ′(z) = e^z/(1 + e^z)².
        var sigmoid = new Activation.Sigmoid().Analytic(new Complex(-800, h)).IfNone(() => throw new InvalidOperationException());
        Assert.Equal(0.0, sigmoid.Real);
        Assert.Equal(0.0, sigmoid.Imaginary);   // e^−800·h underflows to 0, as the real derivative does
        Assert.Equal(Math.Exp(-30) / ((1 + Math.Exp(-30)) * (1 + Math.Exp(-30))),
            new Activation.Sigmoid().Analytic(new Complex(-30, h)).Map(s => s.Imaginary / h).IfNone(0), 1e-28);
    }

    [Fact]
    public void AUserActivationIsCheckedByTheComplexStepOnlyWhenItGivesItsComplexValue()
    {
        // softplus as the tests' user writes it has no complex value: not applicable; the same function with one: checked.
        var loss = new Loss.MeanSquared();
        var (x, y) = SyntheticBatch.Create<double>(loss, 4, 2, examples: 5, seed: 3).ThrowIfFail();
        GradientCheckResult Check(Activation hidden) => LayerSpec.Stack([4, 3, 2], hidden, new Activation.Identity())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 3))
            .Bind(network => GradientCheck.Run(network, loss, x, y, ComplexStepOptions)).ThrowIfFail();
        var plain = Check(new Softplus());
        Assert.Equal(plain.Entries.Count, plain.NotApplicable);
        var analytic = Check(new AnalyticSoftplus());
        Assert.Equal(0, analytic.NotApplicable);
        Assert.True(analytic.MaxRelativeError < 1e-13, $"{analytic.MaxRelativeError:e2}");
    }

    [Fact]
    public void TheComplexStepHasItsOwnDefaultStepAndTheCentralKeepsItsOwn()
    {
        Assert.Equal(1e-20, GradientCheckOptions.DefaultStepFor(DifferenceScheme.ComplexStep));
        Assert.Equal(GradientCheckOptions.DefaultStep, GradientCheckOptions.DefaultStepFor(DifferenceScheme.Central));
        // The real schemes' steps near ε^(1/(p+1)): 10⁻⁷ for order 1, 10⁻³ for order 4.
        Assert.Equal(1e-7, GradientCheckOptions.DefaultStepFor(DifferenceScheme.Forward));
        Assert.Equal(1e-3, GradientCheckOptions.DefaultStepFor(DifferenceScheme.FivePoint));
        Assert.Equal(1e-3, GradientCheckOptions.DefaultStepFor(DifferenceScheme.Richardson));
        Assert.Equal(1e-5, GradientCheckOptions.DefaultStep);
        // The options take the step as given: choosing the scheme does not change it.
        Assert.Equal(GradientCheckOptions.DefaultStep, new GradientCheckOptions { Scheme = DifferenceScheme.ComplexStep }.Step);
    }

    /// <summary>The gradcheck command's problem: 6-5-4-3, Glorot weights, seed 1, a batch of 4.</summary>
    private static (Network<double> Network, Matrix<double> X, Matrix<double> Y, Loss Loss) Problem(string hidden, string output, string loss,
        int maxout = 0) =>
        (from h in Activation.Parse(hidden)
         from o in Activation.Parse(output)
         from l in Loss.Parse(loss)
         from stack in LayerSpec.Stack([6, 5, 4, 3], h, o)
         let specs = maxout > 0 ? LayerSpec.MaxoutHidden(stack, maxout) : stack
         from network in Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 1)
         from batch in SyntheticBatch.Create<double>(l, 6, 3, examples: 4, seed: 1)
         select (network, batch.X, batch.Y, l)).ThrowIfFail();

    /// <summary>(∂C/∂w, ∂C/∂b) of one sigmoid neuron with half-sse on one example, by the complex step.</summary>
    private static (double W, double B) NeuronDerivatives(double w, double b, double x, double y)
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, w), Some(Matrix<double>.Build.Dense(1, 1, b)), new Activation.Sigmoid());
        var network = new Network<double>(Seq1<Layer<double>>(layer));
        var (input, target) = (Matrix<double>.Build.Dense(1, 1, x), Matrix<double>.Build.Dense(1, 1, y));
        double Along(int parameter) => ComplexStep.Derivative(network, new Loss.HalfSumSquares(), input, target,
            Gradients<double>.Unit(network, 0, parameter, 0, 0), 1e-20).IfNone(() => throw new InvalidOperationException("σ is analytic"));
        return (Along(0), Along(1));
    }

    /// <summary>softplus log(1 + e^z), as <see cref="Softplus"/>, with its complex value: a user activation that opts in.</summary>
    private sealed record AnalyticSoftplus : Activation
    {
        /// <inheritdoc />
        public override string Name => "analytic-softplus";
        /// <inheritdoc />
        public override T Value<T>(T z) => T.Log(T.One + T.Exp(z));
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => T.One / (T.One + T.Exp(-z));   // d/dz log(1 + e^z) = σ(z)
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex z) => Some(Complex.Log(1 + Complex.Exp(z)));
    }
}
