using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Cli;

/// <summary><c>train</c>, <c>evaluate</c>, <c>predict</c> and <c>export</c> end to end on a tiny dataset, and every bad input they refuse.</summary>
public class TrainCommandTests : IDisposable
{
    private readonly TinyDigits digits = new();
    private readonly TemporaryDirectory runs = new();

    public void Dispose()
    {
        digits.Dispose();
        runs.Dispose();
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        Assert.InRange(width, 400, 2000);
        Assert.InRange(height, 200, 2000);
    }

    [Fact]
    public void TrainPrintsOneJsonObjectPerEpochAndASummary()
    {
        var run = CliRun.Of(digits.TrainArguments("--json"));
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);   // five epochs and the summary
        Assert.All(lines[..5], l => Assert.Contains("\"event\":\"epoch\"", l));
        var summary = run.Summary;
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.True(summary.GetProperty("test_accuracy").GetDouble() > 0.9, run.Out);
        Assert.True(summary.GetProperty("train_accuracy").GetDouble() > 0.9);
        Assert.True(summary.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(64, summary.GetProperty("model_hash").GetString()!.Length);
    }

    [Fact]
    public void TrainWritesTheModelManifestAndPictures()
    {
        var output = runs["run"];
        Assert.Equal(0, CliRun.Of(digits.TrainArguments("--out", output)).ExitCode);
        foreach (var picture in new[] { "loss.png", "accuracy.png", "confusion.png", "misclassified.png" }) AssertPng(Path.Combine(output, picture));
        var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json"))).RootElement;
        Assert.Equal("train", manifest.GetProperty("command_line")[0].GetString());
        Assert.Equal(1, manifest.GetProperty("seed").GetInt32());
        Assert.Equal(64, manifest.GetProperty("dataset").GetProperty("sha256").GetString()!.Length);
        Assert.True(manifest.GetProperty("backend").TryGetProperty("name", out _));
        Assert.True(manifest.GetProperty("metrics").GetProperty("test_accuracy").GetDouble() > 0.9);
    }

    [Fact]
    public void SaveLoadEvaluateReproducesTheTestAccuracyExactly()
    {
        var output = runs["saved"];
        var trained = CliRun.Of(digits.TrainArguments("--out", output, "--json"));
        var evaluated = CliRun.Of("evaluate", "--model", Path.Combine(output, "model.fnet"), "--dataset", digits.Path, "--json");
        Assert.Equal(0, evaluated.ExitCode);
        Assert.Equal(trained.Summary.GetProperty("test_accuracy").GetDouble(), evaluated.Summary.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(trained.Summary.GetProperty("test_loss").GetDouble(), evaluated.Summary.GetProperty("test_loss").GetDouble());
        Assert.Equal(trained.Summary.GetProperty("model_hash").GetString(), evaluated.Summary.GetProperty("model_hash").GetString());
    }

    [Fact]
    public void ReplayReportsThatTheHashMatches()
    {
        var output = runs["replayed"];
        Assert.Equal(0, CliRun.Of(digits.TrainArguments("--out", output)).ExitCode);
        var replay = CliRun.Of("train", "--replay", Path.Combine(output, "manifest.json"));
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("hash matches", replay.Out);
    }

    [Fact]
    public void PredictDrawsTheImageAndTheTenOutputs()
    {
        var output = runs["predict"];
        CliRun.Of(digits.TrainArguments("--out", output));
        var run = CliRun.Of("predict", "--model", Path.Combine(output, "model.fnet"), "--dataset", digits.Path, "--index", "3");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("test image 3: label 3, predicted", run.Out);
        Assert.Contains("class probabilities:", run.Out);
        var json = CliRun.Of("predict", "--model", Path.Combine(output, "model.fnet"), "--dataset", digits.Path, "--index", "3", "--json");
        Assert.Equal(10, json.Summary.GetProperty("outputs").GetArrayLength());
        Assert.Equal(1.0, json.Summary.GetProperty("outputs").EnumerateArray().Sum(v => v.GetDouble()), 5);
    }

    [Fact]
    public void ExportWritesAnNpzThatNumPyLoads()
    {
        var output = runs["export"];
        CliRun.Of(digits.TrainArguments("--out", output));
        var npz = Path.Combine(output, "model.npz");
        Assert.Equal(0, CliRun.Of("export", "--model", Path.Combine(output, "model.fnet"), "--format", "npz", "--out", npz).ExitCode);
        var zip = System.IO.Compression.ZipFile.OpenRead(npz);
        Assert.Equal(["W1.npy", "b1.npy", "W2.npy", "b2.npy"], zip.Entries.Select(e => e.FullName));
        zip.Dispose();
        if (!File.Exists("/usr/bin/python3")) return;   // the shape check below needs NumPy; .ci/run installs it
        var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3",
            ["-c", $"import numpy; p = numpy.load('{npz}'); print(' '.join(f'{{k}}:{{p[k].shape[0]}}x{{p[k].shape[1]}}' for k in p.files))"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var printed = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        Assert.Equal("W1:8x16 b1:8x1 W2:10x8 b2:10x1", printed);
    }

    [Theory]
    [InlineData(2, "--bogus")]
    [InlineData(2, "--lr", "-0.1")]
    [InlineData(2, "--batch", "0")]
    [InlineData(2, "--layers", "16,,10")]
    [InlineData(2, "--layers", "16,8")]
    [InlineData(2, "--activation", "swish")]
    [InlineData(2, "--recipe", "huge")]
    [InlineData(2, "--optimizer", "sgdx")]
    [InlineData(2, "--schedule", "sometimes")]
    [InlineData(2, "--precision", "f16")]
    [InlineData(2, "--epochs", "-1")]
    [InlineData(2, "--dropout", "1.5")]
    public void BadTrainingOptionsGiveOneLineAndExitCode(int exitCode, params string[] options) =>
        CliRun.Of(digits.TrainArguments(options)).AssertFailsCleanly(exitCode);

    [Fact]
    public void AMissingDatasetDirectoryIsBadUsage() =>
        CliRun.Of("train", "--dataset", runs["no-such-directory"], "--epochs", "1").AssertFailsCleanly(2);

    [Fact]
    public void MissingTruncatedAndRandomModelFilesAreRefused()
    {
        CliRun.Of("evaluate", "--model", runs["missing.fnet"], "--dataset", digits.Path).AssertFailsCleanly(1);
        var output = runs["damaged"];
        CliRun.Of(digits.TrainArguments("--out", output));
        var model = File.ReadAllBytes(Path.Combine(output, "model.fnet"));
        File.WriteAllBytes(runs["truncated.fnet"], model[..(model.Length / 2)]);
        CliRun.Of("evaluate", "--model", runs["truncated.fnet"], "--dataset", digits.Path).AssertFailsCleanly(1);
        File.WriteAllBytes(runs["random.fnet"], Enumerable.Range(0, 500).Select(i => (byte)(i * 91 % 256)).ToArray());
        CliRun.Of("predict", "--model", runs["random.fnet"], "--dataset", digits.Path).AssertFailsCleanly(1);
    }

    [Fact]
    public void PredictIndexOutOfRangeIsBadUsage()
    {
        var output = runs["range"];
        CliRun.Of(digits.TrainArguments("--out", output));
        CliRun.Of("predict", "--model", Path.Combine(output, "model.fnet"), "--dataset", digits.Path, "--index", "100").AssertFailsCleanly(2);
    }
}
