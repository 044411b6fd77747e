using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>The dataset's layout (examples as columns), its one-hot targets, its seeded split and its mini-batches.</summary>
public class DatasetTests
{
    // 50 images of 2×3 whose first pixel is their own index, so every example can be recognised after a shuffle.
    private static Dataset<double> Numbered()
    {
        var pixels = new byte[50 * 6];
        for (var k = 0; k < 50; k++) pixels[6 * k] = (byte)k;
        var labels = Enumerable.Range(0, 50).Select(k => (byte)(k % 10)).ToArray();
        return Dataset.Create<double>(new IdxImages(50, 2, 3, pixels), "images", labels, "labels").ThrowIfFail();
    }

    private static int[] Ids(Dataset<double> data) => Enumerable.Range(0, data.Count).Select(j => (int)Math.Round(data.X[0, j] * 255)).ToArray();

    [Fact]
    public void ColumnJIsImageJRowByRowOver255()
    {
        var pixels = SmallFiles.PixelValues(3, 0);
        var data = Dataset.Create<double>(SmallFiles.Images(3, 0), "images", SmallFiles.TrainLabelValues, "labels").ThrowIfFail();
        Assert.Equal((6, 3), (data.X.RowCount, data.X.ColumnCount));
        for (var j = 0; j < 3; j++)
            for (var r = 0; r < 2; r++)
                for (var c = 0; c < 3; c++)
                    Assert.Equal(pixels[6 * j + 3 * r + c] / 255.0, data.X[3 * r + c, j]);
        Assert.Equal((2, 3, 6, 3), (data.ImageRows, data.ImageColumns, data.Features, data.Count));
    }

    [Fact]
    public void SinglePrecisionHoldsTheSamePixelsRounded()
    {
        var data = Dataset.Create<float>(SmallFiles.Images(3, 0), "images", SmallFiles.TrainLabelValues, "labels").ThrowIfFail();
        var pixels = SmallFiles.PixelValues(3, 0);
        Assert.Equal(pixels.Select(p => p / 255f), data.X.ToColumnMajorArray());
    }

    [Fact]
    public void YIsOneHot()
    {
        var data = Dataset.Create<double>(SmallFiles.Images(3, 0), "images", SmallFiles.TrainLabelValues, "labels").ThrowIfFail();
        Assert.Equal((10, 3), (data.Y.RowCount, data.Y.ColumnCount));
        for (var j = 0; j < 3; j++)
            for (var k = 0; k < 10; k++)
                Assert.Equal(k == SmallFiles.TrainLabelValues[j] ? 1.0 : 0.0, data.Y[k, j]);
    }

    [Fact]
    public void LabelCountsCountEachLabel()
    {
        Assert.Equal([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], Dataset.LabelCounts(Numbered()));
    }

    [Fact]
    public void TheSplitIsAPartitionFixedByTheSeed()
    {
        var data = Numbered();
        var (train, validation) = Dataset.Split(data, 10, seed: 1).ThrowIfFail();
        Assert.Equal((40, 10), (train.Count, validation.Count));
        Assert.Equal(Enumerable.Range(0, 50), Ids(train).Concat(Ids(validation)).Order());
        Assert.Equal(Ids(train).Order(), Ids(train));
        Assert.Equal(Ids(train).Select(id => id % 10), train.Labels);
        Assert.Equal(Ids(validation), Ids(Dataset.Split(data, 10, seed: 1).ThrowIfFail().Validation));
        Assert.NotEqual(Ids(validation), Ids(Dataset.Split(data, 10, seed: 2).ThrowIfFail().Validation));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(-1)]
    public void TheSplitLeavesNeitherPartEmpty(int validationCount) =>
        Assert.True(Dataset.Split(Numbered(), validationCount, seed: 1).IsFail);

    [Fact]
    public void MiniBatchesVisitEveryExampleOnceInTrainingsOrder()
    {
        var data = Numbered();
        var batches = Dataset.MiniBatches(data, new Batching.MiniBatch(16), seed: 3, epoch: 2).ToList();
        Assert.Equal([16, 16, 16, 2], batches.Select(b => b.Count));
        Assert.Equal(Batches.Plan(new Batching.MiniBatch(16), 50, 3, 2).SelectMany(b => b), batches.SelectMany(Ids));
        Assert.All(batches, b => Assert.Equal(Ids(b).Select(id => id % 10), b.Labels));
        Assert.Same(data, Assert.Single(Dataset.MiniBatches(data, new Batching.FullBatch(), 3, 2)));
    }

    [Fact]
    public void TakeKeepsTheFirstExamples()
    {
        Assert.Equal([0, 1, 2], Ids(Dataset.Take(Numbered(), 3)));
        Assert.Equal(50, Dataset.Take(Numbered(), 80).Count);
    }
}
