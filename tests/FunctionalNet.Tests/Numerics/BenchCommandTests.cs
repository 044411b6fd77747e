using FunctionalNet.Tests.Cli;
using System.Text.Json;
using FunctionalNet.Cli;
using FunctionalNet.Numerics;

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

    [Theory]
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
