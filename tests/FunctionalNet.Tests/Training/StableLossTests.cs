using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests;

/// <summary>
/// Binary and softmax cross-entropy computed from the output layer's Z: finite and accurate where σ(z) rounds to 1 or a
/// softmax probability underflows. The oracle is each loss's definition, −Σ y log a with a = σ(z) or softmax(z),
/// evaluated at 400 significant digits with mpmath (1.3.0) and rounded to double:
/// <c>mp.dps = 400; s = 1/(1 + exp(-z)); -(y*log(s) + (1 - y)*log(1 - s))</c>, and
/// <c>-sum(y_i*log(exp(z_i)/sum(exp(z_j))))</c>, with y = 0.3 the double nearest 0.3.
/// </summary>
public class StableLossTests
{
    private static readonly Loss Bce = new Loss.BinaryCrossEntropy();
    private static readonly Loss SoftmaxCe = new Loss.SoftmaxCrossEntropy();

    private static double RelativeError(double actual, double expected) =>
        actual == expected ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);

    // One column: ℓ of a sigmoid output, from z.
    private static double BceOf<T>(double z, double y) where T : struct, IFloatingPointIeee754<T>
    {
        var zs = Matrix<T>.Build.Dense(1, 1, T.CreateChecked(z));
        return Losses.Value(Bce, new Activation.Sigmoid(), zs, Activations.Apply(new Activation.Sigmoid(), zs), Matrix<T>.Build.Dense(1, 1, T.CreateChecked(y)));
    }

    // One column: −Σ y_i log softmax(z)_i, from z.
    private static double SoftmaxCeOf<T>(double[] z, double[] y) where T : struct, IFloatingPointIeee754<T>
    {
        var zs = Matrix<T>.Build.Dense(z.Length, 1, (i, _) => T.CreateChecked(z[i]));
        var ys = Matrix<T>.Build.Dense(y.Length, 1, (i, _) => T.CreateChecked(y[i]));
        return Losses.Value(SoftmaxCe, new Activation.Softmax(), zs, Activations.Apply(new Activation.Softmax(), zs), ys);
    }

    // mpmath at 400 digits: −(y log σ(z) + (1 − y) log(1 − σ(z))). The two-class softmax with logits (z, 0) and
    // targets (y, 1 − y) is the same function, so both losses are checked against these rows.
    public static TheoryData<double, double, double> TwoClassReferences => new()
    {
        { 1e-3, 0.0, 0.6936473055599401 }, { 1e-3, 1.0, 0.6926473055599401 }, { 1e-3, 0.3, 0.6933473055599401 },
        { -1e-3, 0.0, 0.6926473055599401 }, { -1e-3, 1.0, 0.6936473055599401 }, { -1e-3, 0.3, 0.6929473055599401 },
        { 1.0, 0.0, 1.3132616875182228 }, { 1.0, 1.0, 0.3132616875182228 }, { 1.0, 0.3, 1.0132616875182228 },
        { -1.0, 0.0, 0.3132616875182228 }, { -1.0, 1.0, 1.3132616875182228 }, { -1.0, 0.3, 0.6132616875182229 },
        { 20.0, 0.0, 20.000000002061153 }, { 20.0, 1.0, 2.061153620314381e-09 }, { 20.0, 0.3, 14.000000002061153 },
        { -20.0, 0.0, 2.061153620314381e-09 }, { -20.0, 1.0, 20.000000002061153 }, { -20.0, 0.3, 6.000000002061153 },
        { 34.0, 0.0, 34.0 }, { 34.0, 1.0, 1.7139084315420114e-15 }, { 34.0, 0.3, 23.8 },
        { -34.0, 0.0, 1.7139084315420114e-15 }, { -34.0, 1.0, 34.0 }, { -34.0, 0.3, 10.200000000000001 },
        { 100.0, 0.0, 100.0 }, { 100.0, 1.0, 3.720075976020836e-44 }, { 100.0, 0.3, 70.0 },
        { -100.0, 0.0, 3.720075976020836e-44 }, { -100.0, 1.0, 100.0 }, { -100.0, 0.3, 30.0 },
        { 700.0, 0.0, 700.0 }, { 700.0, 1.0, 9.85967654375977e-305 }, { 700.0, 0.3, 490.0 },
        { -700.0, 0.0, 9.85967654375977e-305 }, { -700.0, 1.0, 700.0 }, { -700.0, 0.3, 210.0 },
    };

    // mpmath at 400 digits, logits (z, 1, −z/2): one-hot on the middle class, and targets (0.2, 0.5, 0.3).
    public static TheoryData<double, double, double> ThreeClassReferences => new()
    {
        { 1e-3, 0.5515508115766965, 1.0515008115766966 }, { -1e-3, 0.5513388699845443, 1.0513888699845444 },
        { 1.0, 0.7989161848417257, 1.2489161848417256 }, { -1.0, 0.5549569196419907, 1.1049569196419906 },
        { 20.0, 19.00000000560289, 18.50000000560289 }, { -20.0, 9.000123402189816, 10.500123402189818 },
        { 34.0, 33.00000000000001, 31.800000000000004 }, { -34.0, 16.00000011253517, 18.200000112535168 },
        { 100.0, 99.0, 94.5 }, { -100.0, 49.0, 54.5 },
        { 700.0, 699.0, 664.5 }, { -700.0, 349.0, 384.5 },
    };

    [Theory]
    [MemberData(nameof(TwoClassReferences))]
    public void BinaryCrossEntropyFromZMatchesTheDefinitionInDoublePrecision(double z, double y, double expected)
    {
        Assert.InRange(RelativeError(BceOf<double>(z, y), expected), 0, 1e-12);
        Assert.InRange(RelativeError(Loss.BinaryCrossEntropy.FromLogit(z, y), expected), 0, 1e-12);
    }

    [Theory]
    [MemberData(nameof(TwoClassReferences))]
    public void SoftmaxCrossEntropyFromZMatchesTheDefinitionInDoublePrecision(double z, double y, double expected)
    {
        // 1 − 0.3 is rounded once more in (y, 1 − y): well inside 1e-12 relative.
        Assert.InRange(RelativeError(SoftmaxCeOf<double>([z, 0], [y, 1 - y]), expected), 0, 1e-12);
        Assert.InRange(RelativeError(SoftmaxCeOf<double>([0, z], [1 - y, y]), expected), 0, 1e-12);   // the largest logit in either row
    }

    [Theory]
    [MemberData(nameof(ThreeClassReferences))]
    public void SoftmaxCrossEntropyOfThreeClassesMatchesTheDefinition(double z, double oneHot, double spread) =>
        AssertThreeClasses<double>(z, oneHot, spread, 1e-12);

    private static void AssertThreeClasses<T>(double z, double oneHot, double spread, double tolerance) where T : struct, IFloatingPointIeee754<T>
    {
        Assert.InRange(RelativeError(SoftmaxCeOf<T>([z, 1, -z / 2], [0, 1, 0]), oneHot), 0, tolerance);
        Assert.InRange(RelativeError(SoftmaxCeOf<T>([z, 1, -z / 2], [0.2, 0.5, 0.3]), spread), 0, tolerance);
    }

    // float32: z and y are rounded to float (1e-3 and 0.3 are not floats), so the value is the reference's within the
    // float's relative precision times the loss's condition number; 1e-6 leaves room for both.
    [Theory]
    [MemberData(nameof(TwoClassReferences))]
    public void BothLossesFromAFloatZMatchTheDefinitionInFloatPrecision(double z, double y, double expected)
    {
        Assert.InRange(RelativeError(BceOf<float>(z, y), expected), 0, 1e-6);
        Assert.InRange(RelativeError(SoftmaxCeOf<float>([z, 0], [y, 1 - y]), expected), 0, 1e-6);
    }

    [Theory]
    [MemberData(nameof(ThreeClassReferences))]
    public void ThreeClassSoftmaxFromAFloatZMatchesTheDefinitionInFloatPrecision(double z, double oneHot, double spread) =>
        AssertThreeClasses<float>(z, oneHot, spread, 1e-6);

    [Fact]
    public void TheValueFromAIsNotANumberOrInfiniteWhereTheValueFromZIsExact()
    {
        // σ(40) rounds to 1 in double: with y = 1, (1 − y)·log(1 − a) is 0·(−∞).
        var z = Matrix<double>.Build.Dense(1, 1, 40.0);
        var (a, y) = (Activations.Apply(new Activation.Sigmoid(), z), Matrix<double>.Build.Dense(1, 1, 1.0));
        Assert.True(double.IsNaN(Losses.Value(Bce, a, y)));
        Assert.InRange(RelativeError(Losses.Value(Bce, new Activation.Sigmoid(), z, a, y), Math.Exp(-40)), 0, 1e-12);   // log(1 + e⁻⁴⁰) = e⁻⁴⁰ in double

        // A logit gap of 147 in float32: the true class's probability e⁻¹⁴⁷ underflows to 0, so −log a is +∞.
        var gap = Matrix<float>.Build.DenseOfArray(new float[,] { { 0 }, { 147 } });
        var (softmax, oneHot) = (Activations.Apply(new Activation.Softmax(), gap), Matrix<float>.Build.DenseOfArray(new float[,] { { 1 }, { 0 } }));
        Assert.Equal(double.PositiveInfinity, Losses.Value(SoftmaxCe, softmax, oneHot));
        Assert.InRange(RelativeError(Losses.Value(SoftmaxCe, new Activation.Softmax(), gap, softmax, oneHot), 147), 0, 1e-12);   // 147 + log(1 + e⁻¹⁴⁷)
    }

    [Fact]
    public void WhereBothAreFiniteTheValueFromZAgreesWithTheValueFromA()
    {
        // A 4 × 6 batch of moderate logits, mean-reduced and scaled: the two forms differ only by rounding.
        var z = Matrix<double>.Build.Dense(4, 6, (i, j) => 3 * Math.Sin(1.3 * i + 0.7 * j + 0.2));
        var y = Matrix<double>.Build.Dense(4, 6, (i, j) => i == j % 4 ? 1 : 0);
        foreach (var (loss, f) in new (Loss, Activation)[] { (Bce with { Scale = 0.5 }, new Activation.Sigmoid()), (SoftmaxCe with { Scale = 2 }, new Activation.Softmax()) })
        {
            var a = Activations.Apply(f, z);
            Assert.InRange(RelativeError(Losses.Value(loss, f, z, a, y), Losses.Value(loss, a, y)), 0, 1e-13);
        }
    }

    [Fact]
    public void AnyOtherPairingIsComputedFromTheOutputAsBefore()
    {
        var z = Matrix<double>.Build.Dense(3, 2, (i, j) => i - j + 0.5);
        var y = Matrix<double>.Build.Dense(3, 2, (i, j) => (i + j) % 2);
        foreach (var (loss, f) in new (Loss, Activation)[] { (new Loss.MeanSquared(), new Activation.Sigmoid()), (new Loss.HalfSumSquares(), new Activation.Softmax()), (new Loss.MeanSquared(), new Activation.Tanh()) })
        {
            var a = Activations.Apply(f, z);
            Assert.Equal(Losses.Value(loss, a, y), Losses.Value(loss, f, z, a, y));
        }
    }

    [Fact]
    public void TrainingEvaluationAndCostAllUseTheValueFromZ()
    {
        // One sigmoid layer whose Z is ±40 (σ = 1 or 0 in double) on targets it gets right: every path's loss is e⁻⁴⁰.
        Layer<double> layer = new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new double[,] { { 40 }, { -40 } }), None, new Activation.Sigmoid());
        var network = new Network<double>(Seq1(layer));
        var x = Matrix<double>.Build.Dense(1, 3, 1.0);
        var y = Matrix<double>.Build.Dense(2, 3, (i, _) => i == 0 ? 1 : 0);
        var expected = 2 * Math.Exp(-40);   // two entries of e⁻⁴⁰ per column, averaged over columns
        Assert.InRange(RelativeError(Network.Cost(network, Bce, x, y), expected), 0, 1e-12);
        Assert.InRange(RelativeError(Backpropagation.Run(network, Bce, x, y).Loss, expected), 0, 1e-12);
        Assert.InRange(RelativeError(Metrics.Evaluate(network, Bce, new LabelledSet<double>(x, y)).Loss, expected), 0, 1e-12);
        var check = GradientCheck.Run(network, Bce, x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.InRange(RelativeError(check.Loss, expected), 0, 1e-12);
    }

    [Fact]
    public void TheIssuesBceRunTrainsToCompletionOnAnMnistSubset()
    {
        // The issue's command (784-64-10, ReLU, He, bce, Adam, lr 0.01 constant, batch 64, seed 1) stopped with "the batch
        // loss is NaN" once a float σ rounded to 1 on a right answer (or to 0 on a right 0); here on 6,400 images, for
        // four epochs so that the network gets that confident on this smaller set.
        const int m = 6400;
        var set = new LabelledSet<float>(RealMnist.Train.X.SubMatrix(0, 784, 0, m), RealMnist.Train.Y.SubMatrix(0, 10, 0, m));
        var options = new TrainingOptions(Bce, 0.01, 4, new Batching.MiniBatch(64), Seed: 1)
        {
            Optimizer = new Optimizer.Adam(),
            Schedule = new Schedule.Constant(),
        };
        var network = LayerSpec.Stack([784, 64, 10], new Activation.ReLU(), new Activation.Sigmoid())
            .Bind(specs => Initialization.Create<float>(specs, new Initializer.He(), 1)).ThrowIfFail();
        var result = Training.Train(Training.Start(network, options), new TrainingData<float>(set), options).ThrowIfFail();

        Assert.Equal(4, result.History.Count);
        Assert.All(result.History, h => Assert.True(double.IsFinite(h.Loss)));
        // The trained network is confident enough that some right outputs are exactly 1 or 0, where the value from A
        // is NaN (0·log 0); evaluation, from Z, stays finite.
        var output = Network.Predict(result.Network, set.X);
        var saturated = output.Enumerate().Zip(set.Y.Enumerate()).Count(p => p.Item1 == p.Item2);
        Assert.True(saturated > 0 && double.IsNaN(Losses.Value(Bce, output, set.Y)), $"{saturated} outputs are exactly their target");
        var evaluation = Metrics.Evaluate(result.Network, Bce, set);
        Assert.True(double.IsFinite(evaluation.Loss) && evaluation.Loss > 0, $"training loss {evaluation.Loss}");
        var test = Metrics.Evaluate(result.Network, Bce, new LabelledSet<float>(RealMnist.Test.X, RealMnist.Test.Y));
        Assert.True(double.IsFinite(test.Loss) && test.Accuracy > 0.85, $"test loss {test.Loss}, accuracy {test.Accuracy}");
    }
}
