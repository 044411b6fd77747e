namespace FunctionalNet;

/// <summary>
/// A random batch (X, Y) for checking gradients, drawn from the seed's <see cref="Seeds.Streams.Batch"/> stream in
/// double precision and rounded to T, so a float batch is its double twin, rounded.
/// X ~ Uniform(−1, 1); Y fits the loss: one-hot columns for softmax-ce, 0/1 for bce, Uniform(0, 1) for every other loss (a user's too).
/// </summary>
public static class SyntheticBatch
{
    /// <summary>A batch of <paramref name="examples"/> columns for a network of the given input and output sizes.</summary>
    public static Fin<(Matrix<T> X, Matrix<T> Y)> Create<T>(Loss loss, int inputs, int outputs, int examples, int seed)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (inputs < 1 || outputs < 1) return Error.New($"a batch needs at least one input and one output (got {inputs} and {outputs})");
        if (examples < 1) return Error.New($"a batch needs at least one example (got {examples})");
        var inputDraws = Seeds.Generator(seed, Seeds.Streams.Batch, 0);
        var targetDraws = Seeds.Generator(seed, Seeds.Streams.Batch, 1);
        var x = Matrix<T>.Build.Dense(inputs, examples, (_, _) => T.CreateChecked(2 * inputDraws.NextDouble() - 1));
        var y = loss switch
        {
            Loss.SoftmaxCrossEntropy => OneHot<T>(Enumerable.Range(0, examples).Select(_ => targetDraws.Next(outputs)).ToArray(), outputs),
            Loss.BinaryCrossEntropy => Matrix<T>.Build.Dense(outputs, examples, (_, _) => T.CreateChecked(targetDraws.Next(2))),
            _ => Matrix<T>.Build.Dense(outputs, examples, (_, _) => T.CreateChecked(targetDraws.NextDouble())),
        };
        return (x, y);
    }

    private static Matrix<T> OneHot<T>(int[] classes, int outputs) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(outputs, classes.Length, (i, j) => classes[j] == i ? T.One : T.Zero);
}
