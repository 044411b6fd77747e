using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Sweep;

/// <summary>
/// The first <see cref="TrainCount"/> training and <see cref="TestCount"/> test images of the real MNIST (from the
/// cache CI fills), cut by <c>functionalnet data subset</c> into a temporary directory to pass as <c>--dataset</c>:
/// the lecture's 784-16-16-10 network trains on it in a fraction of a second per epoch.
/// </summary>
internal sealed class MnistSubset : IDisposable
{
    public const int TrainCount = 1000;
    public const int TestCount = 300;

    private readonly TemporaryDirectory directory = new();

    public MnistSubset()
    {
        var subset = CliRun.Of("data", "subset", "mnist", "--train", $"{TrainCount}", "--test", $"{TestCount}", "--out", directory.Path);
        if (subset.ExitCode != 0) throw new InvalidOperationException($"data subset failed: {subset.Error}");
    }

    /// <summary>The directory to pass as <c>--dataset</c>.</summary>
    public string Path => directory.Path;

    public void Dispose() => directory.Dispose();
}
