using FunctionalNet.Cli;
using FunctionalNet.Serialization;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// A run killed (SIGKILL, as a child process) after a checkpoint and resumed with <c>train --resume FILE</c> ends with
/// the uninterrupted run's model, bit for bit: killed between epochs and in the middle of one.
/// </summary>
public class CheckpointResumeTests : IDisposable
{
    // Slows the child to 25 ms per update so it is still training when the test kills it; it changes no numbers.
    private static readonly (string, string?) Slowly = ("FUNCTIONALNET_TEST_UPDATE_DELAY_MS", "25");

    private readonly TinyDigits digits = new();
    private readonly TemporaryDirectory runs = new();

    public void Dispose()
    {
        digits.Dispose();
        runs.Dispose();
    }

    /// <summary>Trains in a child, kills it once a checkpoint exists, and returns the checkpoint's path and state.</summary>
    private (string Path, TrainingState<float> State) KilledAfterACheckpoint(string directory, int every)
    {
        var checkpoint = Path.Combine(directory, CheckpointStore.FileName);
        using var child = ChildCli.Start(TinyRun.Arguments(digits, "--seed", "5", "--out", directory, "--checkpoint-every", $"{every}"), Slowly);
        child.WaitUntil(() => File.Exists(checkpoint), "a checkpoint was written");
        child.Kill();
        Assert.False(File.Exists(Path.Combine(directory, TrainRunner.ModelFileName)), "the run finished before it was killed");
        return (checkpoint, CheckpointFile.Decode<float>(File.ReadAllBytes(checkpoint)).ThrowIfFail().State);
    }

    private void AssertResumesToTheUninterruptedModel(string checkpoint, string directory)
    {
        var resumed = ChildCli.Run(["train", "--resume", checkpoint, "--json"]);
        Assert.True(resumed.Exit == 0, resumed.Error);
        var reference = TinyRun.ReferenceHash(digits, "5");
        Assert.Equal(reference, resumed.ModelHash);
        Assert.Equal(reference, ModelStore.Load(Path.Combine(directory, TrainRunner.ModelFileName)).ModelHash);
    }

    [Fact]
    public void KilledBetweenEpochsAndResumedEndsWithTheUninterruptedModel()
    {
        var directory = runs["between"];
        var (checkpoint, state) = KilledAfterACheckpoint(directory, every: TinyRun.UpdatesPerEpoch);
        Assert.Equal(0, state.Batch);
        Assert.InRange(state.Epoch, 1, 3);
        Assert.Equal(state.Epoch, state.History.Count);
        AssertResumesToTheUninterruptedModel(checkpoint, directory);
    }

    [Fact]
    public void KilledDuringAnEpochAndResumedEndsWithTheUninterruptedModel()
    {
        var directory = runs["during"];
        var (checkpoint, state) = KilledAfterACheckpoint(directory, every: 7);
        Assert.InRange(state.Batch, 1, TinyRun.UpdatesPerEpoch - 1);
        Assert.Equal(state.Epoch * TinyRun.UpdatesPerEpoch + state.Batch, state.Optimizer.Step);
        AssertResumesToTheUninterruptedModel(checkpoint, directory);
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, Manifest.FileName))).RootElement;
        Assert.Equal(state.Optimizer.Step, manifest.GetProperty("resumed_from").GetProperty("update").GetInt32());
        Assert.Equal("train", manifest.GetProperty("command_line")[0].GetString());
    }

    [Fact]
    public void ACheckpointedRunEndsWithTheSameModelAsOneWithout()
    {
        var directory = runs["checkpointed"];
        var run = CliRun.Of(TinyRun.Arguments(digits, "--seed", "5", "--out", directory, "--checkpoint-every", "5", "--json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TinyRun.ReferenceHash(digits, "5"), run.Summary.GetProperty("model_hash").GetString());
        // The last checkpoint is after update 70 (of 72): epoch 4, batch 16.
        var state = CheckpointFile.Decode<float>(File.ReadAllBytes(Path.Combine(directory, CheckpointStore.FileName))).ThrowIfFail().State;
        Assert.Equal((70, 3, 16), (state.Optimizer.Step, state.Epoch, state.Batch));
    }

    [Fact]
    public void ResumingOnOtherDataIsRefused()
    {
        var directory = runs["other-data"];
        Assert.Equal(0, CliRun.Of(TinyRun.Arguments(digits, "--out", directory, "--checkpoint-every", "30")).ExitCode);
        var image = Path.Combine(digits.Path, "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(image);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(image, bytes);
        var run = CliRun.Of("train", "--resume", Path.Combine(directory, CheckpointStore.FileName));
        run.AssertFailsCleanly(1);
        Assert.Contains("trained on data with SHA-256", run.Error);
    }

    [Fact]
    public void ResumeTakesNoTrainingOptions()
    {
        var run = CliRun.Of("train", "--resume", runs["any.fnck"], "--lr", "0.5");
        run.AssertFailsCleanly(2);
        Assert.Contains("--lr", run.Error);
    }

    [Fact]
    public void CheckpointEveryNeedsAnOutputDirectory() =>
        CliRun.Of(TinyRun.Arguments(digits, "--checkpoint-every", "5")).AssertFailsCleanly(2);

    [Fact]
    public void AMissingOrDamagedCheckpointIsRefusedWithOneLine()
    {
        CliRun.Of("train", "--resume", runs["missing.fnck"]).AssertFailsCleanly(1);
        var directory = runs["damaged"];
        CliRun.Of(TinyRun.Arguments(digits, "--out", directory, "--checkpoint-every", "30"));
        var checkpoint = Path.Combine(directory, CheckpointStore.FileName);
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length - 40)]);
        var run = CliRun.Of("train", "--resume", checkpoint);
        run.AssertFailsCleanly(1);
        Assert.Contains("corrupt or truncated", run.Error);
        var model = CliRun.Of("train", "--resume", Path.Combine(directory, TrainRunner.ModelFileName));
        model.AssertFailsCleanly(1);
        Assert.Contains("not a FunctionalNet checkpoint", model.Error);
    }
}
