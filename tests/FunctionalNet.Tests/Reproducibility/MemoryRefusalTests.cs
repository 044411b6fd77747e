using FunctionalNet.Cli;
using FunctionalNet.Data;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// Requests that would need absurd memory are refused with one line before anything big is allocated: networks too
/// large for the memory limit (checked from the shapes), and IDX files whose headers claim more than they hold.
/// </summary>
public class MemoryRefusalTests : IDisposable
{
    private readonly TinyDigits digits = new();

    public void Dispose() => digits.Dispose();

    /// <summary>Runs the shell in this thread and returns what it printed and the bytes this thread allocated meanwhile.</summary>
    private static (CliRun Run, long Allocated) Measured(params string[] args)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = CliRun.Of(args);
        return (run, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TenBillionWeightsAreRefusedBeforeAnyAllocation()
    {
        var (run, allocated) = Measured("train", "--layers", "100000,100000");
        run.AssertFailsCleanly(2);
        Assert.Contains("10,000,100,000 parameters", run.Error);
        Assert.Contains("more than the limit of", run.Error);
        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void AHugeHiddenLayerIsRefusedBeforeTheDataIsRead()
    {
        // The dataset (4×4 images) does not even fit these layers: the memory check comes first.
        var (run, allocated) = Measured("train", "--dataset", digits.Path, "--layers", "16,100000,100000,10");
        run.AssertFailsCleanly(2);
        Assert.Contains("would need about", run.Error);
        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void FullBatchActivationsTooLargeForMemoryAreRefusedBeforeTheNetworkIsBuilt()
    {
        // 400 examples at once through a hidden layer sized so that its ~6 values per unit and example exceed the limit
        // by a fifth, while its weights (27 per unit, 4 copies for gradient descent) take a twentieth of it.
        var (limit, _) = MemoryGuard.Limit();
        var hidden = (int)Math.Ceiling(1.2 * limit / (400 * 6 * 4));
        var (run, allocated) = Measured("train", "--dataset", digits.Path, "--layers", $"16,{hidden},10", "--batch", "full",
            "--optimizer", "gd", "--validation", "0", "--epochs", "1");
        run.AssertFailsCleanly(2);
        Assert.Contains("activations", run.Error);
        Assert.True(allocated < 64 << 20, $"allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(IdxProblem.HeaderExceedsData)]
    [InlineData(IdxProblem.TooLarge)]
    public void TrainOnAForgedHeaderFailsCleanlyWithoutAllocatingWhatItClaims(IdxProblem problem)
    {
        var (files, broken) = SmallFiles.Broken(problem);
        using var directory = SmallFiles.Directory(files);
        var (run, allocated) = Measured("train", "--dataset", directory.Path, "--layers", "6,4,10", "--epochs", "1", "--validation", "0");
        run.AssertFailsCleanly(1);
        Assert.Contains(broken, run.Error);
        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void TheEstimateCountsParametersCopiesAndTheLargestActivationsByHand()
    {
        // 784-16-16-10: 784·16+16 + 16·16+16 + 16·10+10 = 13,002 parameters; Adam keeps 4 + 7 copies, and the best
        // network one more. Activations: a batch of 64 holds 64·(6·42 + 2·784) = 116,480 values, an evaluation block
        // of 8,192 examples 8,192·(3·42 + 784) = 7,454,720: the larger counts.
        var layers = LayerSpec.Stack([784, 16, 16, 10], new Activation.ReLU(), new Activation.Softmax()).ThrowIfFail();
        var estimate = MemoryEstimates.Of(layers, Recipes.Small.Options, keepsBest: true, examples: 55_000, bytesPerValue: 4);
        Assert.Equal(new MemoryEstimate(13_002, 12, 7_454_720, 4), estimate);
        Assert.Equal((12.0 * 13_002 + 7_454_720) * 4, estimate.Bytes);
        Assert.True(MemoryEstimates.Fits(estimate, estimate.Bytes, "exactly").IsSucc);
        Assert.True(MemoryEstimates.Fits(estimate, estimate.Bytes - 1, "a byte less").IsFail);
    }
}
