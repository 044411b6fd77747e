namespace FunctionalNet.Tests.Cli;

/// <summary><c>functionalnet lesson</c>: the list, JSON that ends with a summary, pictures, and clean refusals.</summary>
public class LessonCommandTests
{
    // Every lesson with options that keep it fast; the lessons' own numbers are tested in tests/…/Lessons.
    public static TheoryData<string[]> FastLessons => new()
    {
        new[] { "perceptron" },
        new[] { "first-epoch" },
        new[] { "bias", "--epochs", "10" },
        new[] { "testing", "--epochs", "10" },
        new[] { "activations", "--from", "-2", "--to", "2" },
        new[] { "universal-approximation", "--units", "1,4", "--epochs", "20" },
        new[] { "learning-rate", "--epochs", "10" },
        new[] { "descent", "--epochs", "2", "--per-class", "10" },
        new[] { "xor", "--epochs", "200" },
        new[] { "matrices", "--sizes", "4,3,2" },
    };

    [Fact]
    public void ListShowsEveryLessonInTheLecturesOrderWithTheNeuronCommand()
    {
        var run = CliRun.Of("lesson", "--list");
        Assert.Equal(0, run.ExitCode);
        var names = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToArray();
        Assert.Equal(["perceptron", "first-epoch", "neuron", "bias", "testing", "activations", "universal-approximation",
            "learning-rate", "descent", "xor", "matrices"], names);
        Assert.Contains("(run: functionalnet neuron)", run.Out);
    }

    [Theory]
    [MemberData(nameof(FastLessons))]
    public void JsonEndsWithTheLessonsSummary(string[] args)
    {
        var run = CliRun.Of(["lesson", .. args, "--json"]);
        Assert.Equal(0, run.ExitCode);
        Assert.All(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => System.Text.Json.JsonDocument.Parse(line));
        Assert.Equal("summary", run.Summary.GetProperty("event").GetString());
        Assert.Equal(args[0], run.Summary.GetProperty("lesson").GetString());
    }

    [Theory]
    [MemberData(nameof(FastLessons))]
    public void PlotWritesAPng(string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lesson-{args[0]}-{Guid.NewGuid():N}.png");
        try
        {
            var run = CliRun.Of(["lesson", .. args, "--plot", path]);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains($"picture: {path}", run.Out);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            // IHDR: width and height, big-endian, at bytes 16–23.
            var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
            var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
            Assert.InRange(width, 600, 2000);
            Assert.InRange(height, 400, 1200);
            Assert.True(bytes.Length > 15_000, $"{bytes.Length} bytes");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void FirstEpochPrintsTheSlidesColumn()
    {
        var run = CliRun.Of("lesson", "first-epoch");
        Assert.Equal(0, run.ExitCode);
        foreach (var row in new[] { "[0,0,1]  0   -1.000     0.269             -0.053", "[1,1,1]  1   -0.800     0.310              0.148",
                     "[1,0,1]  0   -1.200     0.231             -0.041", "[0,1,1]  1   -0.600     0.354              0.148" })
            Assert.Contains(row, run.Out);
        Assert.Contains("w(1) = w(0) − η·∂L/∂w = (-0.094, 0.695, -0.799)", run.Out);
    }

    [Fact]
    public void FirstEpochJsonCarriesTheColumnAndW1()
    {
        var summary = CliRun.Of("lesson", "first-epoch", "--json").Summary.GetProperty("result");
        Assert.Equal([-0.053, 0.148, -0.041, 0.148], summary.GetProperty("column").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 3)).ToArray());
        Assert.Equal([-0.094, 0.695, -0.799], summary.GetProperty("weights_after").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 3)).ToArray());
    }

    [Fact]
    public void OptionsReachTheCore()
    {
        var summary = CliRun.Of("lesson", "universal-approximation", "--function", "abs", "--units", "2,8", "--epochs", "0", "--json").Summary.GetProperty("result");
        Assert.Equal([0.145839, 0.043264], summary.GetProperty("max_error").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 6)).ToArray());
    }

    [Theory]
    [InlineData("lesson")]
    [InlineData("lesson", "no-such-lesson")]
    [InlineData("lesson", "first-epoch", "--lr", "-1")]
    [InlineData("lesson", "first-epoch", "--weights=1,2")]
    [InlineData("lesson", "learning-rate", "--rates", "0.1,-0.2")]
    [InlineData("lesson", "learning-rate", "--epochs", "0")]
    [InlineData("lesson", "universal-approximation", "--units", "0")]
    [InlineData("lesson", "universal-approximation", "--units", "1,two")]
    [InlineData("lesson", "universal-approximation", "--function", "sin(x")]
    [InlineData("lesson", "universal-approximation", "--function", "log(x)")]
    [InlineData("lesson", "universal-approximation", "--activation", "softmax")]
    [InlineData("lesson", "universal-approximation", "--from", "1", "--to", "0")]
    [InlineData("lesson", "descent", "--epochs", "0")]
    [InlineData("lesson", "descent", "--lr", "-0.5")]
    [InlineData("lesson", "xor", "--hidden", "0")]
    [InlineData("lesson", "matrices", "--sizes", "784")]
    [InlineData("lesson", "activations", "--from", "2", "--to", "-2")]
    [InlineData("lesson", "bias", "--bias-lr", "-1")]
    [InlineData("lesson", "testing", "--epochs", "-1")]
    [InlineData("lesson", "perceptron", "--epochs", "0")]
    public void BadOptionsGiveOneLineAndAUsageExitCode(params string[] args) => CliRun.Of(args).AssertFailsCleanly(2);
}
