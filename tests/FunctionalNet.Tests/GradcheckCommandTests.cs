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
    [InlineData("--scheme", "secant")]
    [InlineData("--step", "logarithmic")]
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
    public void FivePointAndRichardsonAreTenTimesMoreAccurateThanCentralEachAtItsBestStep()
    {
        // The issue's acceptance on 6-5-4-3 tanh softmax-ce. At the default h = 10⁻⁵ the fourth-order schemes are
        // round-off-bound (their truncation is far below it) and no better than central; each scheme's best h in the
        // sweep is the fair comparison: 10⁻³ for five-point, 10⁻²·⁵ for Richardson, 10⁻⁴·⁵ for central.
        var sweep = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--activation", "tanh", "--loss", "softmax-ce", "--sweep", "--json").Summary;
        var central = sweep.GetProperty("best_max_relative_error_central").GetDouble();
        foreach (var scheme in new[] { "five_point", "richardson" })
        {
            var best = sweep.GetProperty($"best_max_relative_error_{scheme}").GetDouble();
            Assert.True(10 * best <= central, $"{scheme}: {best:e2} at its best h against central's {central:e2}");
            // The same number from a single check at that h.
            var h = sweep.GetProperty($"best_h_{scheme}").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var check = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--activation", "tanh", "--loss", "softmax-ce",
                "--scheme", scheme.Replace('_', '-'), "--h", h, "--json");
            Assert.Equal(0, check.Exit);
            Assert.Equal(best, check.Summary.GetProperty("max_relative_error").GetDouble());
        }
    }

    [Fact]
    public void EverySchemePassesAtItsOwnDefaultStepAndTheFourthOrderOnesBeatCentralTenfold()
    {
        // Without --h each scheme takes GradientCheckOptions.DefaultStepFor(scheme), near its valley in the sweep.
        double MaxError(string scheme)
        {
            var check = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--activation", "tanh", "--loss", "softmax-ce", "--scheme", scheme, "--json");
            Assert.Equal(0, check.Exit);
            return check.Summary.GetProperty("max_relative_error").GetDouble();
        }
        var central = MaxError("central");
        Assert.True(MaxError("forward") < 1e-6);
        Assert.True(10 * MaxError("five-point") <= central, "five-point");
        Assert.True(10 * MaxError("richardson") <= central, "richardson");
        Assert.True(MaxError("complex-step") < 1e-13);
    }

    [Fact]
    public void TheComplexStepAgreesWithBackpropagationBelowTenToTheMinusThirteen()
    {
        var check = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--activation", "tanh", "--loss", "softmax-ce", "--scheme", "complex-step", "--json");
        Assert.Equal(0, check.Exit);
        Assert.Equal(0, check.Summary.GetProperty("not_applicable").GetInt32());
        Assert.True(check.Summary.GetProperty("max_relative_error").GetDouble() < 1e-13, check.Out);
        var sweep = CliRun.Of("gradcheck", "--sweep", "--json").Summary;
        Assert.InRange(sweep.GetProperty("slope_complex_step").GetDouble(), -0.5, 0.5);   // flat
    }

    [Theory]
    [InlineData("five-point")]
    [InlineData("richardson")]
    public void KinksAreReportedNotFailedUnderTheFourthOrderSchemes(string scheme)
    {
        // h = 10⁻² puts one pre-activation of this ReLU network within reach of its kink (b2[0]); the fourth-order
        // schemes' truncation is still below 10⁻⁹ there, where forward's and central's fail the check on their own
        // (GradientCheckTests.AKinkIsReportedNotFailedUnderEveryScheme checks those on a kink at a known place).
        var (exit, output, error) = CliRun.Of("gradcheck", "--activation", "relu", "--loss", "softmax-ce", "--scheme", scheme, "--h", "1e-2", "--json");
        Assert.True(exit == 0, error);
        Assert.True(CliRun.SummaryOf(output).GetProperty("kinks").GetInt32() >= 1);
        Assert.Contains("\"cause\":\"kink crossed\"", output);
    }

    [Fact]
    public void ReluWithFivePointExitsZero()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--activation", "relu", "--loss", "softmax-ce", "--scheme", "five-point", "--h", "1e-2");
        Assert.True(exit == 0, error);
        Assert.Contains("cross a kink (reported, not failed)", output);
        Assert.Contains("PASSED", output);
    }

    [Fact]
    public void EveryReportedEntryCarriesItsDiagnosis()
    {
        // Forward at the central difference's h = 10⁻⁵: an O(h) truncation of about 10⁻⁵ fails the check, and the diagnosis says so.
        var (exit, output, _) = CliRun.Of("gradcheck", "--scheme", "forward", "--h", "1e-5", "--json");
        Assert.Equal(1, exit);
        var entries = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("event").GetString() == "entry").ToArray();
        Assert.Equal(10, entries.Length);
        foreach (var entry in entries)
        {
            var d = entry.GetProperty("diagnosis");
            Assert.Equal("truncation", d.GetProperty("cause").GetString());
            Assert.Equal(Math.Abs(entry.GetProperty("analytic").GetDouble() - entry.GetProperty("numeric").GetDouble()), d.GetProperty("absolute_error").GetDouble());
            Assert.Equal(entry.GetProperty("relative_error").GetDouble(), d.GetProperty("relative_error").GetDouble());
            foreach (var field in new[] { "h", "ulp_error", "epsilon", "truncation_error", "round_off_error", "saturation" })
                Assert.True(d.GetProperty(field).GetDouble() > 0, field);
        }
        var summary = CliRun.SummaryOf(output);
        Assert.Equal("forward", summary.GetProperty("scheme").GetString());
        Assert.Equal(1, summary.GetProperty("order").GetInt32());
    }

    [Fact]
    public void TheTextReportDiagnosesTheWorstEntries()
    {
        var (exit, output, _) = CliRun.Of("gradcheck", "--worst", "3");
        Assert.Equal(0, exit);
        Assert.Contains("diagnosis of the entries above", output);
        Assert.Equal(3, output.Split('\n').Count(line => line.TrimEnd().EndsWith("cancellation")));
    }

    [Fact]
    public void ARelativeStepIsTakenAndSaid()
    {
        var (exit, output, error) = CliRun.Of("gradcheck", "--step", "relative", "--json");
        Assert.True(exit == 0, error);
        Assert.Equal("relative", CliRun.SummaryOf(output).GetProperty("step").GetString());
        Assert.Contains("·max(1, |θ|)", CliRun.Of("gradcheck", "--step", "relative").Out);
    }

    private static string Root => Repository.Root;

    [Fact]
    public void AUserActivationAndLossFromAnAssemblyAreCheckedByName()
    {
        // samples/Extending is built by the solution build; its Registration.Register adds gelu and huber.
        var sample = Path.Combine(Root, "samples", "Extending", "bin", "Release", "net10.0", "Extending.dll");
        Assert.True(File.Exists(sample), $"{sample} is missing: build the solution (dotnet build FunctionalNet.sln -c Release)");
        var (exit, output, error) = CliRun.Of("gradcheck", "--components", sample, "--activation", "gelu", "--json");
        Assert.True(exit == 0, error);
        var summary = CliRun.SummaryOf(output);
        Assert.Equal("gelu", summary.GetProperty("activation").GetString());
        Assert.True(summary.GetProperty("max_relative_error").GetDouble() < 1e-7);
        var huber = CliRun.Of("gradcheck", "--components", sample, "--activation", "gelu", "--loss", "huber", "--json");
        Assert.True(huber.Exit == 0, huber.Error);
        Assert.Equal("huber", huber.Summary.GetProperty("loss").GetString());
    }

    [Fact]
    public void AComponentsAssemblyThatIsMissingOrHasNoRegisterIsOneLine()
    {
        CliRun.Of("gradcheck", "--components", Path.Combine(Path.GetTempPath(), "no-such-components.dll")).FailsWith(1, "assembly not found");
        CliRun.Of("gradcheck", "--components", typeof(Network).Assembly.Location).FailsWith(1, "Components Register(Components registry)");
    }

    [Fact]
    public void AUserNameWithoutItsAssemblyIsRefused()
    {
        CliRun.Of("gradcheck", "--activation", "gelu").FailsWith(2, "--activation must be one of");
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
            // Every real scheme's error falls at its order where truncation dominates: slopes 1, 2, 4, 4.
            foreach (var (scheme, order) in new[] { ("forward", 1), ("central", 2), ("five_point", 4), ("richardson", 4) })
                Assert.InRange(summary.GetProperty($"slope_{scheme}").GetDouble(), order - 0.2, order + 0.2);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot).Take(4).ToArray());
        }
        finally { File.Delete(plot); }
    }
}
