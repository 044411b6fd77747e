namespace FunctionalNet.Tests;

/// <summary>Accuracy and the confusion matrix on a hand example: five examples, three classes.</summary>
public class MetricsTests
{
    // Columns are examples. Outputs' argmax: 0, 2, 1, 1, 2. Targets (one-hot): 0, 1, 1, 2, 2. Correct: examples 0, 2, 4.
    private static readonly Matrix<double> Outputs = Matrix<double>.Build.DenseOfArray(new double[,]
    {
        { 0.7, 0.1, 0.2, 0.3, 0.0 },
        { 0.2, 0.3, 0.5, 0.4, 0.1 },
        { 0.1, 0.6, 0.3, 0.3, 0.9 },
    });
    private static readonly Matrix<double> Targets = Matrix<double>.Build.DenseOfArray(new double[,]
    {
        { 1, 0, 0, 0, 0 },
        { 0, 1, 1, 0, 0 },
        { 0, 0, 0, 1, 1 },
    });

    [Fact]
    public void ArgMaxReadsEachColumn()
    {
        Assert.Equal([0, 2, 1, 1, 2], Metrics.ArgMax(Outputs));
        Assert.Equal([0, 1, 1, 2, 2], Metrics.ArgMax(Targets));
    }

    [Fact]
    public void AccuracyIsTheFractionCorrect() => Assert.Equal(0.6, Metrics.Accuracy(Metrics.ArgMax(Outputs), Metrics.ArgMax(Targets)));

    [Fact]
    public void ConfusionMatrixCountsActualAgainstPredicted()
    {
        var confusion = Metrics.Confusion(3, Metrics.ArgMax(Outputs), Metrics.ArgMax(Targets));
        // rows: actual 0 → {0}; actual 1 → {2, 1}; actual 2 → {1, 2}
        Assert.Equal(Seq(Seq(1, 0, 0), Seq(0, 1, 1), Seq(0, 1, 1)), confusion.Rows);
        Assert.Equal(1, confusion[1, 2]);
        Assert.Equal(0, confusion[2, 0]);
        Assert.Equal((5, 3), (confusion.Total, confusion.Correct));
    }

    [Fact]
    public void EvaluateMeasuresTheNetworksOwnOutputs()
    {
        // An identity network outputs its input, so evaluating it on (Outputs, Targets) measures the matrices above.
        var identity = new Network<double>(Seq1<Layer<double>>(new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(3), None, new Activation.Identity())));
        var evaluation = Metrics.Evaluate(identity, new Loss.MeanSquared(), new LabelledSet<double>(Outputs, Targets));
        // (1/m) Σ |a − y|² per column: 0.14, 0.86, 0.38, 1.34, 0.02 → mean 0.548
        var expectedLoss = (0.09 + 0.04 + 0.01 + 0.01 + 0.49 + 0.36 + 0.04 + 0.25 + 0.09 + 0.09 + 0.16 + 0.49 + 0.0 + 0.01 + 0.01) / 5;
        Assert.Equal(expectedLoss, evaluation.Loss, 1e-15);
        Assert.Equal(0.6, evaluation.Accuracy);
        Assert.Equal(5, evaluation.Examples);
        Assert.Equal(Metrics.Confusion(3, [0, 2, 1, 1, 2], [0, 1, 1, 2, 2]), evaluation.Confusion);
    }

    [Fact]
    public void EvaluatingInBlocksCountsEveryExample()
    {
        // 20,000 examples are measured in three blocks; accuracy and loss must not depend on the cut.
        var identity = new Network<double>(Seq1<Layer<double>>(new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(3), None, new Activation.Identity())));
        var x = Matrix<double>.Build.Dense(3, 20_000, (i, j) => Math.Sin(7 * i + j));
        var y = Matrix<double>.Build.Dense(3, 20_000, (i, j) => i == j % 3 ? 1 : 0);
        var evaluation = Metrics.Evaluate(identity, new Loss.MeanSquared(), new LabelledSet<double>(x, y));
        var predicted = Metrics.ArgMax(x);
        Assert.Equal(Metrics.Accuracy(predicted, Metrics.ArgMax(y)), evaluation.Accuracy);
        Assert.Equal(20_000, evaluation.Confusion.Total);
        Assert.Equal(Losses.Value(new Loss.MeanSquared(), x, y), evaluation.Loss, 1e-12);
    }
}
