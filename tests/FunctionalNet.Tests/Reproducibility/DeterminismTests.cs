using FunctionalNet.Tests.Cli;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// Same seed, same configuration, same backend: the same model hash in this process, in other processes, and with
/// the thread counts changed — OpenBLAS's (<c>OPENBLAS_NUM_THREADS</c>) and .NET's (<c>DOTNET_PROCESSOR_COUNT</c>,
/// which also sets MathNet's <c>Control.MaxDegreeOfParallelism</c>, so 1 turns its parallel loops off).
/// </summary>
public class DeterminismTests : IDisposable
{
    private readonly TinyDigits digits = new();

    public void Dispose() => digits.Dispose();

    // A 1024-unit hidden layer and batches of 128 make every product large enough to run in parallel: MathNet
    // parallelises a product once rows + columns + inner size ≥ 64, OpenBLAS once m·n·k > 262,144 (W1·X is 1024·16·128).
    // And a batch of 128 has 21 MFLOP of products, over ColumnBlocks.SplitFlops: it runs in two lanes, side by side
    // on two processors and one after the other on one (the last batch of each epoch, 94 examples, runs whole).
    private string[] Arguments(string precision) =>
    [
        "train", "--dataset", digits.Path, "--layers", "16,1024,10", "--epochs", "2", "--batch", "128", "--validation", "50",
        "--optimizer", "adam", "--lr", "0.01", "--dropout", "0.2", "--seed", "11", "--precision", precision, "--json",
    ];

    private static readonly (string Name, string? Value)[][] ThreadSettings =
    [
        [("OPENBLAS_NUM_THREADS", null), ("DOTNET_PROCESSOR_COUNT", null)],
        [("OPENBLAS_NUM_THREADS", "1"), ("DOTNET_PROCESSOR_COUNT", null)],
        [("OPENBLAS_NUM_THREADS", "2"), ("DOTNET_PROCESSOR_COUNT", null)],
        [("OPENBLAS_NUM_THREADS", null), ("DOTNET_PROCESSOR_COUNT", "1")],
        [("OPENBLAS_NUM_THREADS", "1"), ("DOTNET_PROCESSOR_COUNT", "1")],
    ];

    [Theory]
    [InlineData("f32")]
    [InlineData("f64")]
    public void EveryThreadCountAndProcessGivesTheSameModelHash(string precision)
    {
        var inProcess = CliRun.Of(Arguments(precision));
        Assert.Equal(0, inProcess.ExitCode);
        var expected = inProcess.Summary.GetProperty("model_hash").GetString();
        // The children run at the same time, on a busy machine: scheduling must not matter either.
        var children = ThreadSettings.Select(environment => Task.Run(() => ChildCli.Run(Arguments(precision), environment))).ToArray();
        foreach (var (run, environment) in children.Select(t => t.Result).Zip(ThreadSettings))
        {
            Assert.True(run.Exit == 0, run.Error);
            Assert.True(expected == run.ModelHash,
                $"{string.Join(" ", environment.Select(e => $"{e.Name}={e.Value ?? "(unset)"}"))} gave {run.ModelHash}, this process {expected}");
        }
    }
}
