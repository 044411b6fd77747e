namespace FunctionalNet;

/// <summary>
/// How often each true class was predicted as each class: entry (actual, predicted). The diagonal holds the correct
/// predictions; a row sums to the number of examples of that class.
/// </summary>
/// <param name="Classes">K: the matrix is K × K.</param>
/// <param name="Counts">The K² counts, row by row (row = actual class, column = predicted class).</param>
public sealed record ConfusionMatrix(int Classes, Arr<int> Counts)
{
    /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => Counts[actual * Classes + predicted];

    /// <summary>The number of examples counted.</summary>
    public int Total => Counts.Sum();

    /// <summary>The number on the diagonal: correct predictions.</summary>
    public int Correct => Enumerable.Range(0, Classes).Sum(k => this[k, k]);

    /// <summary>The rows, for printing: row k is class k's predictions.</summary>
    public Seq<Seq<int>> Rows => toSeq(Enumerable.Range(0, Classes).Select(a => toSeq(Enumerable.Range(0, Classes).Select(p => this[a, p])).Strict())).Strict();
}

/// <summary>A network measured on one labelled set.</summary>
/// <param name="Examples">The number of examples m.</param>
/// <param name="Loss">The loss C over the set (as the loss reduces: mean or sum over examples).</param>
/// <param name="Accuracy">The fraction of examples whose largest output is the target's largest entry.</param>
/// <param name="Confusion">Actual against predicted classes.</param>
public sealed record Evaluation(int Examples, double Loss, double Accuracy, ConfusionMatrix Confusion);

/// <summary>A labelled set: inputs and targets, one example per column (X is features × m, Y is outputs × m).</summary>
/// <param name="X">The inputs, features × m.</param>
/// <param name="Y">The targets, outputs × m.</param>
public sealed record LabelledSet<T>(Matrix<T> X, Matrix<T> Y) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Whether the executor may take the first layer's products on X's nonzero entries when X is mostly zeros (true
    /// unless set; see <see cref="Numerics.Executor.SparseInput{T}"/>); false keeps every product dense, as NumPy
    /// computes them. The results agree up to rounding.
    /// </summary>
    public bool SparseInput { get; init; } = true;
}

/// <summary>Classification metrics: predictions by argmax over each column, as the lecture's <c>np.argmax(A3, 0)</c>.</summary>
public static class Metrics
{
    /// <summary>Sets are evaluated in blocks of this many columns, so a 60,000-example pass never holds a 60,000-column activation.</summary>
    public const int Block = 8192;

    /// <summary>The row of the largest entry of each column (the first, on a tie): predicted classes, or labels of one-hot targets.</summary>
    public static int[] ArgMax<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, m.ColumnCount).Select(j => m.Column(j).MaximumIndex()).ToArray();

    /// <summary>The fraction of positions where the predicted class equals the actual class.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> actual) =>
        predicted.Count == 0 ? 0 : (double)predicted.Zip(actual).Count(p => p.Item1 == p.Item2) / predicted.Count;

    /// <summary>The K × K confusion matrix of actual against predicted classes (each in 0 … K − 1).</summary>
    public static ConfusionMatrix Confusion(int classes, IReadOnlyList<int> predicted, IReadOnlyList<int> actual)
    {
        var counts = new int[classes * classes];
        foreach (var (p, a) in predicted.Zip(actual)) counts[a * classes + p]++;
        return new ConfusionMatrix(classes, toArray(counts));
    }

    /// <summary>Loss, accuracy and confusion matrix of the network on the set (no dropout: the network as it predicts).</summary>
    public static Evaluation Evaluate<T>(Network<T> network, Loss loss, LabelledSet<T> set) where T : struct, IFloatingPointIeee754<T>
    {
        var m = set.X.ColumnCount;
        var blocks = Enumerable.Range(0, (m + Block - 1) / Block).Select(k =>
        {
            var (start, count) = (k * Block, Math.Min(Block, m - k * Block));
            var y = m <= Block ? set.Y : set.Y.SubMatrix(0, set.Y.RowCount, start, count);
            var output = Numerics.Executor.Current.PredictTrace(network, set, start, count);
            return (Total: Losses.Total(loss, network.Layers.Last.OutputLoss(loss, output, y), count), Predicted: ArgMax(output.A), Actual: ArgMax(y));
        }).ToList();
        var predicted = blocks.SelectMany(b => b.Predicted).ToArray();
        var actual = blocks.SelectMany(b => b.Actual).ToArray();
        return new Evaluation(m, Losses.FromTotal(loss, blocks.Sum(b => b.Total), m), Accuracy(predicted, actual),
            Confusion(network.Outputs, predicted, actual));
    }
}
