namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// A first layer's two products with a mostly-zero X, drawn from the seed: W (outputs × inputs), X (inputs ×
/// examples) with about <paramref name="ZeroPercent"/>% exact zeros (half of them −0) and one column in six all
/// zero, a bias or none, and dZ (outputs × examples). Every other entry is in [−1, 1].
/// </summary>
/// <param name="Outputs">Rows of W: often a multiple of the SIMD tile (16 floats, 8 doubles), often not.</param>
/// <param name="Inputs">Rows of X (0 is an empty product).</param>
/// <param name="Examples">Columns of X (0 is an empty batch).</param>
/// <param name="ZeroPercent">The share of X's entries set to zero.</param>
/// <param name="Bias">Whether Z = W·X + b·1ᵀ or W·X.</param>
/// <param name="Seed">Seeds every entry.</param>
public sealed record SparseCase(int Outputs, int Inputs, int Examples, int ZeroPercent, bool Bias, int Seed)
{
    /// <summary>W, outputs × inputs.</summary>
    public Matrix<T> W<T>() where T : struct, IFloatingPointIeee754<T> => Uniform<T>(Outputs, Inputs, 0);

    /// <summary>b, outputs × 1, when the case has one.</summary>
    public Option<Matrix<T>> B<T>() where T : struct, IFloatingPointIeee754<T> => Bias ? Some(Uniform<T>(Outputs, 1, 1)) : None;

    /// <summary>dZ, outputs × examples.</summary>
    public Matrix<T> Dz<T>() where T : struct, IFloatingPointIeee754<T> => Uniform<T>(Outputs, Examples, 2);

    /// <summary>
    /// X, mostly zeros. With <paramref name="awkward"/>, one nonzero entry in four is NaN, ±∞, ±(the smallest
    /// subnormal) or the largest finite value: all of them nonzero, all of them to be kept as they are.
    /// </summary>
    public Matrix<T> X<T>(bool awkward = false) where T : struct, IFloatingPointIeee754<T>
    {
        T[] odd = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon, T.CreateSaturating(double.MaxValue)];
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 3);
        var blank = Enumerable.Range(0, Examples).Select(_ => random.Next(6) == 0).ToArray();
        return Matrix<T>.Build.Dense(Inputs, Examples, (_, j) =>
        {
            var (zero, negative, value, strange) = (random.Next(100) < ZeroPercent, random.Next(2) == 0, 2 * random.NextDouble() - 1, random.Next(4) == 0);
            if (blank[j] || zero) return negative ? T.NegativeZero : T.Zero;
            return awkward && strange ? odd[random.Next(odd.Length)] : T.CreateChecked(value);
        });
    }

    private Matrix<T> Uniform<T>(int rows, int columns, int stream) where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, stream);
        return Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"W {Outputs}×{Inputs}{(Bias ? " with b" : "")}, X {Inputs}×{Examples} {ZeroPercent}% zeros, seed {Seed}";
}

/// <summary>
/// A network case whose batch X is made mostly zero, with one of the training cases' dropout choices (none, hidden,
/// hidden and input). The first layer is often wider than a SIMD tile; a maxout first layer or input dropout makes
/// backpropagation fall back to the dense pass.
/// </summary>
public sealed record SparseNetworkCase(CheckedNetworkCase Case, int DropoutIndex, int ZeroPercent)
{
    /// <summary>The dropout rates.</summary>
    public DropoutRates Rates => Properties.TrainingCases.DropoutChoices[DropoutIndex];

    /// <summary>The case's batch with about <see cref="ZeroPercent"/>% of X's entries and one column in six set to +0.</summary>
    public (Matrix<T> X, Matrix<T> Y) Data<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var (x, y) = Case.Data<T>();
        var random = Seeds.Generator(Case.Seed, Seeds.Streams.Batch, 3);
        var blank = Enumerable.Range(0, x.ColumnCount).Select(_ => random.Next(6) == 0).ToArray();
        return (x.MapIndexed((_, j, v) => blank[j] || random.Next(100) < ZeroPercent ? T.Zero : v, Zeros.Include), y);
    }

    /// <summary>The masks of the first step of a run with the case's rates.</summary>
    public DropoutMasks<T> Masks<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        Dropout.Masks(network, Rates, Case.Batch, Case.Seed, epoch: 1, batch: 1);

    /// <inheritdoc />
    public override string ToString() => $"{Case}, dropout {Rates}, {ZeroPercent}% zeros";
}

/// <summary>Generators and shrinkers for <see cref="SparseCase"/> and <see cref="SparseNetworkCase"/>.</summary>
public static class SparseCases
{
    // Mostly under a third nonzero (MNIST is 19%), sometimes denser, sometimes all zeros.
    private static Gen<int> ZeroPercent => Gen.Frequency((3, Gen.Choose(60, 100)), (1, Gen.Choose(0, 59)));

    /// <summary>
    /// Outputs from 1 to 64, a multiple of both tiles a third of the time (so that every output is on the vector path)
    /// and any count otherwise (vector tiles and a scalar tail); up to 300 inputs and 60 examples, each sometimes 0.
    /// </summary>
    public static Gen<SparseCase> Cases =>
        from outputs in Gen.Frequency((1, Gen.Elements(16, 32, 48, 64)), (2, Gen.Choose(1, 40)))
        from inputs in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 40)), (1, Gen.Choose(41, 300)))
        from examples in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 12)), (1, Gen.Choose(13, 60)))
        from zeros in ZeroPercent
        from bias in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select new SparseCase(outputs, inputs, examples, zeros, bias, seed);

    /// <summary>Fewer outputs, inputs and examples, then no bias.</summary>
    public static IEnumerable<SparseCase> Shrink(SparseCase c)
    {
        if (c.Outputs > 1) yield return c with { Outputs = c.Outputs / 2 };
        if (c.Inputs > 0) yield return c with { Inputs = c.Inputs / 2 };
        if (c.Examples > 0) yield return c with { Examples = c.Examples / 2 };
        if (c.Bias) yield return c with { Bias = false };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<SparseCase> Arbitrary() => Arb.From(Cases, Shrink);

    // The executor reads X on its nonzero entries only when at most 30% of them are nonzero (SparseColumns.MaximumDensity):
    // three network cases in four are well below that, the fourth has any share of zeros, so that a denser X is seen to
    // take the dense pass.
    private static Gen<int> NetworkZeroPercent => Gen.Frequency((3, Gen.Choose(70, 100)), (1, Gen.Choose(0, 100)));

    /// <summary>
    /// Any network case (<see cref="CheckedNetworkCases.Any"/>: every activation and loss, maxout or not, depth 1–4),
    /// with 1–40 inputs and, in a deeper network, a first layer a third of the time 8 to 24 wide, so that its
    /// products take the vector path; any dropout choice; X mostly zeros three times in four.
    /// </summary>
    public static Gen<SparseNetworkCase> NetworkCases =>
        from c in CheckedNetworkCases.Any
        from inputs in Gen.Choose(1, 40)
        from first in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Elements(8, 16, 17, 24)))
        from dropout in Gen.Choose(0, Properties.TrainingCases.DropoutChoices.Length - 1)
        from zeros in NetworkZeroPercent
        select new SparseNetworkCase(c with { Widths = Widen(c.Widths, inputs, first) }, dropout, zeros);

    // Inputs first; the first layer's width only when it is hidden (the output width belongs to the loss).
    private static int[] Widen(int[] widths, int inputs, int first) =>
        [inputs, .. widths.Skip(1).Select((w, i) => i == 0 && first > 0 && widths.Length > 2 ? first : w)];

    /// <summary>A smaller network case first, then no dropout.</summary>
    public static IEnumerable<SparseNetworkCase> Shrink(SparseNetworkCase c)
    {
        foreach (var smaller in CheckedNetworkCases.Shrink(c.Case)) yield return c with { Case = smaller };
        if (c.DropoutIndex > 0) yield return c with { DropoutIndex = 0 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<SparseNetworkCase> NetworkArbitrary() => Arb.From(NetworkCases, Shrink);
}
