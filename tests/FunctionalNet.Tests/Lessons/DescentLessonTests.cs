namespace FunctionalNet.Tests.Lessons;

/// <summary>Batch, stochastic and mini-batch descent: smooth per epoch, noisy per update, same start.</summary>
public class DescentLessonTests
{
    private static readonly DescentOptions Options = DescentOptions.Synthetic();

    private static readonly Seq<DescentRun> Runs =
        DescentLesson.Variants(Options).Map(b => Lesson.Of(DescentLesson.Run(Options, b))).Strict();

    private static double FractionOfRises(Seq<double> costs) =>
        (double)costs.Zip(costs.Tail).Count(p => p.Item2 > p.Item1) / (costs.Count - 1);

    [Fact]
    public void EveryVariantStartsFromTheSameCost() => Assert.Single(Runs.Map(r => r.CostPerEpoch.Head).Distinct());

    [Fact]
    public void UpdatesAreOnePerBatch()
    {
        var m = Options.Inputs.ColumnCount;
        Assert.Equal([Options.Epochs, Options.Epochs * m, Options.Epochs * ((m + 31) / 32)], Runs.Map(r => r.Updates).ToArray());
        Assert.All(Runs, r => Assert.Equal(Options.Epochs + 1, r.CostPerEpoch.Count));
    }

    [Fact]
    public void BatchDescentIsSmoothAndStochasticIsNoisy()
    {
        Assert.Equal(0.0, FractionOfRises(Runs[0].CostPerUpdate));
        Assert.True(FractionOfRises(Runs[1].CostPerUpdate) > 0.3, $"stochastic rises {FractionOfRises(Runs[1].CostPerUpdate)}");
        Assert.True(FractionOfRises(Runs[2].CostPerUpdate) > 0.2, $"mini-batch rises {FractionOfRises(Runs[2].CostPerUpdate)}");
    }

    [Fact]
    public void MoreUpdatesPerEpochGetFurtherInTheSameEpochs()
    {
        Assert.True(Runs[1].CostPerEpoch.Last < Runs[2].CostPerEpoch.Last);
        Assert.True(Runs[2].CostPerEpoch.Last < Runs[0].CostPerEpoch.Last);
    }

    [Fact]
    public void AnyLabelledDataCanBePassed()
    {
        // The lesson takes its data as a parameter: here a two-class set, as a seeded MNIST subset would be passed.
        var (x, y) = DescentLesson.SyntheticClasses(classes: 2, features: 3, perClass: 8, seed: 4);
        var run = Lesson.Of(DescentLesson.Run(new DescentOptions(x, y, Hidden: 4, Epochs: 3), new Batching.MiniBatch(5)));
        Assert.Equal(3 * 4, run.Updates);
    }

    [Fact]
    public void SameOptionsGiveTheSameBits()
    {
        var again = Lesson.Of(DescentLesson.Run(Options, new Batching.Stochastic()));
        Assert.Equal(Runs[1].CostPerUpdate.ToArray(), again.CostPerUpdate.ToArray());
    }

    [Fact]
    public void RefusesZeroEpochs() => Assert.True(DescentLesson.Run(Options with { Epochs = 0 }, new Batching.FullBatch()).IsFail);
}
