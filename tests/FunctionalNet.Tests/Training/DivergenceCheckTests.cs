namespace FunctionalNet.Tests;

/// <summary>The checking step function on a real run: gradient descent with η = 10³⁰⁰ on the XOR network diverges, and says where.</summary>
public class DivergenceCheckTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } });
    private static readonly Matrix<double> Y = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

    private static Network<double> Network() =>
        LayerSpec.Stack([2, 3, 1], new Activation.Tanh(), new Activation.Identity())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), 4)).ThrowIfFail();

    private static List<Fin<TrainingStep<double>>> Checked(double learningRate) =>
        Training.Steps(Network(), X, Y, new TrainingOptions(new Loss.MeanSquared(), learningRate, 20, new Batching.FullBatch()))
            .ThrowIfFail().Select(Training.Check).ToList();

    [Fact]
    public void AHealthyRunPassesEveryStep() => Assert.All(Checked(0.1), step => Assert.True(step.IsSucc));

    [Fact]
    public void AHugeLearningRateFailsAtTheFirstNonFiniteStepNamingItsEpochAndBatch()
    {
        var steps = Checked(1e300);
        var first = steps.FindIndex(s => s.IsFail);
        // Step 1 is taken on finite weights; the overflow comes within the next few full-batch epochs (one batch each).
        Assert.InRange(first, 1, 5);
        var message = steps[first].Match(_ => "", e => e.Message);
        Assert.Matches($"^training diverged at epoch {first + 1}, batch 1: the (batch loss is|update made [Wb][12]) (NaN|\\+∞|−∞)$", message);
    }
}
