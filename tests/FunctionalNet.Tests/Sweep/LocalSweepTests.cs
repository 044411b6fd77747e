using System.Globalization;
using System.Text.Json.Nodes;
using FunctionalNet.Cli;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Reproducibility;

namespace FunctionalNet.Tests.Sweep;

/// <summary>The acceptance sweep, run once here (2 jobs) for the tests that read it.</summary>
public sealed class LectureSweepFixture : IDisposable
{
    internal MnistSubset Data { get; } = new();
    internal Data.TemporaryDirectory Directory { get; } = new();
    internal CliRun Run { get; }

    public LectureSweepFixture() => Run = CliRun.Of(LectureSweep.Arguments(Data, Directory.Path, "--jobs", "2"));

    public void Dispose()
    {
        Directory.Dispose();
        Data.Dispose();
    }
}

/// <summary>
/// A local sweep of the lecture's network on an MNIST subset (2 learning rates × 3 seeds, 2 jobs): each run is the
/// plain <c>train</c> it stands for, the summary's statistics are those of the runs, and a sweep killed half way
/// finishes, when started again, with the same summary.
/// </summary>
public sealed class LocalSweepTests(LectureSweepFixture sweep) : IClassFixture<LectureSweepFixture>
{
    private JsonObject Summary => LectureSweep.Summary(sweep.Directory.Path);

    private static JsonObject Manifest(string runDirectory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(runDirectory, FunctionalNet.Cli.Manifest.FileName)))!.AsObject();

    [Fact]
    public void TheSweepRunsEveryCombinationAndSucceeds()
    {
        Assert.True(sweep.Run.ExitCode == 0, sweep.Run.Out + sweep.Run.Error);
        var runs = Summary["runs"]!.AsArray();
        Assert.Equal(LectureSweep.LearningRates.Length * LectureSweep.Seeds.Length, runs.Count);
        var expected = LectureSweep.LearningRates.SelectMany(lr => LectureSweep.Seeds.Select(seed => $"lr={lr},seed={seed}"));
        Assert.Equal(expected, runs.Select(r => (string)r!["name"]!));
        Assert.All(runs, r => Assert.Equal("done", (string)r!["status"]!));
        Assert.Equal(["lr=0.1", "lr=0.05"], Summary["configurations"]!.AsArray().Select(c => (string)c!["configuration"]!));
        foreach (var file in new[] { "summary.csv", "runs.csv", "summary.png", "sweep.json" })
            Assert.True(File.Exists(Path.Combine(sweep.Directory.Path, file)), file);
    }

    [Fact]
    public void EachRunHasTheModelHashOfThePlainTrainCommand()
    {
        foreach (var run in Summary["runs"]!.AsArray())
        {
            var (lr, seed) = ((string)run!["options"]!["--lr"]!, (int)run["seed"]!);
            var plain = CliRun.Of(["train", .. LectureSweep.Fixed(sweep.Data), "--lr", lr, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--json"]);
            Assert.True(plain.ExitCode == 0, plain.Error);
            var hash = plain.Summary.GetProperty("model_hash").GetString();
            Assert.Equal(hash, (string?)run["model_hash"]);
            var directory = Path.Combine(sweep.Directory.Path, (string)run["name"]!);
            Assert.Equal(hash, ModelStore.Load(Path.Combine(directory, TrainRunner.ModelFileName)).ModelHash);
            Assert.Equal(hash, (string?)Manifest(directory)["model_hash"]);
        }
    }

    [Fact]
    public void TheSummaryStatisticsAreThoseOfTheRunsManifests()
    {
        foreach (var configuration in Summary["configurations"]!.AsArray())
        {
            var name = (string)configuration!["configuration"]!;
            var lr = name["lr=".Length..];
            var directories = LectureSweep.Seeds.Select(seed => Path.Combine(sweep.Directory.Path, $"lr={lr},seed={seed}")).ToArray();
            foreach (var metric in new[] { "train_accuracy", "test_accuracy", "train_loss", "test_loss" })
            {
                var values = directories.Select(d => (double)Manifest(d)["metrics"]![metric]!).ToArray();
                AssertStatistics(values, configuration["statistics"]![metric]!, $"{name} {metric}");
            }
            var walls = directories.Select(d => (double)JsonNode.Parse(File.ReadAllText(Path.Combine(d, "exit.json")))!["wall_seconds"]!).ToArray();
            AssertStatistics(walls, configuration["statistics"]!["wall_seconds"]!, $"{name} wall_seconds");
            // The lecture holds out no validation set: nothing to summarise, and the summary says so.
            Assert.Null(configuration["statistics"]!["validation_accuracy"]);
        }
    }

    // Mean, sample standard deviation (n − 1), min and max, computed here from the values, as the summary gives them.
    private static void AssertStatistics(double[] values, JsonNode statistics, string what)
    {
        var n = values.Length;
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= n;
        var squares = 0.0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        var std = Math.Sqrt(squares / (n - 1));
        Assert.True(values.Distinct().Count() > 1, $"{what}: the seeds should give different values");
        Assert.Equal(n, (int)statistics["n"]!);
        Assert.Equal(mean, (double)statistics["mean"]!, 1e-12);
        Assert.Equal(std, (double)statistics["std"]!, 1e-12);
        Assert.Equal(values.Min(), (double)statistics["min"]!);
        Assert.Equal(values.Max(), (double)statistics["max"]!);
    }

    [Fact]
    public void AKilledSweepStartedAgainFinishesWithTheSameSummary()
    {
        using var directory = new Data.TemporaryDirectory();
        using (var child = ChildCli.Start(LectureSweep.Arguments(sweep.Data, directory.Path, "--jobs", "2")))
        {
            var runs = LectureSweep.LearningRates.SelectMany(lr => LectureSweep.Seeds.Select(seed => Path.Combine(directory.Path, $"lr={lr},seed={seed}"))).ToArray();
            child.WaitUntil(() => runs.Any(r => File.Exists(Path.Combine(r, "exit.json"))), "the first run ended");
            child.Kill();
            Assert.False(File.Exists(Path.Combine(directory.Path, "summary.json")), "the sweep had finished before it was killed");
        }
        var again = CliRun.Of(LectureSweep.Arguments(sweep.Data, directory.Path, "--jobs", "2"));
        Assert.True(again.ExitCode == 0, again.Out + again.Error);
        var resumed = System.Text.RegularExpressions.Regex.Match(again.Out, @"(\d+) already done, (\d+) to run");
        Assert.True(resumed.Success, again.Out);
        Assert.InRange(int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture), 1, 5);
        Assert.Equal(LectureSweep.WithoutTimes(Summary), LectureSweep.WithoutTimes(LectureSweep.Summary(directory.Path)));
    }

    [Fact]
    public void RunningTheSameSweepAgainRunsNothingAndWritesTheSameSummary()
    {
        var before = Summary.ToJsonString();
        var again = CliRun.Of(LectureSweep.Arguments(sweep.Data, sweep.Directory.Path, "--jobs", "2"));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("6 already done, 0 to run", again.Out);
        Assert.Equal(before, Summary.ToJsonString());
    }

    [Fact]
    public void StatusListsEveryRunAsDoneAndCollectWritesTheSameSummary()
    {
        var status = CliRun.Of("sweep", "status", sweep.Directory.Path);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("6 done, 0 failed, 0 started, 0 pending", status.Out);
        var before = Summary.ToJsonString();
        var collect = CliRun.Of("sweep", "collect", sweep.Directory.Path);
        Assert.Equal(0, collect.ExitCode);
        Assert.Contains("lr=0.05", collect.Out);
        Assert.Equal(before, Summary.ToJsonString());
    }

    [Fact]
    public void AModelFileThatNoLongerMatchesItsManifestIsRunAgain()
    {
        using var directory = new Data.TemporaryDirectory();
        foreach (var file in System.IO.Directory.EnumerateFiles(sweep.Directory.Path, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(directory.Path, Path.GetRelativePath(sweep.Directory.Path, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        // lr=0.05,seed=2's model replaced by seed 1's: its manifest's hash no longer describes the file beside it.
        File.Copy(Path.Combine(directory.Path, "lr=0.05,seed=1", TrainRunner.ModelFileName), Path.Combine(directory.Path, "lr=0.05,seed=2", TrainRunner.ModelFileName), overwrite: true);
        var status = CliRun.Of("sweep", "status", directory.Path).Out;
        Assert.Contains("5 done, 1 failed, 0 started, 0 pending", status);
        Assert.Contains("the process ended without a consistent manifest and model", status);
        var again = CliRun.Of(LectureSweep.Arguments(sweep.Data, directory.Path, "--jobs", "2"));
        Assert.Contains("5 already done, 1 to run", again.Out);
        Assert.Equal(LectureSweep.WithoutTimes(Summary), LectureSweep.WithoutTimes(LectureSweep.Summary(directory.Path)));
    }

    [Fact]
    public void AFailedRunIsReportedAndTheOthersFinish()
    {
        using var directory = new Data.TemporaryDirectory();
        var run = CliRun.Of("sweep", "--recipe", "lecture", "--dataset", sweep.Data.Path, "--epochs", "2",
            "--layers", "784,16,10", "--layers", "784,16,11", "--out", directory.Path, "--jobs", "2");
        Assert.Equal(Exit.Failure, run.ExitCode);
        var runs = LectureSweep.Summary(directory.Path)["runs"]!.AsArray();
        Assert.Equal(["done", "failed"], runs.Select(r => (string)r!["status"]!));
        Assert.Equal(["layers=784-16-10", "layers=784-16-11"], runs.Select(r => (string)r!["name"]!));
        Assert.Contains("--layers must start with 784", (string)runs[1]!["error"]!);
        Assert.Contains("failed: layers=784-16-11", run.Out);
    }
}
