using FunctionalNet.Cli;
using FunctionalNet.Serialization;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// A process killed while it writes a model or a checkpoint loses nothing: the previous file is intact and loads.
/// The child is made to pause with half of the new file on disk (a test-only hook), and is killed there.
/// </summary>
public class InterruptedWriteTests : IDisposable
{
    private static readonly (string, string?) PauseMidWrite = ("FUNCTIONALNET_TEST_WRITE_PAUSE_MS", "60000");

    private readonly TinyDigits digits = new();
    private readonly TemporaryDirectory runs = new();

    public void Dispose()
    {
        digits.Dispose();
        runs.Dispose();
    }

    /// <summary>Starts a second run into <paramref name="directory"/>, kills it halfway through writing <paramref name="file"/>; returns the half-written temporary file.</summary>
    private string KilledWhileWriting(string directory, string file, params string[] options)
    {
        using var child = ChildCli.Start(TinyRun.Arguments(digits, ["--seed", "9", "--out", directory, .. options]), PauseMidWrite);
        string[] Temporary() => Directory.GetFiles(directory, $"{file}.*.tmp");
        child.WaitUntil(() => Temporary().Length > 0, $"{file} was being written");
        child.Kill();
        return Assert.Single(Temporary());
    }

    [Fact]
    public void AModelWriteKilledHalfwayLeavesThePreviousModelIntact()
    {
        var directory = runs["model"];
        var model = Path.Combine(directory, TrainRunner.ModelFileName);
        Assert.Equal(0, CliRun.Of(TinyRun.Arguments(digits, "--seed", "5", "--out", directory)).ExitCode);
        var before = File.ReadAllBytes(model);

        var partial = KilledWhileWriting(directory, TrainRunner.ModelFileName);

        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.Equal(TinyRun.ReferenceHash(digits, "5"), ModelStore.Load(model).ModelHash);
        Assert.InRange(new FileInfo(partial).Length, 1, before.Length - 1);
        Assert.True(ModelFile.Decode<float>(File.ReadAllBytes(partial)).IsFail);
    }

    [Fact]
    public void ACheckpointWriteKilledHalfwayLeavesThePreviousCheckpointIntact()
    {
        var directory = runs["checkpoint"];
        var checkpoint = Path.Combine(directory, CheckpointStore.FileName);
        Assert.Equal(0, CliRun.Of(TinyRun.Arguments(digits, "--seed", "5", "--out", directory, "--checkpoint-every", "18")).ExitCode);
        File.Delete(Path.Combine(directory, TrainRunner.ModelFileName));
        var before = File.ReadAllBytes(checkpoint);

        KilledWhileWriting(directory, CheckpointStore.FileName, "--checkpoint-every", "5");

        Assert.Equal(before, File.ReadAllBytes(checkpoint));
        Assert.Equal(72, CheckpointFile.Decode<float>(before).ThrowIfFail().State.Optimizer.Step);
        // And it still resumes: to the end of the run it came from.
        var resumed = CliRun.Of("train", "--resume", checkpoint, "--json");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(TinyRun.ReferenceHash(digits, "5"), resumed.Summary.GetProperty("model_hash").GetString());
    }
}
