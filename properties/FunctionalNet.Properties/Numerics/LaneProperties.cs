using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// Two lanes give the bits of one. A pass shared in parts touches each entry once; the lanes' last step rounds each entry
/// as Multiply, MultiplyAdd and Add in turn would; a batch summed in blocks by two lanes equals the same additions
/// written out one after the other (lane l adds blocks l, l + 2, … in order, then lane 1's sum is added to lane 0's);
/// and backpropagation on chosen columns of a data set equals backpropagation on those columns copied out first.
/// </summary>
public class LaneProperties
{
    private const int PartAlignment = 16;

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void PartsFollowEachOtherCoverEveryEntryOnceAndAreCutAtMultiplesOfSixteen(PartCase c)
    {
        var parts = Enumerable.Range(0, c.Parts).Select(p => Lanes.Part(c.Length, p, c.Parts)).ToArray();
        var shown = $"{c}: parts {string.Join(", ", parts.Select(p => $"[{p.Start}, {(long)p.Start + p.Count})"))}";
        // Starting at 0, each part starting where the one before ended, none of negative length and the last ending at
        // the length: then the parts are disjoint and cover [0, length).
        Assert.True(parts[0].Start == 0, $"{shown}: the first part does not start at 0");
        Assert.True(parts.All(p => p.Count >= 0), $"{shown}: a part of negative length");
        for (var p = 1; p < parts.Length; p++)
        {
            Assert.True(parts[p].Start == parts[p - 1].Start + parts[p - 1].Count, $"{shown}: part {p} does not start where part {p - 1} ends");
            Assert.True(parts[p].Start % PartAlignment == 0, $"{shown}: the cut before part {p} is not a multiple of {PartAlignment}");
        }
        Assert.True((long)parts[^1].Start + parts[^1].Count == c.Length, $"{shown}: the last part does not end at {c.Length}");
        // Sharing is worth it only if the lanes get about the same work: no part longer than its share and one cut's rounding.
        var share = (c.Length + (long)c.Parts - 1) / c.Parts;
        Assert.True(parts.All(p => p.Count <= share + PartAlignment), $"{shown}: a part is longer than {share} + {PartAlignment}");
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void TheLanesLastAdditionRoundsAsMultiplyMultiplyAddAndAddInFloat(WeightedPairsCase c) => WeightedPairsAgree<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void TheLanesLastAdditionRoundsAsMultiplyMultiplyAddAndAddInDouble(WeightedPairsCase c) => WeightedPairsAgree<double>(c);

    // The oracle is the three TensorPrimitives steps the kernel fuses: a_l = g_l·w_l, then a_l = g_l·w_l + sum_l (each
    // product and sum rounded on its own) when the lane has a sum, and a₀ + a₁.
    private static void WeightedPairsAgree<T>(WeightedPairsCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (g0, g1, sum0, sum1) = c.Arrays<T>();
        var (w0, w1) = (T.CreateChecked(c.Weight0), T.CreateChecked(c.Weight1));
        var (a0, a1) = (Separately(g0.AsSpan(c.Offset), w0, sum0.AsSpan(c.Offset), c.WithSum0), Separately(g1.AsSpan(c.Offset), w1, sum1.AsSpan(c.Offset), c.WithSum1));
        var expected = new T[c.Length];
        TensorPrimitives.Add(a0, a1, expected);
        var (before0, before1, g0Before, g1Before) = ((T[])sum0.Clone(), (T[])sum1.Clone(), (T[])g0.Clone(), (T[])g1.Clone());

        Elementwise.AddWeightedPairs(sum0.AsSpan(c.Offset), g0.AsSpan(c.Offset), w0, c.WithSum0, sum1.AsSpan(c.Offset), g1.AsSpan(c.Offset), w1, c.WithSum1);

        var k = FirstDifference<T>(sum0.AsSpan(c.Offset), expected);
        Assert.True(k < 0, k < 0 ? "" : $"{c}, {typeof(T).Name}: entry {k} is {sum0[c.Offset + k]:R}, the separate steps give {expected[k]:R} " +
            $"(g₀ {g0[c.Offset + k]:R}, sum₀ {before0[c.Offset + k]:R}, g₁ {g1[c.Offset + k]:R}, sum₁ {before1[c.Offset + k]:R})");
        Assert.True(FirstDifference<T>(sum0.AsSpan(0, c.Offset), before0.AsSpan(0, c.Offset)) < 0, $"{c}: an entry before the span changed");
        Assert.True(FirstDifference<T>(sum1, before1) < 0 && FirstDifference<T>(g0, g0Before) < 0 && FirstDifference<T>(g1, g1Before) < 0,
            $"{c}: sum₁ or a gradient changed");
    }

    private static T[] Separately<T>(ReadOnlySpan<T> g, T w, ReadOnlySpan<T> sum, bool withSum) where T : struct, IFloatingPointIeee754<T>
    {
        var a = new T[g.Length];
        TensorPrimitives.Multiply(g, w, a);
        if (withSum) TensorPrimitives.MultiplyAdd(g, w, sum, a);
        return a;
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void ABatchSummedInBlocksByTwoLanesEqualsTheirAdditionsInOrderInFloat(BlockSumCase c) => BlockSumAgrees<float>(c);

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void ABatchSummedInBlocksByTwoLanesEqualsTheirAdditionsInOrderInDouble(BlockSumCase c) => BlockSumAgrees<double>(c);

    private static void BlockSumAgrees<T>(BlockSumCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var parameters = c.Parameters<T>();
        var expected = InOrder(c.Examples, c.Columns, c.Mean, c.Block<T>);
        var asked = new ConcurrentBag<(int Start, int Count)>();
        // Inside a step's scope, as in training, with the pool holding NaN-filled arrays of every gradient's length: the
        // lanes' sums are rented from it, so a sum read before it is written shows.
        using var step = Workspace.Enter();
        Soil(parameters);
        var (gradients, loss) = ColumnBlocks.Sum(parameters, c.Examples, c.Columns, c.Mean, (start, count) =>
        {
            asked.Add((start, count));
            return c.Block<T>(start, count);
        });
        var blocks = Enumerable.Range(0, c.Blocks).Select(b => (b * c.Columns, Math.Min(c.Columns, c.Examples - b * c.Columns)));
        Assert.True(asked.Order().SequenceEqual(blocks), $"{c}: blocks asked for {string.Join(" ", asked.Order())}, expected {string.Join(" ", blocks)}");
        AssertSameBits(c.ToString(), expected, (gradients, loss));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void BlockedBackpropagationEqualsTheLanesAdditionsOfItsBlocksInOrder(TrainingCase c, PositiveInt blockWidth)
    {
        if (c.Double) BackpropagationBlocksAgree<double>(c, blockWidth.Get);
        else BackpropagationBlocksAgree<float>(c, blockWidth.Get);
    }

    private static void BackpropagationBlocksAgree<T>(TrainingCase c, int blockWidth) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Network<T>();
        var (x, y) = c.Batch<T>();
        var width = 1 + (blockWidth - 1) % c.Examples;
        var mean = c.Loss.Reduction == Reduction.Mean;
        (Gradients<T>, double) Block(int start, int count) =>
            Backpropagation.Run(network, c.Loss, Linear.ColumnRange(x, start, count), Linear.ColumnRange(y, start, count)).WithoutInputGradient;
        var expected = InOrder(c.Examples, width, mean, Block);
        // In a step's scope, where each lane's last block is held from the pool until the lanes add it.
        using var step = Workspace.Enter();
        var actual = ColumnBlocks.Sum(network.Parameters.Strict(), c.Examples, width, mean, Block);
        AssertSameBits($"{c}, blocks of {width}", expected, actual);
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public void BackpropagationOnChosenColumnsEqualsBackpropagationOnThoseColumnsCopiedOut(ColumnsCase c)
    {
        if (c.Double) ColumnsAgree<double>(c);
        else ColumnsAgree<float>(c);
    }

    private static void ColumnsAgree<T>(ColumnsCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Source.Network<T>();
        var (x, y) = c.Source.Batch<T>();
        var masks = c.Masks(network);
        Agree(x, sparseInput: false, c.ToString());
        // The same with X mostly zeros, read on its nonzero entries: each block selects its own columns. The executor
        // takes X sparsely only when at most 3 entries in 10 are nonzero, so this X keeps one entry of each column
        // (none when a column has fewer than 4 rows): every batch of its columns, repeats included, is sparse too.
        var mostlyZero = x.MapIndexed((i, j, v) => x.RowCount >= 4 && i == j % x.RowCount ? v : T.Zero, Zeros.Include);
        Assert.True(Executor.Current.SparseInput(new LabelledSet<T>(mostlyZero, y)).IsSome, $"{c}: X with one entry per column is not taken sparsely");
        Agree(mostlyZero, sparseInput: true, c + " (sparse X)");

        void Agree(Matrix<T> inputs, bool sparseInput, string label)
        {
            var copiedOut = new LabelledSet<T>(Linear.Columns(inputs, c.Columns), Linear.Columns(y, c.Columns)) { SparseInput = sparseInput };
            var (expected, expectedLoss) = Executor.Current.Gradient(network, c.Source.Loss, copiedOut, None, masks);
            // In a step's scope, where the blocks' copies and sums come from the pool.
            using var step = Workspace.Enter();
            var actual = Executor.Current.Gradient(network, c.Source.Loss, new LabelledSet<T>(inputs, y) { SparseInput = sparseInput }, Some(c.Columns), masks);
            AssertSameBits(label, (Entries(expected), expectedLoss), actual);
        }
    }

    /// <summary>
    /// The reference order of <see cref="ColumnBlocks.Sum{T}"/>, one addition at a time: a batch of one block is that
    /// block; otherwise lane l's sum s_l is w·g of its first block (l) then s_l + w·g of each later one (l + 2, l + 4, …),
    /// its loss Σ w·value in the same order from 0, and the total is s₀ + 1·s₁ and loss₀ + loss₁. A block's weight w is
    /// its share of the batch, m_b/m, for a mean, and 1 for a sum.
    /// </summary>
    private static (T[][] Gradients, double Loss) InOrder<T>(int examples, int columns, bool mean,
        Func<int, int, (Gradients<T> Gradients, double Loss)> run) where T : struct, IFloatingPointIeee754<T>
    {
        if (examples <= columns)
        {
            var (gradients, value) = run(0, examples);
            return (Entries(gradients), value);
        }
        var blocks = (examples + columns - 1) / columns;
        var sums = new T[2][][];
        var losses = new double[2];
        for (var lane = 0; lane < 2; lane++)
            for (var b = lane; b < blocks; b += 2)
            {
                var (start, count) = (b * columns, Math.Min(columns, examples - b * columns));
                var weight = mean ? (double)count / examples : 1.0;
                var w = T.CreateChecked(weight);
                var (gradients, value) = run(start, count);
                var g = Entries(gradients);
                if (b == lane)
                    sums[lane] = g.Select(part =>
                    {
                        var sum = new T[part.Length];
                        TensorPrimitives.Multiply(part, w, sum);
                        return sum;
                    }).ToArray();
                else
                    for (var k = 0; k < g.Length; k++) TensorPrimitives.MultiplyAdd(g[k], w, sums[lane][k], sums[lane][k]);
                losses[lane] += weight * value;
            }
        var total = sums[0].Zip(sums[1]).Select(s =>
        {
            var sum = new T[s.Item1.Length];
            TensorPrimitives.MultiplyAdd(s.Item2, T.One, s.Item1, sum);
            return sum;
        }).ToArray();
        return (total, losses[0] + losses[1]);
    }

    // Rents, inside a scope of its own, two arrays of each parameter's length (a sum per lane), fills them with NaN and
    // gives them back: the next rents of those lengths get them.
    private static void Soil<T>(Seq<Seq<Matrix<T>>> parameters) where T : struct, IFloatingPointIeee754<T>
    {
        using var scope = Workspace.Enter();
        foreach (var p in parameters.SelectMany(layer => layer))
            for (var lane = 0; lane < 2; lane++)
                Workspace.Rent<T>(p.RowCount * p.ColumnCount).AsSpan().Fill(T.NaN);
    }

    // Every parameter's gradient, layer by layer, as copies of their entries column by column.
    private static T[][] Entries<T>(Gradients<T> gradients) where T : struct, IFloatingPointIeee754<T> =>
        gradients.Layers.SelectMany(layer => layer.Select(g => g.ToColumnMajorArray())).ToArray();

    private static void AssertSameBits<T>(string c, (T[][] Gradients, double Loss) expected, (Gradients<T> Gradients, double Loss) actual)
        where T : struct, IFloatingPointIeee754<T>
    {
        Assert.True(BitConverter.DoubleToInt64Bits(expected.Loss) == BitConverter.DoubleToInt64Bits(actual.Loss),
            $"{c}, {typeof(T).Name}: the loss is {actual.Loss:R}, in order {expected.Loss:R}");
        var gradients = Entries(actual.Gradients);
        Assert.True(gradients.Length == expected.Gradients.Length, $"{c}: {gradients.Length} gradients, expected {expected.Gradients.Length}");
        for (var p = 0; p < gradients.Length; p++)
        {
            Assert.True(gradients[p].Length == expected.Gradients[p].Length, $"{c}: gradient {p} has {gradients[p].Length} entries, expected {expected.Gradients[p].Length}");
            var k = FirstDifference<T>(gradients[p], expected.Gradients[p]);
            Assert.True(k < 0, k < 0 ? "" : $"{c}, {typeof(T).Name}: gradient {p} entry {k} is {gradients[p][k]:R}, in order {expected.Gradients[p][k]:R}");
        }
    }

    // The first entry whose bits differ (NaN equals the same NaN, −0 differs from +0), or −1.
    private static int FirstDifference<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second) where T : struct, IFloatingPointIeee754<T>
    {
        if (first.Length != second.Length) return Math.Min(first.Length, second.Length);
        for (var k = 0; k < first.Length; k++)
            if (!MemoryMarshal.AsBytes(first.Slice(k, 1)).SequenceEqual(MemoryMarshal.AsBytes(second.Slice(k, 1)))) return k;
        return -1;
    }
}
