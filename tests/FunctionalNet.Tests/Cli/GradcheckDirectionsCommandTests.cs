namespace FunctionalNet.Tests.Cli;

/// <summary><c>functionalnet gradcheck --directions K</c>, driven in-process: K random directions instead of every entry.</summary>
public class GradcheckDirectionsCommandTests
{
    [Fact]
    public void EachDirectionIsOneJsonObjectBeforeThePassingSummary()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--directions", "5", "--json");
        Assert.True(exit == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(5 + 1, lines.Length);
        var directions = lines[..^1].Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToArray();
        Assert.All(directions, d => Assert.Equal("direction", d.GetProperty("event").GetString()));
        Assert.Equal([0, 1, 2, 3, 4], directions.Select(d => d.GetProperty("index").GetInt32()));
        var summary = CliRun.SummaryOf(output);
        Assert.True(summary.GetProperty("passed").GetBoolean());
        Assert.Equal(5, summary.GetProperty("counted").GetInt32());
        Assert.Equal(6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3, summary.GetProperty("parameters").GetInt64());
        Assert.True(summary.GetProperty("max_relative_error").GetDouble() < 1e-6);
    }

    [Fact]
    public void TheTextReportListsTheDirectionsAndWhatTheyCatch()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--directions", "3");
        Assert.True(exit == 0, error);
        Assert.Contains("3 directions: 0 across a kink, 0 not applicable, 3 counted", output);
        Assert.Contains("is caught with probability 99% at least", output);
        Assert.Contains("PASSED", output);
    }

    [Fact]
    public void ReluDirectionsPassWithTheirKinksReported()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--activation", "relu", "--seed", "2", "--directions", "8", "--json");
        Assert.True(exit == 0, error);
        var summary = CliRun.SummaryOf(output);
        Assert.True(summary.GetProperty("passed").GetBoolean());
        Assert.Equal(8, summary.GetProperty("counted").GetInt32() + summary.GetProperty("kinks").GetInt32());
    }

    [Fact]
    public void AFailedDirectionalCheckNamesTheWorstDirectionAndExitsWithOne()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--activation", "tanh", "--loss", "mse", "--directions", "4", "--threshold", "1e-13");
        Assert.Equal(1, exit);
        Assert.Contains("FAILED", output);
        Assert.Matches(@"^functionalnet: directional gradient check failed: max relative error .* along direction [0-3]\s*$", error);
    }

    [Theory]
    [InlineData("--directions", "0")]
    [InlineData("--directions", "4", "--sweep")]
    [InlineData("--directions", "4", "--sample", "3")]
    [InlineData("--directions", "4", "--export-gradients", "g.npz")]
    public void DirectionsOutOfRangeOrCombinedWithEntryOptionsAreUsageErrors(params string[] options)
    {
        CliRun.Of(["gradcheck", .. options]).AssertFailsCleanly(2);
    }
}
