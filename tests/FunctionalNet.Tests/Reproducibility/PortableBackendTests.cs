using FunctionalNet.Data;
using FunctionalNet.Numerics;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// The portable backend's promise, checked where it can be on one machine: the same model hash, and the same bytes
/// from <c>neuron --json</c> and <c>gradcheck --json</c>, in this process and in child processes that run without
/// AVX-512 (<c>DOTNET_EnableAVX512=0</c>: 256-bit vectors; .NET 10 ignores the older <c>DOTNET_EnableAVX512F=0</c>, set too), without any SIMD (<c>DOTNET_EnableHWIntrinsic=0</c>) and on
/// one processor (<c>DOTNET_PROCESSOR_COUNT=1</c>: the two lanes one after the other). The data are MNIST-shaped (784
/// pixels, 80% zeros, so the first layer takes the sparse path); the lecture recipe's full batch is heavy enough to be
/// split in two lanes. .ci/run runs these again with the whole test process on the narrower widths, and on ARM64.
/// </summary>
public class PortableBackendTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public PortableBackendTests()
    {
        foreach (var (images, labels, count, seed) in new[] { ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 400, 1), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 100, 2) })
        {
            var (pixels, digits) = Workloads.SyntheticMnist(count, seed);
            File.WriteAllBytes(directory[images], Idx.WriteImages(new IdxImages(count, 28, 28, pixels)));
            File.WriteAllBytes(directory[labels], Idx.WriteLabels(digits));
        }
    }

    public void Dispose() => directory.Dispose();

    private static readonly (string Name, string? Value)[][] Machines =
    [
        [("DOTNET_EnableAVX512F", "0"), ("DOTNET_EnableAVX512", "0")],
        [("DOTNET_EnableHWIntrinsic", "0")],
        [("DOTNET_PROCESSOR_COUNT", "1")],
    ];

    [Theory]
    [InlineData("small", "f32", "1")]
    [InlineData("small", "f64", "1")]
    [InlineData("lecture", "f32", "2")]
    [InlineData("lecture", "f64", "2")]
    public void PortableTrainingGivesTheSameModelHashOnEveryVectorWidthAndProcessorCount(string recipe, string precision, string epochs)
    {
        string[] arguments = ["train", "--dataset", directory.Path, "--recipe", recipe, "--epochs", epochs, "--validation", "50", "--seed", "11",
            "--precision", precision, "--json", "--no-progress"];
        var here = InThisProcess(arguments);
        var hash = here.Summary.GetProperty("model_hash").GetString()!;
        foreach (var machine in Machines)
        {
            var child = InChild(arguments, machine);
            Assert.True(child.Exit == 0, child.Error);
            Assert.True(hash == child.ModelHash, $"{string.Join(", ", machine.Select(m => $"{m.Name}={m.Value}"))}: {child.ModelHash}, not {hash}");
        }
    }

    [Theory]
    [InlineData("neuron", "--json")]
    [InlineData("gradcheck", "--json")]
    [InlineData("gradcheck", "--json", "--activation", "sigmoid", "--loss", "bce")]
    [InlineData("gradcheck", "--json", "--sweep")]
    public void PortableJsonIsByteIdenticalOnEveryVectorWidthAndProcessorCount(params string[] arguments)
    {
        var here = InThisProcess(arguments);
        foreach (var machine in Machines)
        {
            var child = InChild(arguments, machine);
            Assert.True(child.Exit == here.ExitCode, child.Error);
            Assert.True(here.Out == child.Out, $"{string.Join(", ", machine.Select(m => $"{m.Name}={m.Value}"))} printed other bytes");
        }
    }

    [Theory]
    [InlineData("portable", "portable", true)]
    [InlineData(" Portable ", "portable", true)]
    [InlineData("managed", "managed", false)]
    public void TheBackendNameChoosesTheProductsAndTheArithmetic(string asked, string name, bool portable)
    {
        var executor = Executor.Choose(asked, blasThreads: 1, processors: 2);
        Assert.Equal((name, portable), (executor.Backend.Name, executor.Arithmetic.IsPortable));
        using var use = executor.Use();
        Assert.Same(portable ? Arithmetic.Portable : Arithmetic.Platform, Arithmetic.Current);
    }

    [Fact]
    public void InfoNamesThePortableBackendAndItsVectorWidth()
    {
        var child = ChildCli.Run(["info"], ("FUNCTIONALNET_BACKEND", "portable"), ("DOTNET_EnableHWIntrinsic", "0"));
        Assert.Contains("backend name: portable", child.Out);
        Assert.Contains("fused multiply-add, here without SIMD", child.Out);
        // The knob the width tests rely on really narrows the vectors (.NET 10 no longer reads DOTNET_EnableAVX512F).
        var narrower = ChildCli.Run(["info"], [("FUNCTIONALNET_BACKEND", "portable"), .. Machines[0]]);
        Assert.Contains(Width256<double>.IsAccelerated ? "here on 256-bit vectors" : Width128<double>.IsAccelerated ? "here on 128-bit vectors" : "here without SIMD", narrower.Out);
    }

    private static CliRun InThisProcess(string[] arguments)
    {
        using var use = Executor.Choose("portable", blasThreads: 1, processors: Environment.ProcessorCount).Use();
        var run = CliRun.Of(arguments);
        Assert.True(run.ExitCode == 0, run.Error);
        return run;
    }

    private static ChildRun InChild(string[] arguments, (string Name, string? Value)[] machine) =>
        ChildCli.Run(arguments, [("FUNCTIONALNET_BACKEND", "portable"), .. machine]);
}
