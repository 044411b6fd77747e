using FunctionalNet.Tests.Cli;
namespace FunctionalNet.Tests.Data;

/// <summary>Fashion-MNIST from the Debian package dataset-fashion-mnist (.gz files), which CI installs.</summary>
public class FashionTests
{
    [Fact]
    public void FashionMnistLoadsFromItsDebianPackage()
    {
        var run = CliRun.Of("data", "show", "fashion", "--json");
        Assert.Equal(0, run.Exit);
        var image = System.Text.Json.JsonDocument.Parse(run.Out.Split('\n')[0]).RootElement;
        // Python's gzip module: the first training label is 9 and that image's bytes sum to 76247; every class has 6000.
        Assert.Equal((9, "ankle boot"), (image.GetProperty("label").GetInt32(), image.GetProperty("class").GetString()));
        Assert.Equal(76247, image.GetProperty("pixels").EnumerateArray().Sum(p => p.GetInt32()));
        Assert.Equal((60_000, 10_000), (run.Summary.GetProperty("training").GetInt32(), run.Summary.GetProperty("test").GetInt32()));
        Assert.All(run.Summary.GetProperty("training_label_counts").EnumerateArray(), c => Assert.Equal(6000, c.GetInt32()));
    }

    [Fact]
    public void TheTextViewNamesTheClass()
    {
        var run = CliRun.Of("data", "show", "fashion", "--test", "--index", "1");
        Assert.Equal(0, run.Exit);
        Assert.Contains("test image 1: label 2 (pullover)", run.Out);
    }
}
