namespace FunctionalNet.Tests.Lessons;

/// <summary>XOR: one neuron stalls, one hidden layer of 2–4 units learns it. Matrices: the shapes are the library's.</summary>
public class XorAndMatricesLessonTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void OneHiddenLayerLearnsXorAndOneNeuronCannot(int hidden)
    {
        var r = Lesson.Of(XorLesson.Run(new XorOptions(Hidden: hidden)));
        Assert.True(r.SingleNeuron.BestLoss > 0.45, $"one neuron reached {r.SingleNeuron.BestLoss}");
        Assert.True(r.SingleNeuron.Correct <= 3);
        Assert.Equal(4, r.HiddenLayer.Correct);
        Assert.True(r.HiddenLayer.FinalLoss < 0.01, $"hidden layer ended at {r.HiddenLayer.FinalLoss}");
    }

    [Fact]
    public void RegionMapIsTheNetworksOutputOnTheGrid()
    {
        var r = Lesson.Of(XorLesson.Run(new XorOptions(Epochs: 50, Resolution: 5)));
        Assert.Equal(Seq(-0.5, 0.0, 0.5, 1.0, 1.5), r.Axis);
        // Axis[1] = 0 and Axis[3] = 1: the map's (x₁, x₂) = (1, 0) entry is Region[1][3], the prediction for (1, 0).
        Assert.Equal(r.HiddenLayer.Predictions[2], r.HiddenLayer.Region[1][3], 12);
        Assert.Equal(r.HiddenLayer.Predictions[1], r.HiddenLayer.Region[3][1], 12);
    }

    [Fact]
    public void RefusesAnEmptyHiddenLayer() => Assert.True(XorLesson.Run(new XorOptions(Hidden: 0)).IsFail);

    [Fact]
    public void MatricesEqualTheLibrarysShapes()
    {
        var r = Lesson.Of(MatricesLesson.Run(MatricesOptions.Lecture));
        Assert.True(r.AllMatch);
        Assert.Equal(18, r.Checks.Count);
        // An independent build of 784-16-16-10 from the library's own constructors.
        var network = Lesson.Of(LayerSpec.Stack([784, 16, 16, 10], new Activation.ReLU(), new Activation.ReLU())
            .Bind(specs => Initialization.Create<double>(specs, Initializer.Lecture, 3)));
        var shapes = network.Parameters.Bind(p => p).Map(m => (m.RowCount, m.ColumnCount)).ToArray();
        Assert.Equal([(16, 784), (16, 1), (16, 16), (16, 1), (10, 16), (10, 1)], shapes);
        Assert.Equal(shapes, r.Checks.Filter(c => c.Name is ['W' or 'B', _]).Map(c => c.Actual).ToArray());
        Assert.Equal(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10, r.Network.ParameterCount);
    }

    [Fact]
    public void EquationsCarryTheSlidesShapes()
    {
        var r = Lesson.Of(MatricesLesson.Run(MatricesOptions.Lecture));
        Assert.Equal(new MatrixEquation("Z1 = W1·X + B1", "(16×m) = (16×784)·(784×m) + (16×1)"), r.Forward[0]);
        Assert.Equal(new MatrixEquation("dZ3 = 2(A3 − Y) ∘ f′(Z3)", "(10×m) = (10×m) ∘ (10×m)"), r.Backward[0]);
        Assert.Equal("(16×784) = (16×m)·(m×784)", r.Backward.Find(e => e.Equation.StartsWith("∂C/∂W1")).Map(e => e.Shapes).IfNone(""));
    }

    [Fact]
    public void RefusesASingleSize() => Assert.True(MatricesLesson.Run(new MatricesOptions(Seq1(784))).IsFail);
}
