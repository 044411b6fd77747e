using FunctionalNet.Tests.Cli;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary><c>functionalnet data subset</c>: the first images and labels of each set, byte for byte, as IDX files.</summary>
public class DataSubsetCommandTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSubsetHoldsTheFirstImagesAndLabelsOfEachSet(bool gzip)
    {
        using var source = SmallFiles.Directory(SmallFiles.Valid(gzip));
        using var target = new TemporaryDirectory();
        var run = CliRun.Of("data", "subset", source.Path, "--train", "2", "--test", "1", "--out", target.Path);
        Assert.Equal(0, run.Exit);
        Assert.Equal("", run.Error);
        Assert.Equal(Idx.WriteImages(SmallFiles.Images(2, 0)), File.ReadAllBytes(target["train-images-idx3-ubyte"]));
        Assert.Equal(Idx.WriteLabels(SmallFiles.TrainLabelValues[..2]), File.ReadAllBytes(target["train-labels-idx1-ubyte"]));
        Assert.Equal(Idx.WriteImages(SmallFiles.Images(1, 100)), File.ReadAllBytes(target["t10k-images-idx3-ubyte"]));
        Assert.Equal(Idx.WriteLabels(SmallFiles.TestLabelValues[..1]), File.ReadAllBytes(target["t10k-labels-idx1-ubyte"]));
    }

    [Fact]
    public void TheWholeSetIsACopy()
    {
        using var source = SmallFiles.Directory(SmallFiles.Valid());
        using var target = new TemporaryDirectory();
        Assert.Equal(0, CliRun.Of("data", "subset", source.Path, "--train", "3", "--test", "2", "--out", target.Path).Exit);
        foreach (var name in SmallFiles.Valid().Keys) Assert.Equal(File.ReadAllBytes(source[name]), File.ReadAllBytes(target[name]));
    }

    [Theory]
    [InlineData("--train", "4", "--train must be at most 3, the size of the training set (got 4)")]
    [InlineData("--test", "3", "--test must be at most 2, the size of the test set (got 3)")]
    [InlineData("--train", "0", "--train must be ≥ 1 (got 0)")]
    public void CountsOutsideTheSetAreRefusedInOneLine(string option, string value, string reason)
    {
        using var source = SmallFiles.Directory(SmallFiles.Valid());
        using var target = new TemporaryDirectory();
        // Both counts within the set unless the case says otherwise: the defaults (3,000 and 1,000) are larger.
        var counts = new Dictionary<string, string> { ["--train"] = "3", ["--test"] = "2", [option] = value };
        CliRun.Of(["data", "subset", source.Path, .. counts.SelectMany(c => new[] { c.Key, c.Value }), "--out", target.Path]).FailsWith(2, reason);
    }
}
