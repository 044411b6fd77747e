namespace FunctionalNet.Properties;

/// <summary>
/// A small network to check, as a value FsCheck can print and shrink: layer widths (inputs first), the hidden and
/// output activations, the loss, maxout hidden layers or not, the initializer, the batch size and the seed.
/// The network and batch are built from it by the library itself, so a shrunk case is a reproducible recipe.
/// </summary>
public sealed record CheckedNetworkCase(int[] Widths, Activation Hidden, Activation Output, Loss Loss, int MaxoutPieces,
    Initializer Initializer, int Batch, int Seed)
{
    /// <summary>Number of layers.</summary>
    public int Depth => Widths.Length - 1;

    /// <summary>True when no layer has a kink: no hidden layer with a ReLU-family activation, no maxout, a smooth output.</summary>
    public bool Smooth => !Output.HasKink && (Depth == 1 || (MaxoutPieces == 0 && !Hidden.HasKink));

    /// <summary>The network, built by <see cref="LayerSpec.Stack"/> and <see cref="Initialization.Create{T}"/>.</summary>
    public Network<T> Network<T>() where T : struct, IFloatingPointIeee754<T> =>
        LayerSpec.Stack(Widths, Hidden, Output)
            .Map(specs => MaxoutPieces > 0 ? LayerSpec.MaxoutHidden(specs, MaxoutPieces) : specs)
            .Bind(specs => Initialization.Create<T>(specs, Initializer, Seed))
            .Match(n => n, e => throw new InvalidOperationException(e.Message));

    /// <summary>The batch, from <see cref="SyntheticBatch"/>: targets valid for the loss.</summary>
    public (Matrix<T> X, Matrix<T> Y) Data<T>() where T : struct, IFloatingPointIeee754<T> =>
        SyntheticBatch.Create<T>(Loss, Widths[0], Widths[^1], Batch, Seed).Match(b => b, e => throw new InvalidOperationException(e.Message));

    /// <inheritdoc />
    public override string ToString() =>
        $"{string.Join("-", Widths)} {(MaxoutPieces > 0 ? $"maxout({MaxoutPieces})" : Hidden.ToString())}/{Output} {Loss} " +
        $"{Initializer.Name} batch {Batch} seed {Seed}";
}

/// <summary>Generators and shrinkers for <see cref="CheckedNetworkCase"/>.</summary>
public static class CheckedNetworkCases
{
    /// <summary>Every activation; leaky ReLU and ELU with the lecture's parameters (0.1 and 1) and others, so a derivative that forgets its parameter shows.</summary>
    public static readonly Activation[] Activations =
    [
        new Activation.Step(), new Activation.Sigmoid(), new Activation.Tanh(), new Activation.ReLU(),
        new Activation.LeakyReLU(0.1), new Activation.LeakyReLU(0.3), new Activation.ELU(1.0), new Activation.ELU(0.5),
        new Activation.Identity(), new Activation.Softmax(),
    ];

    /// <summary>The activations without a kink.</summary>
    public static readonly Activation[] SmoothActivations = Activations.Where(a => !a.HasKink).ToArray();

    /// <summary>Every loss.</summary>
    public static readonly Loss[] Losses =
        [new Loss.HalfSumSquares(), new Loss.MeanSquared(), new Loss.BinaryCrossEntropy(), new Loss.SoftmaxCrossEntropy()];

    /// <summary>The output activations a loss accepts (<see cref="FunctionalNet.Losses.Validate"/>), among <paramref name="candidates"/>.</summary>
    public static Activation[] OutputsFor(Loss loss, Activation[] candidates) => loss switch
    {
        Loss.SoftmaxCrossEntropy => [new Activation.Softmax()],
        Loss.BinaryCrossEntropy => [new Activation.Sigmoid()],
        _ => candidates,
    };

    /// <summary>Every initializer: the lecture's Uniform(−0.5, 0.5), Glorot and He.</summary>
    public static readonly Initializer[] Initializers = [Initializer.Lecture, new Initializer.Glorot(), new Initializer.He()];

    /// <summary>Cases over every activation × every loss × every initializer, depth 1–4, widths 1–5, batch 1–8, with or without maxout.</summary>
    public static Gen<CheckedNetworkCase> Any => Cases(Activations, Initializers, maxout: true);

    /// <summary>
    /// Every activation × every loss, with or without maxout, and Glorot weights: the networks a gradient check is
    /// run on. The lecture's Uniform(−0.5, 0.5) and He saturate softmax and sigmoid outputs, where the third
    /// derivative is large and the central difference's own truncation error can pass 10⁻⁷.
    /// </summary>
    public static Gen<CheckedNetworkCase> Checkable => Cases(Activations, [new Initializer.Glorot()], maxout: true);

    /// <summary>Checkable cases whose every layer is smooth.</summary>
    public static Gen<CheckedNetworkCase> Smooth => Cases(SmoothActivations, [new Initializer.Glorot()], maxout: false);

    private static Gen<CheckedNetworkCase> Cases(Activation[] activations, Initializer[] initializers, bool maxout) =>
        from depth in Gen.Choose(1, 4)
        from widths in Gen.ArrayOf(Gen.Choose(1, 5), depth + 1)
        from hidden in Gen.Elements(activations)
        from loss in Gen.Elements(Losses)
        from output in Gen.Elements(OutputsFor(loss, activations))
        from pieces in maxout ? Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(2, 3))) : Gen.Constant(0)
        from initializer in Gen.Elements(initializers)
        from batch in Gen.Choose(1, 8)
        from seed in Gen.Choose(0, 100_000)
        select new CheckedNetworkCase(OutputWidthFor(output, widths), hidden, output, loss, pieces, initializer, batch, seed);

    // A softmax over one output is the constant 1: no gradient to check, and bce's log(1 − a) is −∞.
    private static int[] OutputWidthFor(Activation output, int[] widths) =>
        output is Activation.Softmax && widths[^1] < 2 ? [.. widths[..^1], 2] : widths;

    /// <summary>
    /// Smaller cases first: fewer layers, narrower layers, fewer examples, no maxout, a smaller seed. Activations and
    /// the loss are kept, so a shrunk counterexample still names the pairing that failed.
    /// </summary>
    public static IEnumerable<CheckedNetworkCase> Shrink(CheckedNetworkCase c)
    {
        for (var k = 1; k < c.Widths.Length - 1; k++)
            yield return c with { Widths = c.Widths.Take(k).Concat(c.Widths.Skip(k + 1)).ToArray() };
        for (var k = 0; k < c.Widths.Length; k++)
            if (c.Widths[k] > (k == c.Widths.Length - 1 && c.Output is Activation.Softmax ? 2 : 1)) yield return c with { Widths = c.Widths.Select((w, i) => i == k ? w - 1 : w).ToArray() };
        if (c.Batch > 1) yield return c with { Batch = 1 };
        if (c.Batch > 2) yield return c with { Batch = c.Batch - 1 };
        if (c.MaxoutPieces > 2) yield return c with { MaxoutPieces = c.MaxoutPieces - 1 };
        if (c.MaxoutPieces > 0) yield return c with { MaxoutPieces = 0 };
        if (c.Seed > 0) yield return c with { Seed = c.Seed / 2 };
    }
}

/// <summary>The arbitrary the properties name in <c>[Property(Arbitrary = ...)]</c>: <see cref="CheckedNetworkCases.Any"/>, shrinking on.</summary>
public static class AnyNetwork
{
    /// <summary>Any case.</summary>
    public static Arbitrary<CheckedNetworkCase> Cases() => Arb.From(CheckedNetworkCases.Any, CheckedNetworkCases.Shrink);
}

/// <summary><see cref="CheckedNetworkCases.Checkable"/>, shrinking on.</summary>
public static class CheckableNetwork
{
    /// <summary>A case with Glorot weights.</summary>
    public static Arbitrary<CheckedNetworkCase> Cases() => Arb.From(CheckedNetworkCases.Checkable, CheckedNetworkCases.Shrink);
}
