using FunctionalNet.Cli;
using FunctionalNet.Tests.Cli;

namespace FunctionalNet.Tests.Sweep;

/// <summary>How a sweep's options become its runs, and the usage errors it gives before any run starts.</summary>
public sealed class SweepGridTests
{
    [Fact]
    public void ListsAndRangesGiveEveryValueOnce()
    {
        Assert.Equal(["0.1", "0.05"], SweepGrid.Values("--lr", ["0.1,0.05"], wholeNumbers: false, splitCommas: true));
        Assert.Equal(["1", "2", "3", "7"], SweepGrid.Values("--seed", ["1-3", "7,2"], wholeNumbers: true, splitCommas: true));
        Assert.Equal(["-2", "-1", "0"], SweepGrid.Values("--seed", ["-2-0"], wholeNumbers: true, splitCommas: true));
        Assert.Equal(["784,16,10", "784,32,10"], SweepGrid.Values("--layers", ["784,16,10", "784,32,10"], wholeNumbers: false, splitCommas: false));
        Assert.Equal(["32-64"], SweepGrid.Values("--batch", ["32-64"], wholeNumbers: false, splitCommas: true));
    }

    [Fact]
    public void TheLastOptionVariesFastestAndRunsAreNamedByWhatVaries()
    {
        var plan = SweepPlan.Of("sweep", [], [new SweptOption("--recipe", ["lecture"]), new SweptOption("--lr", ["0.1", "0.05"]), new SweptOption("--seed", ["1", "2"])]);
        Assert.Equal(["lr=0.1,seed=1", "lr=0.1,seed=2", "lr=0.05,seed=1", "lr=0.05,seed=2"], plan.Runs.Select(r => r.Name));
        Assert.Equal(["lr=0.1", "lr=0.1", "lr=0.05", "lr=0.05"], plan.Runs.Select(r => r.Configuration));
        Assert.Equal([1, 2, 1, 2], plan.Runs.Select(r => r.Seed));
        Assert.Equal(0.05, (double)plan.Runs[3].Settings["learning_rate"]!);
        Assert.Equal(["train", "--recipe", "lecture", "--lr", "0.05", "--seed", "2", "--out", Path.Combine(plan.Directory, "lr=0.05,seed=2"), "--json"],
            plan.TrainArguments(plan.Runs[3]));
    }

    [Fact]
    public void SeedsAloneMakeOneConfigurationNamedByItsFixedOptions()
    {
        var plan = SweepPlan.Of("sweep", [], [new SweptOption("--recipe", ["lecture"]), new SweptOption("--seed", ["1", "2", "3"])]);
        Assert.Equal(["seed=1", "seed=2", "seed=3"], plan.Runs.Select(r => r.Name));
        Assert.All(plan.Runs, r => Assert.Equal("recipe=lecture", r.Configuration));
    }

    [Theory]
    [InlineData("--lr", "0.1,-1", "run lr=-1: --lr must be a finite number ≥ 0")]
    [InlineData("--seed", "5-1", "--seed: the range 5-1 is empty")]
    [InlineData("--optimizer", "adam,bogus", "--optimizer must be one of")]
    [InlineData("--lr", "0.1,,0.2", "--lr: an empty value")]
    [InlineData("--epochs", "x", "--epochs expects a whole number")]
    public void ABadValueIsOneUsageErrorBeforeAnyRunStarts(string option, string value, string message)
    {
        using var directory = new Data.TemporaryDirectory();
        CliRun.Of("sweep", option, value, "--out", directory["s"]).FailsWith(Exit.Usage, message);
        Assert.False(Directory.Exists(directory["s"]));
    }

    [Theory]
    [InlineData(new[] { "sweep", "--seed", "1-3" }, "sweep needs --out DIR")]
    [InlineData(new[] { "sweep", "--seed", "1-3", "--out", "d", "--engine", "pbs" }, "--engine must be local or slurm")]
    [InlineData(new[] { "sweep", "--seed", "1-3", "--out", "d", "--engine", "slurm", "--jobs", "2" }, "--jobs is for --engine local")]
    [InlineData(new[] { "sweep", "--seed", "1-3", "--out", "d", "--wait" }, "--wait and --cpus-per-task are for --engine slurm")]
    [InlineData(new[] { "sweep", "--seed", "1-3", "--out", "d", "--jobs", "0" }, "--jobs must be from 1")]
    [InlineData(new[] { "sweep", "--seed", "1-20000", "--out", "d" }, "more than 10,000 values")]
    [InlineData(new[] { "sweep", "--json", "--out", "d" }, "Unrecognized command or argument '--json'")]
    public void MisusedOptionsAreUsageErrors(string[] arguments, string message) => CliRun.Of(arguments).FailsWith(Exit.Usage, message);

    [Fact]
    public void StatusOfADirectoryWithoutASweepSaysSo()
    {
        using var directory = new Data.TemporaryDirectory();
        CliRun.Of("sweep", "status", directory.Path).FailsWith(Exit.Failure, "no sweep in");
    }

    [Fact]
    public void SpreadIsTheMeanTheSampleStandardDeviationAndTheRange()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, s = √(32/7).
        var spread = Spread.Of([2, 4, 4, 4, 5, 5, 7, 9])!;
        Assert.Equal(new Spread(8, 5, Math.Sqrt(32.0 / 7), 2, 9), spread);
        Assert.Equal(new Spread(1, 0.25, null, 0.25, 0.25), Spread.Of([0.25]));
        Assert.Null(Spread.Of([]));
    }

    [Fact]
    public void TheSlurmScriptRunsTrainForEachTaskOfTheArray()
    {
        var plan = SweepPlan.Of("/shared/sweep", [], [new SweptOption("--recipe", ["lecture"]), new SweptOption("--seed", ["1", "2", "3"])]);
        var script = SlurmEngine.Script(plan, ["/usr/bin/dotnet", "/opt/it's/FunctionalNet.Cli.dll"], cpusPerTask: 2);
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2", script);
        for (var k = 0; k < 3; k++)
            Assert.Contains($"  {k}) run '/shared/sweep/seed={k + 1}' '/usr/bin/dotnet' '/opt/it'\\''s/FunctionalNet.Cli.dll' 'train' '--recipe' 'lecture' " +
                $"'--seed' '{k + 1}' '--out' '/shared/sweep/seed={k + 1}' '--json' ;;", script);
        Assert.Equal("0-3,5,7-9", SlurmEngine.Ranges([9, 0, 1, 2, 3, 5, 7, 8]));
    }
}
