namespace FunctionalNet.Properties;

/// <summary>
/// A small network and batch described by plain numbers, so FsCheck can shrink it (fewer layers, narrower layers,
/// fewer examples, simpler activations) and the property rebuilds the network from the seed.
/// </summary>
/// <param name="Sizes">Input size, hidden sizes, output size (1–3 layers, widths 1–6).</param>
/// <param name="Hidden">Index into <see cref="NetworkCases.SmoothHidden"/>.</param>
/// <param name="Output">Index into the smooth outputs allowed for the loss.</param>
/// <param name="LossIndex">Index into <see cref="NetworkCases.AllLosses"/>.</param>
/// <param name="Examples">Batch size, 1–8.</param>
/// <param name="Seed">Seeds the weights and the batch.</param>
public sealed record NetworkCase(int[] Sizes, int Hidden, int Output, int LossIndex, int Examples, int Seed)
{
    /// <summary>The loss of the case.</summary>
    public Loss Loss => NetworkCases.AllLosses[LossIndex];

    /// <summary>The hidden activation.</summary>
    public Activation HiddenActivation => NetworkCases.SmoothHidden[Hidden];

    /// <summary>The output activation: one the loss accepts.</summary>
    public Activation OutputActivation => NetworkCases.OutputsFor(Loss)[Output % NetworkCases.OutputsFor(Loss).Length];

    /// <summary>The network, built from the seed.</summary>
    public Network<double> Network =>
        LayerSpec.Stack(Sizes, HiddenActivation, OutputActivation).Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), Seed))
            .Map(BiasesAwayFromZero)
            .Match(n => n, e => throw new InvalidOperationException(e.Message));

    /// <summary>Inputs in [−1, 1], one column per example.</summary>
    public Matrix<double> X
    {
        get
        {
            var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 0);
            return Matrix<double>.Build.Dense(Sizes[0], Examples, (_, _) => 2 * random.NextDouble() - 1);
        }
    }

    /// <summary>Targets valid for the loss: one-hot for softmax-CE, 0/1 for BCE, reals in [−1, 1] otherwise.</summary>
    public Matrix<double> Y
    {
        get
        {
            var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 1);
            var outputs = Sizes[^1];
            return Loss switch
            {
                Loss.SoftmaxCrossEntropy => Matrix<double>.Build.Dense(outputs, Examples,
                    (i, j) => i == (j * 7 + Seed % 5 + 5) % outputs ? 1 : 0),
                Loss.BinaryCrossEntropy => Matrix<double>.Build.Dense(outputs, Examples, (_, _) => random.Next(2)),
                _ => Matrix<double>.Build.Dense(outputs, Examples, (_, _) => 2 * random.NextDouble() - 1),
            };
        }
    }

    // Glorot starts biases at 0; give them values so their gradients are exercised away from a special point.
    private Network<double> BiasesAwayFromZero(Network<double> network)
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 2);
        return network.WithParameters(network.Parameters.Map(layer =>
            layer.Map(p => p.ColumnCount == 1 && p.RowCount > 0 && layer.Count == 2 && ReferenceEquals(p, layer[1])
                ? p.Map(_ => random.NextDouble() - 0.5) : p)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"sizes {string.Join(",", Sizes)}, hidden {HiddenActivation}, output {OutputActivation}, loss {Loss}, m = {Examples}, seed {Seed}";
}

/// <summary>Generators and shrinkers for <see cref="NetworkCase"/>.</summary>
public static class NetworkCases
{
    /// <summary>Hidden activations that are smooth everywhere (finite differences need no kink handling).</summary>
    public static readonly Activation[] SmoothHidden = [new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Identity(), new Activation.Softmax()];

    /// <summary>Every loss.</summary>
    public static readonly Loss[] AllLosses = [new Loss.HalfSumSquares(), new Loss.MeanSquared(), new Loss.BinaryCrossEntropy(), new Loss.SoftmaxCrossEntropy()];

    /// <summary>Smooth output activations each loss accepts.</summary>
    public static Activation[] OutputsFor(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => [new Activation.Softmax()],
        Loss.BinaryCrossEntropy => [new Activation.Sigmoid()],
        _ => [new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Identity(), new Activation.Softmax()],
    };

    /// <summary>Cases with 1–3 layers of widths 1–6 (softmax-CE outputs at least 2 wide: a 1-wide softmax is constant).</summary>
    public static Gen<NetworkCase> Cases =>
        from layers in Gen.Choose(1, 3)
        from widths in Gen.Choose(1, 6).ArrayOf(layers + 1)
        from hidden in Gen.Choose(0, SmoothHidden.Length - 1)
        from output in Gen.Choose(0, 3)
        from loss in Gen.Choose(0, AllLosses.Length - 1)
        from examples in Gen.Choose(1, 8)
        from seed in Gen.Choose(0, 100_000)
        select Valid(new NetworkCase(widths, hidden, output, loss, examples, seed));

    private static NetworkCase Valid(NetworkCase c) =>
        c.Loss is Loss.SoftmaxCrossEntropy && c.Sizes[^1] < 2 ? c with { Sizes = [.. c.Sizes[..^1], 2] } : c;

    /// <summary>Smaller cases: drop a hidden layer, narrow a layer, fewer examples, simpler activations.</summary>
    public static IEnumerable<NetworkCase> Shrink(NetworkCase c)
    {
        foreach (var sizes in Shrinks.Sizes(c.Sizes, s => Valid(c with { Sizes = s }).Sizes))
            yield return c with { Sizes = sizes };
        if (c.Examples > 1) yield return c with { Examples = c.Examples / 2 };
        if (c.Hidden > 0) yield return c with { Hidden = 0 };
        if (c.Output > 0) yield return c with { Output = 0 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<NetworkCase> Arbitrary() => Arb.From(Cases, Shrink);
}
