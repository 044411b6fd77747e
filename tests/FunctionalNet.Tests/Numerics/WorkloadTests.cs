using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>The benchmark's workloads: their operation counts by hand, and data of MNIST's shapes.</summary>
public class WorkloadTests
{
    [Fact]
    public void TheLecturesEpochCountsItsProductsByHand()
    {
        // Forward W·A and backward dZ·Aᵀ for 784→16, 16→16, 16→10, plus Wᵀ·dZ for the last two, 2·m·n·k each.
        const double m = 60_000;
        var byHand = 2 * m * (784 * 16 * 2 + 16 * 16 * 3 + 16 * 10 * 3);
        Assert.Equal(byHand, Workloads.LectureFullBatch(Precision.F64).ProductFlopsPerEpoch(60_000));
        // The batch size cancels: 938 batches of 64 (the last of 32) hold the same 60,000 examples.
        Assert.Equal(byHand, Workloads.SmallBatch64(Precision.F32).ProductFlopsPerEpoch(60_000));
    }

    [Fact]
    public void TheWideNetworkCountsItsProductsByHand() =>
        Assert.Equal(2.0 * 60_000 * (784 * 512 * 2 + 512 * 512 * 3 + 512 * 10 * 3),
            Workloads.WideBatch128(Precision.F32).ProductFlopsPerEpoch(60_000));

    [Fact]
    public void SyntheticDataHasMnistsShapesAndOneHotTargets()
    {
        var (pixels, labels) = Workloads.SyntheticMnist(50, 7);
        var (x, y) = Workloads.Examples<float>(pixels, labels);
        Assert.Equal((784, 50, 10, 50), (x.RowCount, x.ColumnCount, y.RowCount, y.ColumnCount));
        Assert.All(Enumerable.Range(0, 50), j => Assert.Equal(1f, y.Column(j).Sum()));
        Assert.All(Enumerable.Range(0, 50), j => Assert.Equal(1f, y[labels[j], j]));
        Assert.Equal(pixels[784 * 3 + 100] / 255f, x[100, 3]);
        Assert.True(x.Enumerate().All(v => v is >= 0 and <= 1));
        Assert.Equal(pixels, Workloads.SyntheticMnist(50, 7).Pixels);
    }

    [Fact]
    public void EveryWorkloadBuildsItsNetwork()
    {
        foreach (var workload in Workloads.Standard)
        {
            var network = workload.Network<float>(0).Match(n => n, e => throw new InvalidOperationException(e.Message));
            Assert.Equal(workload.Sizes, network.Layers.Map(l => l.Inputs).Add(network.Outputs).ToArray());
        }
        Assert.Equal(["lecture-full-batch", "small-batch64", "wide-batch128", "sgemm", "inference-batch1", "inference-batch1000"], Workloads.Names.ToArray());
    }

    [Fact]
    public void SyntheticTestImagesAreDrawnApartFromTheTrainingImages()
    {
        var train = Workloads.SyntheticMnist(40, 7).Pixels;
        var test = Workloads.SyntheticMnistTest(40, 7).Pixels;
        Assert.Equal(test, Workloads.SyntheticMnistTest(40, 7).Pixels);
        Assert.NotEqual(train, test);
        Assert.InRange(test.Count(p => p == 0) / (double)test.Length, 0.75, 0.85);   // 80% zeros, as the training images
    }

    [Fact]
    public void AnInferenceNetworkIsItsTrainingWorkloadAfterOneEpoch()
    {
        var (pixels, labels) = Workloads.SyntheticMnist(200, 3);
        var (x, y) = Workloads.Examples<double>(pixels, labels);
        var workload = Workloads.Inference[0];
        var trained = workload.Network(new LabelledSet<double>(x, y), 3).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var untrained = workload.TrainingWorkload.Network<double>(3).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var options = workload.TrainingWorkload.Options(3);
        // Training lowers the cost on the data it saw, and the shapes are the workload's.
        Assert.True(Network.Cost(trained, options.Loss, x, y) < Network.Cost(untrained, options.Loss, x, y));
        Assert.Equal(workload.TrainingWorkload.Sizes, trained.Layers.Map(l => l.Inputs).Add(trained.Outputs).ToArray());
    }
}
