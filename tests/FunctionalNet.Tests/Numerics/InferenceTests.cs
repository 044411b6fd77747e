using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// The serving pass on MNIST-shaped images (80% zero pixels): the classes and, within float32's bound of the ONNX export
/// tests (10⁻⁵), the outputs of <see cref="Network.Predict{T}"/>, for the small recipe's shape and for a first layer wide
/// enough to take several panels of W; the same bits in one lane or two and alone or in a batch.
/// </summary>
public class InferenceTests
{
    private static (Network<float> Network, Matrix<float> X) Case(int[] sizes, int examples)
    {
        var network = LayerSpec.Stack(sizes, new Activation.ReLU(), new Activation.Softmax())
            .Bind(specs => Initialization.Create<float>(specs, new Initializer.He(), 5)).ThrowIfFail();
        var (pixels, labels) = Workloads.SyntheticMnist(examples, 7);
        return (network, Workloads.Examples<float>(pixels, labels).X);
    }

    [Theory]
    [InlineData(new[] { 784, 16, 16, 10 })]
    [InlineData(new[] { 784, 200, 10 })]     // 200 outputs: three panels of W's rows, the last one padded
    public void ServingClassifiesAsPredictAndDiffersByLessThanTheExportBound(int[] sizes)
    {
        var (network, x) = Case(sizes, 500);
        var (expected, actual) = (Network.Predict(network, x), Inference.Predict(network, x));
        var largest = (expected - actual).Enumerate().Max(Math.Abs);
        Assert.True(largest <= 1e-5f, $"largest |Δ| {largest:R}");
        Assert.Equal(Network.Classify(network, x), Inference.Classify(network, x));
    }

    [Fact]
    public void TwoLanesOneLaneAndOneImageAtATimeGiveTheSameBits()
    {
        // 2·(784·200 + 200·10)·400 ≈ 127 MFLOP: above the split threshold, so two lanes take 200 columns each.
        var (network, x) = Case([784, 200, 10], 400);
        Matrix<float> Predict(int processors)
        {
            using var use = Executor.Choose(null, 1, processors).Use();
            return Inference.Predict(network, x);
        }
        var (two, one) = (Predict(2), Predict(1));
        Assert.True(Linear.BitwiseEqual(two, one), "two lanes and one lane differ");
        for (var j = 0; j < x.ColumnCount; j += 37)
            Assert.True(Linear.BitwiseEqual(Inference.Predict(network, x.SubMatrix(0, 784, j, 1)), one.SubMatrix(0, 10, j, 1)), $"image {j} alone differs");
    }

    [Fact]
    public void AnInputOfTheWrongHeightIsRefused() =>
        Assert.Throws<ArgumentException>(() => Inference.Predict(Case([784, 16, 10], 1).Network, Matrix<float>.Build.Dense(783, 1)));
}
