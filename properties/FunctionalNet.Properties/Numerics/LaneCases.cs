using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>A pass of <paramref name="Length"/> entries shared in <paramref name="Parts"/> parts (1 or 2).</summary>
public sealed record PartCase(int Length, int Parts)
{
    /// <inheritdoc />
    public override string ToString() => $"{Length} entries in {Parts} part{(Parts == 1 ? "" : "s")}";
}

/// <summary>
/// The last step of a gradient summed in two lanes, sum₀ ← (sum₀ + w₀·g₀) + (sum₁ + w₁·g₁), on spans of
/// <paramref name="Length"/> entries that start <paramref name="Offset"/> entries into their arrays. Every entry is
/// drawn from the seed (<see cref="LaneCases.Entry{T}"/>); a sum a lane does not have yet (<c>WithSum = false</c>)
/// is filled with garbage, NaN and ±∞ among it, which must not reach the result.
/// </summary>
public sealed record WeightedPairsCase(int Length, int Offset, double Weight0, bool WithSum0, double Weight1, bool WithSum1, int Seed)
{
    /// <summary>g₀, g₁, sum₀ and sum₁, each <see cref="Offset"/> + <see cref="Length"/> entries long.</summary>
    public (T[] G0, T[] G1, T[] Sum0, T[] Sum1) Arrays<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 0);
        T[] Draw(bool garbage) => Enumerable.Range(0, Offset + Length)
            .Select(_ => garbage ? LaneCases.Garbage<T>(random) : LaneCases.Entry<T>(random)).ToArray();
        return (Draw(false), Draw(false), Draw(!WithSum0), Draw(!WithSum1));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Length} entries at offset {Offset}: ({(WithSum0 ? "sum₀ + " : "")}{Weight0:R}·g₀) + ({(WithSum1 ? "sum₁ + " : "")}{Weight1:R}·g₁), seed {Seed}";
}

/// <summary>
/// A batch of <paramref name="Examples"/> columns summed in blocks of <paramref name="Columns"/> columns (so 1 to 7
/// blocks), as a mean or a sum, with gradients shaped as the parameters of a network of layer sizes
/// <paramref name="Sizes"/> (W_l is Sizes[l+1] × Sizes[l], b_l is Sizes[l+1] × 1). A block's gradients and loss are
/// drawn from the seed and the block's range: no network is run.
/// </summary>
public sealed record BlockSumCase(int[] Sizes, int Examples, int Columns, bool Mean, int Seed)
{
    /// <summary>The number of blocks, ⌈m / columns⌉.</summary>
    public int Blocks => (Examples + Columns - 1) / Columns;

    /// <summary>Zero matrices shaped as the parameters: W_l and b_l for each layer.</summary>
    public Seq<Seq<Matrix<T>>> Parameters<T>() where T : struct, IFloatingPointIeee754<T> =>
        toSeq(Enumerable.Range(0, Sizes.Length - 1).Select(l =>
            Seq(Matrix<T>.Build.Dense(Sizes[l + 1], Sizes[l]), Matrix<T>.Build.Dense(Sizes[l + 1], 1)))).Strict();

    /// <summary>The gradients and loss of block (start, count): a pure function of the seed and the range.</summary>
    public (Gradients<T> Gradients, double Loss) Block<T>(int start, int count) where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, start, count);
        var gradients = Parameters<T>().Map(layer => layer.Map(p =>
            Matrix<T>.Build.Dense(p.RowCount, p.ColumnCount, (_, _) => LaneCases.Entry<T>(random))).Strict()).Strict();
        return (new Gradients<T>(gradients), double.CreateChecked(LaneCases.Entry<double>(random)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"sizes {string.Join(",", Sizes)}, m = {Examples} in {Blocks} block{(Blocks == 1 ? "" : "s")} of {Columns}, {(Mean ? "mean" : "sum")}, seed {Seed}";
}

/// <summary>
/// Backpropagation on the batch made of the columns <paramref name="Columns"/> (repeats allowed, any order) of a data
/// set of <paramref name="Sources"/> examples, with one of the training cases' dropout choices. The network and the
/// data set are a <see cref="TrainingCase"/>'s (<see cref="Source"/>); a heavy network (a hidden layer of a thousand
/// units or more) with enough columns is split in two column blocks, one per lane.
/// </summary>
public sealed record ColumnsCase(int[] Sizes, int Hidden, int Output, int LossIndex, int Sources, int[] Columns, int DropoutIndex, bool Double, int Seed)
{
    /// <summary>The network and the whole data set.</summary>
    public TrainingCase Source => new(Sizes, Hidden, Output, LossIndex, Sources, 0, Double, Seed);

    /// <summary>The dropout rates.</summary>
    public DropoutRates Rates => Properties.TrainingCases.DropoutChoices[DropoutIndex];

    /// <summary>The masks of the first step for a batch of <see cref="Columns"/>.Length examples.</summary>
    public DropoutMasks<T> Masks<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        Dropout.Masks(network, Rates, Columns.Length, Seed, epoch: 1, batch: 1);

    /// <summary>The number of column blocks the batch is taken in.</summary>
    public int Blocks
    {
        get
        {
            var width = Double ? ColumnBlocks.Width<double>(Sizes[0], Columns.Length, FlopsPerExample) : ColumnBlocks.Width<float>(Sizes[0], Columns.Length, FlopsPerExample);
            return (Columns.Length + width - 1) / width;
        }
    }

    private double FlopsPerExample => ColumnBlocks.ProductFlopsPerExample(LaneCases.ParameterCount(Sizes));

    /// <inheritdoc />
    public override string ToString() =>
        $"sizes {string.Join(",", Sizes)}, hidden {KernelCase.Activations[Hidden]}, output {Source.OutputActivation}, loss {Source.Loss}, " +
        $"{(Double ? "f64" : "f32")}, seed {Seed}, data set of {Sources}; columns [{string.Join(",", Columns)}] in {Blocks} block{(Blocks == 1 ? "" : "s")}, dropout {Rates}";
}

/// <summary>Generators and shrinkers for the lanes' cases, and the awkward values they are filled with.</summary>
public static class LaneCases
{
    // Weights of a block: 1 (a sum), the halves and quarters that are exact, and the shares m_b/m that are not.
    private static readonly double[] Weights = [1, 0.5, 0.25, 0, 1.0 / 3, 2.0 / 3, 1.0 / 7, 3.0 / 7, 0.1, 5.0 / 12, 127.0 / 128, 1e-3];

    /// <summary>
    /// An entry: mostly ordinary values in [−4, 4] at full precision, and the awkward ones: ±0, subnormals, and large
    /// magnitudes (around 10³⁰, which absorb the ordinary ones in a sum, and a sixteenth of the largest finite value,
    /// whose sums overflow).
    /// </summary>
    public static T Entry<T>(System.Random random) where T : struct, IFloatingPointIeee754<T>
    {
        var sign = random.Next(2) == 0 ? T.One : T.NegativeOne;
        return random.Next(10) switch
        {
            0 => sign * T.Zero,
            1 => sign * T.Epsilon * T.CreateChecked(random.Next(1, 1000)),
            2 => sign * T.CreateChecked(1e30 * (1 + random.NextDouble())),
            3 when random.Next(4) == 0 => sign * Largest<T>() / T.CreateChecked(16),
            _ => T.CreateChecked(8 * random.NextDouble() - 4),
        };
    }

    // The largest finite value of T.
    private static T Largest<T>() where T : struct, IFloatingPointIeee754<T> => T.CreateSaturating(double.MaxValue);

    /// <summary>What an array holds when nobody wrote it: NaN, ±∞, the largest value, or any entry.</summary>
    public static T Garbage<T>(System.Random random) where T : struct, IFloatingPointIeee754<T> => random.Next(5) switch
    {
        0 => T.NaN,
        1 => T.PositiveInfinity,
        2 => T.NegativeInfinity,
        3 => Largest<T>(),
        _ => Entry<T>(random),
    };

    /// <summary>Parameters of a dense network of these layer sizes: Σ_l (n_l + 1)·n_{l+1}.</summary>
    public static long ParameterCount(int[] sizes) => sizes.Zip(sizes.Skip(1)).Sum(s => (long)(s.Item1 + 1) * s.Item2);

    /// <summary>
    /// Lengths around 0–200 (below, at and past whole vectors of 4, 8 and 16), multiples of 16 give or take one up to
    /// a million, and any length up to <see cref="int.MaxValue"/> (where length·part overflows an int); 1 or 2 parts.
    /// </summary>
    public static Gen<PartCase> PartCases =>
        from length in Gen.Frequency(
            (3, Gen.Choose(0, 200)),
            (2, from k in Gen.Choose(0, 1 << 16) from d in Gen.Choose(-1, 1) select Math.Max(0, 16 * k + d)),
            (1, Gen.Choose(0, int.MaxValue)))
        from parts in Gen.Choose(1, 2)
        select new PartCase(length, parts);

    /// <summary>Shorter, then one part.</summary>
    public static IEnumerable<PartCase> ShrinkPart(PartCase c)
    {
        if (c.Length > 0) yield return c with { Length = c.Length / 2 };
        if (c.Length > 0) yield return c with { Length = c.Length - 1 };
        if (c.Parts > 1) yield return c with { Parts = 1 };
    }

    private static Gen<double> Weight => Gen.Frequency((3, Gen.Elements(Weights)), (1, Gen.Choose(1, 1_000_000).Select(k => k / 1e6)));

    /// <summary>Lengths 0–200 (whole vectors and scalar tails), offsets 0–3, any weights and flags.</summary>
    public static Gen<WeightedPairsCase> WeightedPairsCases =>
        from length in Gen.Choose(0, 200)
        from offset in Gen.Choose(0, 3)
        from w0 in Weight
        from withSum0 in Gen.Elements(false, true)
        from w1 in Weight
        from withSum1 in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select new WeightedPairsCase(length, offset, w0, withSum0, w1, withSum1, seed);

    /// <summary>Shorter spans, no offset, weights of 1.</summary>
    public static IEnumerable<WeightedPairsCase> ShrinkWeightedPairs(WeightedPairsCase c)
    {
        if (c.Length > 0) yield return c with { Length = c.Length / 2 };
        if (c.Length > 0) yield return c with { Length = c.Length - 1 };
        if (c.Offset > 0) yield return c with { Offset = 0 };
        if (c.Weight0 != 1) yield return c with { Weight0 = 1 };
        if (c.Weight1 != 1) yield return c with { Weight1 = 1 };
    }

    /// <summary>
    /// 1 to 7 blocks of 1 to 6 columns, the last one often short, so that a lane has one block or several, and the two
    /// lanes the same number of blocks or not; 1–3 layers of 1–24 units, so that a gradient has 1 to 600 entries.
    /// </summary>
    public static Gen<BlockSumCase> BlockSumCases =>
        from layers in Gen.Choose(1, 3)
        from sizes in Gen.Choose(1, 24).ArrayOf(layers + 1)
        from blocks in Gen.Choose(1, 7)
        from columns in Gen.Choose(1, 6)
        from lastBlock in Gen.Choose(1, columns)
        from mean in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select new BlockSumCase(sizes, (blocks - 1) * columns + lastBlock, columns, mean, seed);

    /// <summary>Fewer blocks, narrower blocks, fewer and smaller layers.</summary>
    public static IEnumerable<BlockSumCase> ShrinkBlockSum(BlockSumCase c)
    {
        if (c.Blocks > 1) yield return c with { Examples = c.Examples - c.Columns };
        if (c.Examples > 1) yield return c with { Examples = c.Examples - 1 };
        if (c.Columns > 1) yield return c with { Columns = c.Columns - 1, Examples = Math.Min(c.Examples, c.Blocks * (c.Columns - 1)) };
        foreach (var sizes in Shrinks.Sizes(c.Sizes, s => s)) yield return c with { Sizes = sizes };
    }

    /// <summary>
    /// Two times in three a small network (1–3 layers of 1–6 units) and a batch of 1–16 columns of a data set of 1–12
    /// examples: one block. Otherwise a hidden layer of 1000–2500 units and just enough columns (up to 8 more) for the
    /// batch's products to reach <see cref="ColumnBlocks.SplitFlops"/>: two blocks. Any activation, loss, dropout choice
    /// and precision.
    /// </summary>
    public static Gen<ColumnsCase> ColumnsCases =>
        from heavy in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from sizes in heavy
            ? from inputs in Gen.Choose(1, 40) from hidden in Gen.Choose(1000, 2500) from outputs in Gen.Choose(1, 6) select new[] { inputs, hidden, outputs }
            : from layers in Gen.Choose(1, 3) from widths in Gen.Choose(1, 6).ArrayOf(layers + 1) select widths
        from hidden in Gen.Choose(0, KernelCase.Activations.Length - 1)
        from output in Gen.Choose(0, KernelCase.Activations.Length - 1)
        from loss in Gen.Choose(0, TrainingCases.AllLosses.Length - 1)
        from sources in Gen.Choose(1, 12)
        from count in heavy ? Gen.Choose(0, 8).Select(more => HeavyColumns(Valid(sizes, loss)) + more) : Gen.Choose(1, 16)
        from columns in Gen.Choose(0, sources - 1).ArrayOf(count)
        from dropout in Gen.Choose(0, Properties.TrainingCases.DropoutChoices.Length - 1)
        from isDouble in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select new ColumnsCase(Valid(sizes, loss), hidden, output, loss, sources, columns, dropout, isDouble, seed);

    // The fewest columns whose products reach the split: ⌈SplitFlops / flops per example⌉.
    private static int HeavyColumns(int[] sizes) =>
        (int)Math.Ceiling(ColumnBlocks.SplitFlops / ColumnBlocks.ProductFlopsPerExample(ParameterCount(sizes)));

    // A softmax-CE output needs two units at least.
    private static int[] Valid(int[] sizes, int loss) =>
        TrainingCases.AllLosses[loss] is Loss.SoftmaxCrossEntropy && sizes[^1] < 2 ? [.. sizes[..^1], 2] : sizes;

    // Each hidden layer left out, then each layer narrower: by half when it is wide (a thousand steps of one would not
    // end), else by one.
    private static IEnumerable<int[]> SmallerSizes(int[] sizes, int loss)
    {
        for (var i = 1; i < sizes.Length - 1; i++) yield return Valid([.. sizes[..i], .. sizes[(i + 1)..]], loss);
        for (var i = 0; i < sizes.Length; i++)
        {
            var narrower = (int[])sizes.Clone();
            narrower[i] = sizes[i] > 8 ? sizes[i] / 2 : sizes[i] - 1;
            if (narrower[i] < 1) continue;
            var valid = Valid(narrower, loss);
            if (!valid.SequenceEqual(sizes)) yield return valid;
        }
    }

    /// <summary>
    /// Fewer columns (halves, then each one left out), a smaller data set, fewer and narrower layers, then simpler
    /// activations and no dropout. A heavy case that loses its second block usually passes, so its shrinks that stay
    /// heavy are the ones taken: the same number of columns from a smaller data set, simpler activations, no dropout.
    /// </summary>
    public static IEnumerable<ColumnsCase> ShrinkColumns(ColumnsCase c)
    {
        if (c.Columns.Length > 1)
        {
            yield return c with { Columns = c.Columns[..(c.Columns.Length / 2)] };
            yield return c with { Columns = c.Columns[(c.Columns.Length / 2)..] };
            for (var k = 0; k < c.Columns.Length; k++) yield return c with { Columns = [.. c.Columns[..k], .. c.Columns[(k + 1)..]] };
        }
        var needed = c.Columns.Max() + 1;
        if (c.Sources > needed) yield return c with { Sources = needed };
        // As many columns from half the data set: a heavy case stays heavy.
        if (c.Sources > 1) yield return c with { Sources = c.Sources / 2, Columns = [.. c.Columns.Select(k => k % (c.Sources / 2))] };
        foreach (var sizes in SmallerSizes(c.Sizes, c.LossIndex)) yield return c with { Sizes = sizes };
        if (c.Hidden > 0) yield return c with { Hidden = 0 };
        if (c.Output > 0) yield return c with { Output = 0 };
        if (c.DropoutIndex > 0) yield return c with { DropoutIndex = 0 };
    }

    /// <summary>The FsCheck arbitrary of <see cref="PartCase"/>.</summary>
    public static Arbitrary<PartCase> PartArbitrary() => Arb.From(PartCases, ShrinkPart);

    /// <summary>The FsCheck arbitrary of <see cref="WeightedPairsCase"/>.</summary>
    public static Arbitrary<WeightedPairsCase> WeightedPairsArbitrary() => Arb.From(WeightedPairsCases, ShrinkWeightedPairs);

    /// <summary>The FsCheck arbitrary of <see cref="BlockSumCase"/>.</summary>
    public static Arbitrary<BlockSumCase> BlockSumArbitrary() => Arb.From(BlockSumCases, ShrinkBlockSum);

    /// <summary>The FsCheck arbitrary of <see cref="ColumnsCase"/>.</summary>
    public static Arbitrary<ColumnsCase> ColumnsArbitrary() => Arb.From(ColumnsCases, ShrinkColumns);
}
