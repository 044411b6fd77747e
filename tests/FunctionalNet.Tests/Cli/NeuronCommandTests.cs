namespace FunctionalNet.Tests.Cli;

/// <summary><c>functionalnet neuron</c> prints the lecture's numbers, as text and JSON, and draws the loss curves.</summary>
public class NeuronCommandTests
{
    [Fact]
    public void PrintsTheSlidesNumbersWithEightSignificantDigits()
    {
        var run = CliRun.Of("neuron");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("L(w(0))             = 0.509423557", run.Out);
        Assert.Contains("(-0.0935859223, 0.695308219, -0.798747027)", run.Out);
        Assert.Contains("test [1,1,0] → ŷ = 0.988012993", run.Out);
        Assert.Contains("test [0,0,0] → ŷ = 0.00720712235", run.Out);
    }

    [Fact]
    public void JsonSummaryCarriesTheTestPredictions()
    {
        var run = CliRun.Of("neuron", "--json");
        Assert.Equal(0, run.ExitCode);
        var summary = run.Summary;
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(0.98801299, Math.Round(summary.GetProperty("without_bias_test")[3].GetDouble(), 8));
        Assert.Equal(0.00720712, Math.Round(summary.GetProperty("with_bias_test")[0].GetDouble(), 8));
        Assert.Equal(0.38, Math.Round(summary.GetProperty("loss_after_one_epoch").GetDouble(), 2));
    }

    [Fact]
    public void OptionsOverrideTheLecturesValues()
    {
        var run = CliRun.Of("neuron", "--json", "--weights=0,0,0", "--epochs", "0");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0.5, run.Summary.GetProperty("without_bias_test")[3].GetDouble());
    }

    [Fact]
    public void PlotWritesAPng()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neuron-{Guid.NewGuid():N}.png");
        try
        {
            Assert.Equal(0, CliRun.Of("neuron", "--plot", path).ExitCode);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 10_000);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(2, "neuron", "--lr", "-1")]
    [InlineData(2, "neuron", "--epochs", "-3")]
    [InlineData(2, "neuron", "--weights=1,2")]
    [InlineData(2, "neuron", "--weights=a,b,c")]
    [InlineData(2, "neuron", "--bogus")]
    [InlineData(2, "no-such-command")]
    public void BadInputGivesOneLineAndAUsageExitCode(int exitCode, params string[] args) => CliRun.Of(args).AssertFailsCleanly(exitCode);
}
