namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// A small network with any activations (kinks included), a loss it accepts, a batch and a way of batching,
/// in float or double, all described by plain numbers so that FsCheck can shrink it.
/// </summary>
/// <param name="Sizes">Input size, hidden sizes, output size (1–3 layers, widths 1–6).</param>
/// <param name="Hidden">Index into <see cref="KernelCase.Activations"/>.</param>
/// <param name="Output">Index into the outputs the loss accepts.</param>
/// <param name="LossIndex">Index into <see cref="TrainingCases.AllLosses"/>.</param>
/// <param name="Examples">Batch size, 1–12.</param>
/// <param name="BatchSize">0 for full batch, else the mini-batch size (1 is stochastic).</param>
/// <param name="Double">Double precision, else float.</param>
/// <param name="Seed">Seeds the weights and the batch.</param>
public sealed record TrainingCase(int[] Sizes, int Hidden, int Output, int LossIndex, int Examples, int BatchSize, bool Double, int Seed)
{
    /// <summary>The loss.</summary>
    public Loss Loss => TrainingCases.AllLosses[LossIndex];

    /// <summary>How an epoch is split into batches.</summary>
    public Batching Batching => BatchSize == 0 ? new Batching.FullBatch() : new Batching.MiniBatch(BatchSize);

    /// <summary>The output activation: one the loss accepts.</summary>
    public Activation OutputActivation => TrainingCases.OutputsFor(Loss)[Output % TrainingCases.OutputsFor(Loss).Length];

    /// <summary>The network, built from the seed.</summary>
    public Network<T> Network<T>() where T : struct, IFloatingPointIeee754<T> =>
        LayerSpec.Stack(Sizes, KernelCase.Activations[Hidden], OutputActivation)
            .Bind(specs => Initialization.Create<T>(specs, Initializer.Lecture, Seed))
            .Match(n => n, e => throw new InvalidOperationException(e.Message));

    /// <summary>Inputs in [−1, 1] and targets the loss accepts (one-hot, 0/1 or reals), one column per example.</summary>
    public (Matrix<T> X, Matrix<T> Y) Batch<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 0);
        var outputs = Sizes[^1];
        var x = Matrix<T>.Build.Dense(Sizes[0], Examples, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1));
        var hot = Enumerable.Range(0, Examples).Select(_ => random.Next(outputs)).ToArray();
        var y = Matrix<T>.Build.Dense(outputs, Examples, (i, j) => T.CreateChecked(Loss switch
        {
            Loss.SoftmaxCrossEntropy => i == hot[j] ? 1 : 0,
            Loss.BinaryCrossEntropy => random.Next(2),
            _ => 2 * random.NextDouble() - 1,
        }));
        return (x, y);
    }

    /// <summary>Training options for <paramref name="epochs"/> epochs at η = 0.1.</summary>
    public TrainingOptions Options(int epochs) => new(Loss, 0.1, epochs, Batching, Seed);

    /// <inheritdoc />
    public override string ToString() =>
        $"sizes {string.Join(",", Sizes)}, hidden {KernelCase.Activations[Hidden]}, output {OutputActivation}, loss {Loss}, " +
        $"m = {Examples}, batching {Batching}, {(Double ? "f64" : "f32")}, seed {Seed}";
}

/// <summary>Generators and shrinkers for <see cref="TrainingCase"/>.</summary>
public static class TrainingCases
{
    /// <summary>Every loss.</summary>
    public static readonly Loss[] AllLosses = [new Loss.HalfSumSquares(), new Loss.MeanSquared(), new Loss.BinaryCrossEntropy(), new Loss.SoftmaxCrossEntropy()];

    /// <summary>The output activations each loss accepts.</summary>
    public static Activation[] OutputsFor(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => [new Activation.Softmax()],
        Loss.BinaryCrossEntropy => [new Activation.Sigmoid()],
        _ => KernelCase.Activations,
    };

    /// <summary>1–3 layers of widths 1–6 (a softmax-CE output at least 2 wide), 1–12 examples, any batching.</summary>
    public static Gen<TrainingCase> Cases =>
        from layers in Gen.Choose(1, 3)
        from widths in Gen.Choose(1, 6).ArrayOf(layers + 1)
        from hidden in Gen.Choose(0, KernelCase.Activations.Length - 1)
        from output in Gen.Choose(0, KernelCase.Activations.Length - 1)
        from loss in Gen.Choose(0, AllLosses.Length - 1)
        from examples in Gen.Choose(1, 12)
        from batch in Gen.Choose(0, 4)
        from isDouble in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select Valid(new TrainingCase(widths, hidden, output, loss, examples, batch, isDouble, seed));

    private static TrainingCase Valid(TrainingCase c) =>
        c.Loss is Loss.SoftmaxCrossEntropy && c.Sizes[^1] < 2 ? c with { Sizes = [.. c.Sizes[..^1], 2] } : c;

    /// <summary>Fewer layers, narrower layers, fewer examples, simpler activations and batching.</summary>
    public static IEnumerable<TrainingCase> Shrink(TrainingCase c)
    {
        foreach (var sizes in Shrinks.Sizes(c.Sizes, s => Valid(c with { Sizes = s }).Sizes))
            yield return c with { Sizes = sizes };
        if (c.Examples > 1) yield return c with { Examples = c.Examples / 2 };
        if (c.Hidden > 0) yield return c with { Hidden = 0 };
        if (c.Output > 0) yield return c with { Output = 0 };
        if (c.BatchSize > 0) yield return c with { BatchSize = 0 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<TrainingCase> Arbitrary() => Arb.From(Cases, Shrink);
}
