using LanguageExt.Common;

namespace FunctionalNet.Tests.Extending;

/// <summary>
/// A learning-rate schedule defined outside the library is a first-class one: training takes η(t) from it at every
/// update, and a recipe's change of length stretches it as it says.
/// </summary>
public class UserScheduleTests
{
    /// <summary>η(t) = η₀ / 2^⌊t⌋: halved at every epoch boundary; a run of n epochs keeps it (no stretch).</summary>
    private sealed record Halving : Schedule
    {
        public override string Name => "halving";
        public override double LearningRate(double baseRate, double epochs) => baseRate / Math.Pow(2, Math.Floor(epochs));
    }

    /// <summary>η(t) = η₀·(1 − t/T): reaches 0 at the end of the run, so it stretches with the run's length.</summary>
    private sealed record Linear(double Epochs) : Schedule
    {
        public override string Name => "linear";
        public override double LearningRate(double baseRate, double epochs) => baseRate * Math.Max(0, 1 - epochs / Epochs);
        public override Fin<Unit> Validate() => Epochs > 0 ? unit : Error.New($"the linear schedule needs a length > 0 (got {Epochs})");
        public override Schedule Stretch(double epochs) => new Linear(epochs);
    }

    [Fact]
    public void EveryUpdateTakesItsLearningRateFromAUserSchedule()
    {
        // Two epochs of two mini-batches: updates at t = 0, 0.5, 1, 1.5 get η₀, η₀, η₀/2, η₀/2.
        var network = LayerSpec.Stack([2, 2, 1], new Activation.Tanh(), new Activation.Identity())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 3)).ThrowIfFail();
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.5, -1, 1.5, 0 }, { 1, 0.25, -0.5, -2 } });
        var y = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 0.5, 2 } });
        var options = new TrainingOptions(new Loss.MeanSquared(), 0.2, 2, new Batching.MiniBatch(2), Seed: 5) { Schedule = new Halving() };
        var rates = Training.Steps(network, x, y, options).ThrowIfFail().Select(s => s.LearningRate).ToArray();
        Assert.Equal([0.2, 0.2, 0.1, 0.1], rates);
    }

    [Fact]
    public void AUserScheduleIsValidatedAndStretchedWithTheRecipe()
    {
        var refused = Training.Validate(Recipes.Small.Layers.Bind(s => Initialization.Create<double>(s, new Initializer.He(), 1)).ThrowIfFail(),
            Matrix<double>.Build.Dense(784, 1), Matrix<double>.Build.Dense(10, 1), Recipes.Small.Options with { Schedule = new Linear(0) });
        Assert.Equal("the linear schedule needs a length > 0 (got 0)", refused.Match(_ => "", e => e.Message));
        var stretched = Recipes.WithEpochs(Recipes.Small with { Options = Recipes.Small.Options with { Schedule = new Linear(30) } }, 7);
        Assert.Equal(new Linear(7), stretched.Options.Schedule);
        Assert.Equal(0.001 * (1 - 3.5 / 7), stretched.Options.Schedule.LearningRate(0.001, 3.5), 1e-18);
    }
}
