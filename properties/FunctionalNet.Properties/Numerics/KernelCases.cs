namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// An activation (or loss) and a rows × columns batch of pre-activations Z, incoming gradients dA and targets,
/// drawn from the seed. Z mixes ordinary values in [−10, 10] with the awkward ones: ±0, tiny, and large enough
/// to saturate σ and tanh or overflow e^z in float.
/// </summary>
public sealed record KernelCase(int ActivationIndex, int Rows, int Columns, int Seed)
{
    /// <summary>Every activation, element-wise ones first, softmax last.</summary>
    public static readonly Activation[] Activations =
    [
        new Activation.Step(), new Activation.Sigmoid(), new Activation.Tanh(), new Activation.ReLU(), new Activation.LeakyReLU(0.1),
        new Activation.ELU(1.0), new Activation.Identity(), new Activation.Softmax(),
    ];

    private static readonly double[] Awkward = [0.0, -0.0, 1e-30, -1e-30, 1, -1, 20, -20, 40, -40, 90, -90];

    /// <summary>The activation under test.</summary>
    public Activation Activation => Activations[ActivationIndex];

    /// <summary>Z, with about one entry in four awkward.</summary>
    public Matrix<T> Z<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 0);
        return Matrix<T>.Build.Dense(Rows, Columns, (_, _) => T.CreateChecked(random.NextDouble() < 0.25
            ? Awkward[random.Next(Awkward.Length)]
            : Math.Round(20 * random.NextDouble() - 10, 3)));
    }

    /// <summary>dA, entries in [−2, 2].</summary>
    public Matrix<T> Incoming<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 1);
        return Matrix<T>.Build.Dense(Rows, Columns, (_, _) => T.CreateChecked(4 * random.NextDouble() - 2));
    }

    /// <summary>Outputs in (0, 1) and 0/1 targets, for the losses (a one-hot column when <paramref name="oneHot"/>).</summary>
    public (Matrix<T> A, Matrix<T> Y) OutputsAndTargets<T>(bool oneHot) where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 2);
        var a = Matrix<T>.Build.Dense(Rows, Columns, (_, _) => T.CreateChecked(0.001 + 0.998 * random.NextDouble()));
        var hot = Enumerable.Range(0, Columns).Select(_ => random.Next(Rows)).ToArray();
        var y = Matrix<T>.Build.Dense(Rows, Columns, (i, j) => T.CreateChecked(oneHot ? (i == hot[j] ? 1 : 0) : random.Next(2)));
        return (a, y);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Activation}, {Rows}×{Columns}, seed {Seed}";
}

/// <summary>Generators and shrinkers for <see cref="KernelCase"/>.</summary>
public static class KernelCases
{
    /// <summary>Any activation; shapes from 1 × 1 to 40 × 9, so that both the SIMD loop and its scalar tail run.</summary>
    public static Gen<KernelCase> Cases =>
        from activation in Gen.Choose(0, KernelCase.Activations.Length - 1)
        from rows in Gen.Choose(1, 40)
        from columns in Gen.Choose(1, 9)
        from seed in Gen.Choose(0, 100_000)
        select new KernelCase(activation, rows, columns, seed);

    /// <summary>Fewer rows and columns.</summary>
    public static IEnumerable<KernelCase> Shrink(KernelCase c)
    {
        if (c.Rows > 1) yield return c with { Rows = c.Rows / 2 };
        if (c.Columns > 1) yield return c with { Columns = c.Columns / 2 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<KernelCase> Arbitrary() => Arb.From(Cases, Shrink);
}
