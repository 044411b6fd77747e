using FunctionalNet.Tests.Cli;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>
/// <c>functionalnet data show</c> on small directories: broken data is one line on stderr and exit code 1,
/// bad usage one line and exit code 2.
/// </summary>
public class DataCommandTests
{
    [Theory]
    [MemberData(nameof(SmallFiles.Problems), MemberType = typeof(SmallFiles))]
    public void EachKindOfBrokenFileFailsWithOneLineAndExitCode1(IdxProblem problem)
    {
        var (files, broken) = SmallFiles.Broken(problem);
        using var directory = SmallFiles.Directory(files);
        var run = CliRun.Of("data", "show", directory.Path);
        run.FailsWith(1, problem == IdxProblem.InconsistentDimensions ? "test images are 3×2" : broken);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void ShowDrawsTheImageWithItsLabel()
    {
        using var directory = SmallFiles.Directory(SmallFiles.Valid());
        var run = CliRun.Of("data", "show", directory.Path, "--index", "1");
        Assert.Equal(0, run.Exit);
        Assert.Equal("", run.Error);
        Assert.Contains("3 training and 2 test images of 2×3 pixels", run.Out);
        Assert.Contains("training image 1: label 0", run.Out);
        // Image 1's pixels are 222, 3, 40 / 77, 114, 151: two characters each from the ramp " .:-=+*#%@".
        Assert.Contains("|%%  ..|", run.Out);
        Assert.Contains("|--==++|", run.Out);
    }

    [Fact]
    public void GzipFilesLoadLikeRawOnes()
    {
        using var rawDirectory = SmallFiles.Directory(SmallFiles.Valid());
        using var gzipDirectory = SmallFiles.Directory(SmallFiles.Valid(gzip: true), ".gz");
        var raw = CliRun.Of("data", "show", rawDirectory.Path, "--json", "--test", "--index", "1");
        var gzip = CliRun.Of("data", "show", gzipDirectory.Path, "--json", "--test", "--index", "1");
        Assert.Equal((0, 0), (raw.Exit, gzip.Exit));
        Assert.Equal(raw.Out.Split('\n')[0], gzip.Out.Split('\n')[0]);
        var image = System.Text.Json.JsonDocument.Parse(gzip.Out.Split('\n')[0]).RootElement;
        Assert.Equal(2, image.GetProperty("label").GetInt32());
        Assert.Equal(SmallFiles.PixelValues(2, 100)[6..].Select(p => (int)p), image.GetProperty("pixels").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 0, 0, 1], gzip.Summary.GetProperty("training_label_counts").EnumerateArray().Select(c => c.GetInt32()));
    }

    [Fact]
    public void ADirectoryMissingAFileFails()
    {
        var files = SmallFiles.Valid();
        files.Remove(SmallFiles.TestLabels);
        using var directory = SmallFiles.Directory(files);
        CliRun.Of("data", "show", directory.Path).FailsWith(1, "has no t10k-labels-idx1-ubyte (nor t10k-labels-idx1-ubyte.gz)");
    }

    [Fact]
    public void ANameThatIsNeitherADatasetNorADirectoryIsBadUsage() =>
        CliRun.Of("data", "show", "/no/such/directory").FailsWith(2, "mnist, fashion or a directory");

    [Theory]
    [InlineData("3", "")]
    [InlineData("2", "--test")]
    [InlineData("-1", "")]
    public void AnIndexOutOfRangeIsBadUsage(string index, string test)
    {
        using var directory = SmallFiles.Directory(SmallFiles.Valid());
        var args = new[] { "data", "show", directory.Path, "--index", index, test }.Where(a => a != "").ToArray();
        CliRun.Of(args).FailsWith(2, "--index");
    }

    [Fact]
    public void OnlyMnistCanBeFetched() =>
        CliRun.Of("data", "fetch", "fashion").FailsWith(2, "only mnist can be fetched");
}
