using FunctionalNet.Tests.Cli;
using System.Text.Json;
using FunctionalNet.Cli;
using FunctionalNet.Data;
using FunctionalNet.Numerics;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Numerics;

/// <summary><c>functionalnet bench</c> in-process: its JSON lines, and its refusals (exit code 2, one line on stderr).</summary>
public class BenchCommandTests
{
    private static CliRun Run(params string[] args) => CliRun.Of(args);

    [Fact]
    public void SgemmPrintsOneJsonLineAndASummary()
    {
        var (exit, output, error) = Run("bench", "--synthetic", "--workloads", "sgemm", "--json");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("sgemm", lines[0].GetProperty("name").GetString());
        Assert.Equal("f32", lines[0].GetProperty("precision").GetString());
        Assert.True(lines[0].GetProperty("gflops").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("seconds_per_epoch").ValueKind);
        Assert.Equal("summary", lines[1].GetProperty("event").GetString());
        Assert.Equal(Backend.Active.Name, lines[1].GetProperty("backend").GetString());
    }

    [Fact]
    public void ATrainingWorkloadReportsEpochTimeExamplesPerSecondAndGflops()
    {
        var (exit, output, _) = Run("bench", "--synthetic", "--workloads", "small-batch64", "--epochs", "1", "--json");
        Assert.Equal(0, exit);
        var line = JsonDocument.Parse(output.Split('\n')[0]).RootElement;
        var seconds = line.GetProperty("seconds_per_epoch").GetDouble();
        Assert.Equal("small-batch64", line.GetProperty("name").GetString());
        Assert.Equal(60_000 / seconds, line.GetProperty("examples_per_second").GetDouble(), 6);
        Assert.Equal(Workloads.SmallBatch64(Precision.F32).ProductFlopsPerEpoch(60_000) / seconds / 1e9, line.GetProperty("gflops").GetDouble(), 6);
        Assert.True(double.IsFinite(line.GetProperty("loss").GetDouble()));
    }

    [Fact]
    public void TwoBackendsPrintTheirTablesOneAfterTheOtherAndTheRatio()
    {
        var (exit, output, error) = Run("bench", "--synthetic", "--workloads", "sgemm", "--backends", "managed,portable");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("backend managed", lines[0]);
        Assert.StartsWith("backend portable", lines[3]);
        Assert.Matches(@"^portable/managed sgemm f32: [0-9.]+× the speed$", lines[^1]);
    }

    [Fact]
    public void InferenceWorkloadsPrintOneJsonLineEachWithBothPassesAndTheirAgreement()
    {
        var (exit, output, error) = Run("bench", "--synthetic", "--workloads", "inference-batch1,inference-batch1000", "--epochs", "2", "--json");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal(["inference-batch1", "inference-batch1000"], lines[..2].Select(l => l.GetProperty("name").GetString()));
        Assert.Equal([1, 1000], lines[..2].Select(l => l.GetProperty("batch").GetInt32()));
        foreach (var line in lines[..2])
        {
            Assert.Equal(("f32", 10_000, 2), (line.GetProperty("precision").GetString(), line.GetProperty("images").GetInt32(), line.GetProperty("rounds").GetInt32()));
            Assert.Equal((10_000, 10_000), (line.GetProperty("network_same_class").GetInt32(), line.GetProperty("inference_same_class").GetInt32()));
            var (networkBest, inferenceBest) = (line.GetProperty("network_best_images_per_second").GetDouble(), line.GetProperty("inference_best_images_per_second").GetDouble());
            Assert.InRange(line.GetProperty("network_median_images_per_second").GetDouble(), double.Epsilon, networkBest);
            Assert.InRange(line.GetProperty("inference_median_images_per_second").GetDouble(), double.Epsilon, inferenceBest);
            Assert.Equal(inferenceBest / networkBest, line.GetProperty("inference_over_network").GetDouble(), 12);
            // Up to rounding: the serving pass sums in another order than OpenBLAS or MathNet (README, Higham's bound).
            Assert.InRange(line.GetProperty("inference_largest_difference").GetDouble(), 0, 1e-5);
            Assert.InRange(line.GetProperty("input_density").GetDouble(), 0.15, 0.25);   // synthetic pixels are 80% zeros
            Assert.Equal(Backend.Active.Name, line.GetProperty("backend").GetString());
            Assert.InRange(line.GetProperty("lanes").GetInt32(), 1, 2);
        }
        // One network, trained once, timed at both batch sizes.
        Assert.Equal(lines[0].GetProperty("fingerprint").GetString(), lines[1].GetProperty("fingerprint").GetString());
        Assert.Equal(10_000, lines[2].GetProperty("test_images").GetInt32());
    }

    [Fact]
    public void InferenceRowsShowBothPassesTheRatioAndTheAgreementCount()
    {
        using var directory = MnistShaped(train: 300, test: 37);
        var (exit, output, error) = Run("bench", "--dataset", directory.Path, "--workloads", "inference-batch1000", "--epochs", "1");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);   // backend, what is timed, header, two rows: no training table
        Assert.StartsWith("inference: 37 test images, 1 interleaved rounds", lines[1]);
        Assert.Matches(@"^inference-batch1000 +f32 +Network\.Predict +[0-9,]+ +[0-9,]+ +37/37 +[0-9a-f]{16}$", lines[3]);
        Assert.Matches(@"^inference-batch1000 +f32 +Inference\.Predict +[0-9,]+ +[0-9,]+ +37/37 +[0-9.]+× +[0-9.]+e[-+][0-9]+$", lines[4]);
    }

    [Fact]
    public void InferenceRunsInDoublePrecisionToo()
    {
        using var directory = MnistShaped(train: 300, test: 37);
        var (exit, output, _) = Run("bench", "--dataset", directory.Path, "--workloads", "inference-batch1000", "--epochs", "1", "--precision", "f64", "--json");
        Assert.Equal(0, exit);
        var line = JsonDocument.Parse(output.Split('\n')[0]).RootElement;
        Assert.Equal(("f64", 37, 37), (line.GetProperty("precision").GetString(), line.GetProperty("network_same_class").GetInt32(), line.GetProperty("inference_same_class").GetInt32()));
        Assert.InRange(line.GetProperty("inference_largest_difference").GetDouble(), 0, 1e-12);
    }

    [Fact]
    public void InferenceTimesEveryTestImageOfADirectoryAndAgreesOnAll()
    {
        using var directory = MnistShaped(train: 300, test: 37);
        var (exit, output, error) = Run("bench", "--dataset", directory.Path, "--workloads", "inference-batch1,inference-batch1000", "--epochs", "1", "--json");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.All(lines[..2], line => Assert.Equal((37, 37, 37), (line.GetProperty("images").GetInt32(),
            line.GetProperty("network_same_class").GetInt32(), line.GetProperty("inference_same_class").GetInt32())));
        Assert.Equal((300, 37), (lines[2].GetProperty("examples").GetInt32(), lines[2].GetProperty("test_images").GetInt32()));
    }

    [Fact]
    public void TwoBackendsTimeTheSameInferenceNetworkAndCompareNetworkPredict()
    {
        using var directory = MnistShaped(train: 300, test: 37);
        var (exit, output, error) = Run("bench", "--dataset", directory.Path, "--workloads", "inference-batch1", "--epochs", "1", "--backends", "managed,portable");
        Assert.Equal((0, ""), (exit, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Network.Predict through managed", lines[1]);
        Assert.Contains("Network.Predict through portable", lines[6]);
        // The network is trained once, under the first backend, and both time it.
        Assert.Equal(lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], lines[8].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Matches(@"^portable/managed inference-batch1 f32: [0-9.]+× the speed of Network\.Predict$", lines[^1]);
    }

    [Fact]
    public void ABrokenTestFileIsOneLineAndOnlyAnInferenceWorkloadReadsIt()
    {
        using var directory = MnistShaped(train: 300, test: 37);
        var testImages = Path.Combine(directory.Path, SmallFiles.TestImages);
        File.WriteAllBytes(testImages, File.ReadAllBytes(testImages)[..1000]);
        CliRun.Of("bench", "--dataset", directory.Path, "--workloads", "inference-batch1", "--epochs", "1").FailsWith(1, SmallFiles.TestImages);
        Assert.Equal(0, Run("bench", "--dataset", directory.Path, "--workloads", "small-batch64", "--epochs", "1", "--json").ExitCode);
    }

    [Fact]
    public void ImagesOfAnotherSizeAreOneLine()
    {
        using var directory = SmallFiles.Directory(SmallFiles.Valid());
        CliRun.Of("bench", "--dataset", directory.Path, "--workloads", "inference-batch1").FailsWith(1, "2×3 images");
    }

    // The four IDX files of synthetic 28 × 28 examples: train from SyntheticMnist, test from SyntheticMnistTest.
    private static TemporaryDirectory MnistShaped(int train, int test)
    {
        var (trainPixels, trainLabels) = Workloads.SyntheticMnist(train, 5);
        var (testPixels, testLabels) = Workloads.SyntheticMnistTest(test, 5);
        return SmallFiles.Directory(new Dictionary<string, byte[]>
        {
            [SmallFiles.TrainImages] = Idx.WriteImages(new IdxImages(train, 28, 28, trainPixels)),
            [SmallFiles.TrainLabels] = Idx.WriteLabels(trainLabels),
            [SmallFiles.TestImages] = Idx.WriteImages(new IdxImages(test, 28, 28, testPixels)),
            [SmallFiles.TestLabels] = Idx.WriteLabels(testLabels),
        });
    }

    [Theory]
    [InlineData("bench", "--synthetic", "--workloads", "inference-batch10")]
    [InlineData("bench", "--dataset", "/no/such/directory")]
    [InlineData("bench", "--synthetic", "--dataset", "/tmp")]
    [InlineData("bench", "--synthetic", "--precision", "f16")]
    [InlineData("bench", "--synthetic", "--workloads", "lecture,sgemm")]
    [InlineData("bench", "--synthetic", "--epochs", "0")]
    [InlineData("bench", "--synthetic", "--backends", "openblas,mkl")]
    [InlineData("bench", "--synthetic", "--backends", "portable,portable")]
    public void BadUsageIsOneLineAndExitCodeTwo(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
