namespace FunctionalNet.Tests;

/// <summary>Each schedule yields its documented sequence: η(t) at t = 0, 1, 2, … epochs, with η₀ = 2.</summary>
public class ScheduleTests
{
    private const double BaseRate = 2.0;

    private static double[] Sequence(Schedule schedule, int count) =>
        Enumerable.Range(0, count).Select(t => schedule.LearningRate(BaseRate, t)).ToArray();

    private static void AssertSequence(double[] expected, Schedule schedule)
    {
        var actual = Sequence(schedule, expected.Length);
        for (var k = 0; k < expected.Length; k++) Assert.True(Math.Abs(expected[k] - actual[k]) < 1e-15, $"t = {k}: expected {expected[k]}, got {actual[k]}");
    }

    [Fact]
    public void ConstantNeverChanges() => AssertSequence([2, 2, 2, 2], new Schedule.Constant());

    [Fact]
    public void StepDecayHalvesEveryTwoEpochs() => AssertSequence([2, 2, 1, 1, 0.5, 0.5, 0.25], new Schedule.StepDecay(0.5, 2));

    [Fact]
    public void ExponentialWithDecayLnTwoHalvesEachEpoch() => AssertSequence([2, 1, 0.5, 0.25, 0.125], new Schedule.Exponential(Math.Log(2)));

    [Fact]
    public void InverseTimeWithDecayOneIsTwoOverOnePlusT() => AssertSequence([2, 1, 2.0 / 3, 0.5, 0.4], new Schedule.InverseTime(1));

    [Fact]
    public void CosineFallsFromTheBaseRateToZeroAndStays() =>
        // ½(1 + cos(πt/4)) at t = 0 … 4: 1, (2 + √2)/4, ½, (2 − √2)/4, 0.
        AssertSequence([2, (2 + Math.Sqrt(2)) / 2, 1, (2 - Math.Sqrt(2)) / 2, 0, 0], new Schedule.Cosine(4));

    [Fact]
    public void WarmupRisesLinearlyThenStartsTheNextScheduleAfresh()
    {
        AssertSequence([0, 0.5, 1, 1.5, 2, 2], new Schedule.Warmup(4, new Schedule.Constant()));
        AssertSequence([0, 1, 2, 1, 0, 0], new Schedule.Warmup(2, new Schedule.Cosine(2)));
    }

    [Fact]
    public void TrainingAsksTheScheduleAtFractionalEpochs()
    {
        // 10 examples in batches of 4: 3 updates per epoch, at t = 0, 1/3, 2/3, 1, 4/3, 5/3.
        var network = LayerSpec.Stack([3, 2], new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), 1)).ThrowIfFail();
        var x = Matrix<double>.Build.Dense(3, 10, (i, j) => Math.Sin(i + 3 * j));
        var y = Matrix<double>.Build.Dense(2, 10, (i, j) => i == j % 2 ? 1 : 0);
        var schedule = new Schedule.InverseTime(0.5);
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.3, 2, new Batching.MiniBatch(4)) { Schedule = schedule };
        var rates = Training.Steps(network, x, y, options).ThrowIfFail().Select(s => s.LearningRate).ToArray();
        var expected = new[] { 0, 1.0 / 3, 2.0 / 3, 1, 4.0 / 3, 5.0 / 3 }.Select(t => 0.3 / (1 + 0.5 * t)).ToArray();
        Assert.Equal(expected.Length, rates.Length);
        foreach (var (e, a) in expected.Zip(rates)) Assert.Equal(e, a, 1e-15);
    }

    [Theory]
    [InlineData("step", "factor")]
    [InlineData("cosine", "length")]
    [InlineData("exponential", "decay")]
    [InlineData("warmup", "warm-up")]
    public void BadParametersAreRefusedWithAMessage(string kind, string mentioned)
    {
        Schedule schedule = kind switch
        {
            "step" => new Schedule.StepDecay(1.5, 2),
            "cosine" => new Schedule.Cosine(0),
            "exponential" => new Schedule.Exponential(-1),
            _ => new Schedule.Warmup(-1, new Schedule.Constant()),
        };
        Assert.Contains(mentioned, schedule.Validate().Match(_ => "", e => e.Message));
    }
}
