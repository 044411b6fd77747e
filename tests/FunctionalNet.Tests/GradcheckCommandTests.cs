using FunctionalNet.Tests.Cli;
namespace FunctionalNet.Tests;

/// <summary><c>functionalnet gradcheck</c>, driven in-process: backpropagation agrees with central differences.</summary>
public class GradcheckCommandTests
{
    public static TheoryData<string, string> ActivationsAndLosses()
    {
        var data = new TheoryData<string, string>();
        foreach (var activation in new[] { "sigmoid", "tanh", "relu", "leaky-relu", "elu" })
            foreach (var loss in new[] { "half-sse", "mse", "softmax-ce" })
                data.Add(activation, loss);
        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationsAndLosses))]
    public void GradcheckPassesOnTheSmallNetwork(string activation, string loss)
    {
        // Seed 2: with seed 1 every ReLU output unit of this small network is dead on the batch, so relu × half-sse/mse
        // would pass with every derivative 0 — true, and useless (the command prints a note when that happens).
        var (exit, output, error) = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--activation", activation, "--loss", loss, "--seed", "2", "--json");
        Assert.True(exit == 0, error);
        var summary = CliRun.SummaryOf(output);
        Assert.True(summary.GetProperty("passed").GetBoolean());
        Assert.True(summary.GetProperty("max_relative_error").GetDouble() < 1e-6);
        Assert.Equal(6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3, summary.GetProperty("checked").GetInt32());
        Assert.True(summary.GetProperty("zeros").GetInt32() < summary.GetProperty("checked").GetInt32() / 2, "most derivatives are exactly 0");
    }

    [Fact]
    public void ACheckWhereEveryDerivativeIsZeroSaysSo()
    {
        var (exit, output, _) = CliRun.Of("gradcheck", "--activation", "relu", "--loss", "half-sse", "--seed", "1");
        Assert.Equal(0, exit);
        Assert.Contains("note: every derivative checked is exactly 0", output);
    }

    [Fact]
    public void AFailedCheckPrintsTheTableAndExitsWithOne()
    {
        // A threshold below the central difference's own accuracy must fail, naming the worst entry on stderr.
        var (exit, output, error) = CliRun.Of("gradcheck", "--activation", "tanh", "--loss", "mse", "--threshold", "1e-13");
        Assert.Equal(1, exit);
        Assert.Contains("FAILED", output);
        Assert.Matches(@"^functionalnet: gradient check failed: max relative error .* at [Wb][0-9]+\[[0-9]+,[0-9]+\]\s*$", error);
    }

    [Theory]
    [InlineData("--activation", "swish")]
    [InlineData("--loss", "hinge")]
    [InlineData("--layers", "6")]
    [InlineData("--h", "0")]
    [InlineData("--maxout", "1")]
    [InlineData("--plot", "sweep.png")]
    public void BadUsageIsOneLineAndExitCodeTwo(string option, string value)
    {
        var (exit, _, error) = CliRun.Of("gradcheck", option, value);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ALossThatDoesNotFitTheOutputIsRefused()
    {
        var (exit, _, error) = CliRun.Of("gradcheck", "--loss", "softmax-ce", "--output-activation", "tanh");
        Assert.Equal(2, exit);
        Assert.Contains("softmax-ce loss needs a softmax output layer", error);
    }

    [Fact]
    public void MaxoutLayersAreCheckedWithTheirPieces()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--maxout", "2", "--loss", "half-sse", "--activation", "identity", "--json");
        Assert.True(exit == 0, error);
        Assert.True(CliRun.SummaryOf(output).GetProperty("passed").GetBoolean());
        // W1_1, W1_2 (5×6), b1_1, b1_2, W2_1, W2_2 (4×5), b2_1, b2_2, then the dense W3, b3.
        Assert.Equal(2 * (30 + 5) + 2 * (20 + 4) + 12 + 3, CliRun.SummaryOf(output).GetProperty("checked").GetInt32());
    }

    [Fact]
    public void TheSweepFindsFloat64FarMoreAccurateThanFloat32AndDrawsTheCurve()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"functionalnet-sweep-{Guid.NewGuid():N}.png");
        try
        {
            var (exit, output, error) = CliRun.Of("gradcheck", "--sweep", "--json", "--plot", plot);
            Assert.True(exit == 0, error);
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal(23 + 1, lines.Length);
            var summary = CliRun.SummaryOf(output);
            // Round-off: float32 carries 7 digits, float64 16; the best central difference keeps about two thirds of them.
            Assert.True(summary.GetProperty("best_max_relative_error_float64").GetDouble() < 1e-8);
            Assert.True(summary.GetProperty("best_max_relative_error_float32").GetDouble() > 1e-5);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot).Take(4).ToArray());
        }
        finally { File.Delete(plot); }
    }
}
