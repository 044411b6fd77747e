using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FunctionalNet.Cli;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Robustness;

/// <summary>
/// Issue 15, the shell's part: every command ends in one line on stderr with exit 1 or 2, at once, for sizes that
/// wrap 32 bits, huge values, FIFOs and devices, a swapped model beside a manifest, a data directory that is a file,
/// and values System.CommandLine cannot convert — never a native crash, a hang, "internal error" or a .NET type name.
/// </summary>
public class RobustnessTests : IDisposable
{
    private readonly TinyDigits digits = new();
    private readonly TemporaryDirectory scratch = new();

    public void Dispose()
    {
        digits.Dispose();
        scratch.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    private string Fifo(string name)
    {
        var path = scratch[name];
        Assert.Equal(0, mkfifo(path, 0x180));   // 0600
        return path;
    }

    // Runs in-process with a deadline: a command that opened a FIFO would block here forever.
    internal static CliRun Within(TimeSpan deadline, params string[] args)
    {
        var run = Task.Run(() => CliRun.Of(args));
        Assert.True(run.Wait(deadline), $"functionalnet {string.Join(" ", args)} did not finish within {deadline.TotalSeconds} s");
        return run.Result;
    }

    private static CliRun Clean(CliRun run, int exit)
    {
        run.AssertFailsCleanly(exit);
        Assert.DoesNotContain("internal error", run.Error);
        Assert.DoesNotMatch(new Regex(@"System\.|`1\["), run.Error);
        return run;
    }

    [Theory]
    [InlineData("gradcheck", "--layers", "65536,65537,3")]
    [InlineData("lesson", "matrices", "--sizes", "65536,65537")]
    [InlineData("lesson", "matrices", "--sizes", "99999999,99999999")]
    public void SizesThatWrapThirtyTwoBitsAreRefusedBeforeAnythingIsAllocated(params string[] args) =>
        Assert.Contains("more than one matrix holds", Clean(Within(TimeSpan.FromSeconds(20), args), Exit.Usage).Error);

    [Fact]
    public void TheCoreRefusesALayerWhoseWeightsWrapThirtyTwoBits() =>
        Assert.True(LayerSpec.Stack([65536, 65537, 3], new Activation.Tanh(), new Activation.Softmax())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), 1)).IsFail);

    [Theory]
    [InlineData("neuron", "--epochs", "2147483647")]
    [InlineData("gradcheck", "--maxout", "99999999")]
    [InlineData("gradcheck", "--layers", "784,800,800,10")]
    [InlineData("gradcheck", "--batch", "2147483647")]
    [InlineData("lesson", "xor", "--hidden", "65537")]
    [InlineData("lesson", "xor", "--epochs", "2147483647")]
    [InlineData("lesson", "perceptron", "--epochs", "2147483647")]
    [InlineData("lesson", "matrices", "--check-examples", "2147483647")]
    [InlineData("lesson", "descent", "--data", "synthetic", "--per-class", "2147483647")]
    [InlineData("lesson", "universal-approximation", "--epochs", "2147483647")]
    [InlineData("neuron", "--bias", "NaN")]
    [InlineData("lesson", "universal-approximation", "--steepness", "1e308")]
    public void HugeValuesAreRefusedWithOneLine(params string[] args) => Clean(Within(TimeSpan.FromSeconds(20), args), Exit.Usage);

    [Fact]
    public void TrainRefusesMoreEpochsThanItsBound() =>
        Clean(Within(TimeSpan.FromSeconds(20), Train("--epochs", "2147483647")), Exit.Usage);

    // A train command line on the tiny digits, the options given added (none of them repeated).
    private string[] Train(params string[] more) => ["train", "--dataset", digits.Path, "--validation", "50", "--no-progress", .. more];

    [Theory]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("export")]
    public void AFifoGivenAsAModelIsRefusedAtOnce(string command)
    {
        var fifo = Fifo("model.fnet");
        string[] args = command == "export" ? [command, "--model", fifo, "--out", scratch["x.npz"]] : [command, "--model", fifo, "--dataset", digits.Path];
        Assert.Contains("is a FIFO", Clean(Within(TimeSpan.FromSeconds(10), args), Exit.Failure).Error);
    }

    [Fact]
    public void AFifoGivenToResumeIsRefusedAtOnce() =>
        Assert.Contains("is a FIFO", Clean(Within(TimeSpan.FromSeconds(10), "train", "--resume", Fifo("checkpoint.fnck")), Exit.Failure).Error);

    [Fact]
    public void AFifoAmongTheDatasetFilesIsRefusedAtOnce()
    {
        var directory = scratch["fifo-data"];
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(digits.Path)) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        File.Delete(Path.Combine(directory, "train-images-idx3-ubyte"));
        Assert.Equal(0, mkfifo(Path.Combine(directory, "train-images-idx3-ubyte"), 0x180));
        Assert.Contains("is a FIFO", Clean(Within(TimeSpan.FromSeconds(10),
            "train", "--dataset", directory, "--layers", "16,8,10", "--validation", "50", "--no-progress"), Exit.Failure).Error);
    }

    [Fact]
    public void ADeviceGivenAsAModelIsRefusedWithoutReadingIt() =>
        Assert.Contains("character device", Clean(Within(TimeSpan.FromSeconds(10), "evaluate", "--model", "/dev/zero", "--dataset", digits.Path), Exit.Failure).Error);

    [Fact]
    public void ASymbolicLinkToAModelIsReadAsTheModel()
    {
        var output = scratch["linked"];
        Assert.Equal(0, CliRun.Of(digits.TrainArguments("--out", output)).ExitCode);
        var link = scratch["link.fnet"];
        File.CreateSymbolicLink(link, Path.Combine(output, "model.fnet"));
        Assert.Equal(0, CliRun.Of("evaluate", "--model", link, "--dataset", digits.Path).ExitCode);
    }

    [Fact]
    public void ReplayReportsARunDirectoryWhoseModelWasSwapped()
    {
        var (first, second) = (scratch["first"], scratch["second"]);
        Assert.Equal(0, CliRun.Of(digits.TrainArguments("--out", first)).ExitCode);
        Assert.Equal(0, CliRun.Of(digits.TrainArguments("--out", second, "--seed", "2")).ExitCode);
        File.Copy(Path.Combine(second, "model.fnet"), Path.Combine(first, "model.fnet"), overwrite: true);
        var replay = Clean(Within(TimeSpan.FromSeconds(30), "train", "--replay", Path.Combine(first, "manifest.json")), Exit.Failure);
        Assert.Contains("inconsistent run directory", replay.Error);
        Assert.DoesNotContain("hash matches", replay.Out);
    }

    [Fact]
    public void ADataDirectoryThatIsAFileIsOneLine()
    {
        var file = scratch["not-a-directory"];
        File.WriteAllText(file, "x");
        Assert.Contains("not a directory", Clean(Within(TimeSpan.FromSeconds(10), "train", "--data-dir", file), Exit.Usage).Error);
    }

    [Theory]
    [InlineData("--lr", "abc", "--lr expects a number (got 'abc')")]
    [InlineData("--momentum", "x", "--momentum expects a number (got 'x')")]
    [InlineData("--epochs", "99999999999", "--epochs expects a whole number")]
    [InlineData("--validation", "1.5", "--validation expects a whole number")]
    public void ValuesThatDoNotConvertAreNamedInPlainWords(string option, string value, string message) =>
        Assert.Contains(message, Clean(CliRun.Of("train", option, value), Exit.Usage).Error);

    [Theory]
    [InlineData("--batch", "99999999999")]
    [InlineData("--layers", "784,99999999999,10")]
    [InlineData("--layers", "784,65536,65537,10")]
    public void OverflowingTrainingSizesAreUsageErrors(string option, string value) =>
        Clean(Within(TimeSpan.FromSeconds(20), Train(option, value)), Exit.Usage);
}
