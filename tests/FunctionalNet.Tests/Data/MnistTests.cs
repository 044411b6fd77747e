using FunctionalNet.Tests.Cli;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>The real MNIST as the library reads it, checked against numbers published with the data or read by Python.</summary>
public class MnistTests
{
    [Fact]
    public void ThereAre60000TrainingAnd10000TestImagesOf28By28()
    {
        Assert.Equal((60_000, 10_000), (RealMnist.Train.Count, RealMnist.Test.Count));
        Assert.Equal((784, 60_000, 10, 60_000), (RealMnist.Train.X.RowCount, RealMnist.Train.X.ColumnCount, RealMnist.Train.Y.RowCount, RealMnist.Train.Y.ColumnCount));
        Assert.Equal((28, 28), (RealMnist.Test.ImageRows, RealMnist.Test.ImageColumns));
    }

    [Fact]
    public void TheFirstTrainingLabelsAre5041921314() =>
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], RealMnist.Train.Labels.Take(10));

    [Fact]
    public void TheFirstTestLabelsAre7210414959() =>
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], RealMnist.Test.Labels.Take(10));

    [Fact]
    public void TheTrainingLabelCountsAreThePublishedOnes() =>
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], Dataset.LabelCounts(RealMnist.Train));

    [Fact]
    public void PixelsMatchPythonsReadingOfTheFile()
    {
        // Python, struct-free: sum(open(f,'rb').read()[16:][:784]) = 27525, and byte 14·28 + 14 of it = 240.
        static int Sum(Dataset<float> data, int j) => data.X.Column(j).Sum(p => (int)Math.Round(p * 255));
        Assert.Equal(27525, Sum(RealMnist.Train, 0));
        Assert.Equal(240, (int)Math.Round(RealMnist.Train.X[14 * 28 + 14, 0] * 255));
        Assert.Equal(18454, Sum(RealMnist.Test, 0));
        Assert.Equal(41833, Sum(RealMnist.Test, 9999));
        Assert.Equal((0f, 1f), (RealMnist.Train.X.Enumerate().Min(), RealMnist.Train.X.Enumerate().Max()));
    }

    [Fact]
    public void EachTargetColumnIsTheOneHotLabel()
    {
        var y = RealMnist.Test.Y;
        Assert.All(Enumerable.Range(0, y.ColumnCount), j =>
        {
            Assert.Equal(1f, y.Column(j).Sum());
            Assert.Equal(RealMnist.Test.Labels[j], y.Column(j).MaximumIndex());
        });
    }

    [Fact]
    public void ShowReportsTheRealCountsAndDrawsTheFirstTestDigit()
    {
        _ = RealMnist.Train;
        var run = CliRun.Of("data", "show", "mnist", "--test", "--json");
        Assert.Equal(0, run.Exit);
        var image = System.Text.Json.JsonDocument.Parse(run.Out.Split('\n')[0]).RootElement;
        Assert.Equal(7, image.GetProperty("label").GetInt32());
        Assert.Equal(18454, image.GetProperty("pixels").EnumerateArray().Sum(p => p.GetInt32()));
        Assert.Equal(60_000, run.Summary.GetProperty("training").GetInt32());
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
            run.Summary.GetProperty("training_label_counts").EnumerateArray().Select(c => c.GetInt32()));
    }
}
