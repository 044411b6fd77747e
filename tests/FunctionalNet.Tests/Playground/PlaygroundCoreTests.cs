using FunctionalNet.Data;

namespace FunctionalNet.Tests.Playground;

/// <summary>The playground's pieces in the core: the neuron's steps, the datasets, runs, drawn digits.</summary>
public sealed class PlaygroundCoreTests
{
    private static readonly Seq<double> W0 = toSeq(LectureData.InitialWeights).Strict();

    [Fact]
    public void TheNeuronsStepFromW0IsTheFirstEpochLesson()
    {
        var first = FirstEpochLesson.Run(FirstEpochOptions.Lecture).ThrowIfFail();
        var step = NeuronSteps.At(W0, None, LectureData.LearningRate, 0).ThrowIfFail().Next;
        Assert.Equal(first.WeightsAfter, step.WeightsAfter);
        Assert.Equal(first.Gradient, step.Gradient);
        Assert.True(step.BiasGradient.IsNone);
    }

    [Fact]
    public void EachStepContinuesWhereTheLastEnded()
    {
        foreach (var bias in new[] { Option<double>.None, Some(-5.0) })
            for (var t = 0; t < 5; t++)
            {
                var now = NeuronSteps.At(W0, bias, 0.1, t).ThrowIfFail();
                var after = NeuronSteps.At(W0, bias, 0.1, t + 1).ThrowIfFail();
                Assert.Equal(now.Next.WeightsAfter, after.Run.Weights);
                Assert.Equal(now.Next.BiasAfter, after.Run.Bias);
                Assert.Equal(now.Next.LossAfter, after.Next.LossBefore);
            }
    }

    [Fact]
    public void TheBiasGradientIsMinusTheSumOfTheSlidesColumn()
    {
        var step = NeuronSteps.At(W0, Some(-5.0), 0.1, 3).ThrowIfFail().Next;
        Assert.Equal(-step.Rows.Sum(r => r.Term), step.BiasGradient.IfNone(double.NaN), 12);
        Assert.Equal(step.Bias.IfNone(0) - 0.1 * step.BiasGradient.IfNone(0), step.BiasAfter.IfNone(double.NaN), 12);
    }

    [Theory]
    [InlineData("xor")]
    [InlineData("circles")]
    [InlineData("spirals")]
    [InlineData("gaussians")]
    public void ADatasetIsAFunctionOfItsSeedWithBothClasses(string name)
    {
        var a = PlaneDatasets.Generate(name, 100, 0.1, 3).ThrowIfFail();
        var b = PlaneDatasets.Generate(name, 100, 0.1, 3).ThrowIfFail();
        var c = PlaneDatasets.Generate(name, 100, 0.1, 4).ThrowIfFail();
        Assert.Equal(a.X, b.X);
        Assert.NotEqual(a.X, c.X);
        Assert.Equal((2, 100), (a.X.RowCount, a.X.ColumnCount));
        Assert.InRange(a.Y.Row(0).Sum(), 30, 70);
        Assert.All(a.Y.Row(0), y => Assert.True(y is 0 or 1));
    }

    [Fact]
    public void XorLabelsAreOneWhereTheCoordinatesDifferInSign()
    {
        var data = PlaneDatasets.Generate("xor", 200, 0, 1).ThrowIfFail();
        for (var j = 0; j < 200; j++)
            Assert.Equal(data.X[0, j] * data.X[1, j] < 0 ? 1.0 : 0.0, data.Y[0, j]);
    }

    [Fact]
    public void TheLecturesPointsAreTheNeuronsInputsWithLabelX2()
    {
        var data = PlaneDatasets.Generate("lecture", 4, 0, 1).ThrowIfFail();
        Assert.Equal([0, 1, 1, 0], data.X.Row(0).ToArray());
        Assert.Equal([0, 1, 0, 1], data.X.Row(1).ToArray());
        Assert.Equal(data.X.Row(1).ToArray(), data.Y.Row(0).ToArray());
    }

    [Fact]
    public void AdvancingInPiecesEqualsAdvancingAtOnce()
    {
        var config = new PlaygroundConfig("spirals", 50, 0.05, Seq(4, 3), new Activation.Tanh(), new Loss.BinaryCrossEntropy(),
            new Optimizer.Adam(), 0.02, new Batching.MiniBatch(8), 7);
        var start = FunctionalNet.Lessons.Playground.Start(config).ThrowIfFail();
        var once = FunctionalNet.Lessons.Playground.Advance(start, 12);
        var pieces = FunctionalNet.Lessons.Playground.Advance(FunctionalNet.Lessons.Playground.Advance(start, 5), 7);
        Assert.Equal(once.State.Network, pieces.State.Network);
        Assert.Equal(once.Curve, pieces.Curve);
        Assert.Equal(13, once.Curve.Count);
    }

    [Fact]
    public void AHugeLearningRateStopsTheRunBeforeItsWeightsAreInfinite()
    {
        var config = new PlaygroundConfig("xor", 40, 0, Seq1(4), new Activation.ReLU(), new Loss.MeanSquared(),
            new Optimizer.Momentum(), 10, new Batching.FullBatch(), 1);
        var run = FunctionalNet.Lessons.Playground.Advance(FunctionalNet.Lessons.Playground.Start(config).ThrowIfFail(), 500);
        Assert.True(Network.FirstNonFinite(run.State.Network).IsNone);
        Assert.Equal(run.State.Epoch + 1, run.Curve.Count);
    }

    [Fact]
    public void ABlankCanvasIsABlankImage() =>
        Assert.All(DrawnDigit.ToMnist(new byte[50 * 50], 50).ThrowIfFail(), v => Assert.Equal(0, v));

    [Fact]
    public void ADrawnStrokeIsScaledTo20PixelsAndCentredByItsMass()
    {
        // A bar in the corner of a 100 × 100 canvas: 40 rows high, 10 columns wide.
        var canvas = new byte[100 * 100];
        for (var r = 5; r < 45; r++) for (var c = 5; c < 15; c++) canvas[r * 100 + c] = 255;
        var image = DrawnDigit.ToMnist(canvas, 100).ThrowIfFail();
        var ink = Enumerable.Range(0, 784).Where(k => image[k] > 0).ToArray();
        var rows = ink.Select(k => k / 28).ToArray();
        var columns = ink.Select(k => k % 28).ToArray();
        Assert.Equal(20, rows.Max() - rows.Min() + 1);
        Assert.Equal(5, columns.Max() - columns.Min() + 1);
        var mass = ink.Sum(k => image[k]);
        Assert.InRange(ink.Sum(k => image[k] * (k / 28)) / mass, 13, 14);
        Assert.InRange(ink.Sum(k => image[k] * (k % 28)) / mass, 13, 14);
    }

    [Fact]
    public void ACanvasOfTheWrongSizeIsRefused()
    {
        Assert.True(DrawnDigit.ToMnist(new byte[10], 4).IsFail);
        Assert.True(DrawnDigit.ToMnist(new byte[0], 0).IsFail);
    }
}
