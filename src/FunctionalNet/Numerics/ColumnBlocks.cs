using System.Numerics.Tensors;

namespace FunctionalNet.Numerics;

/// <summary>
/// A large batch taken in blocks of columns (examples). Every column of a batch flows through the network on
/// its own, and the gradient of a sum over examples is the sum of the gradients of its parts, so a block's
/// gradient can be added to the batch's as soon as it is computed. A block is small enough to stay in cache
/// from the forward pass, Z_1 = W_1·X, to ∂C/∂W_1 = dZ_1·Xᵀ: X is read from memory once per step, not twice,
/// and every Z, A and dZ of a block reuses the previous block's arrays.
/// </summary>
internal static class ColumnBlocks
{
    // About 4 MB of inputs per block: well inside the last-level cache, large enough for efficient products
    // (docs/performance.md, "Column blocks of about 4 MB").
    private const int BytesPerBlock = 4 << 20;

    /// <summary>The number of columns per block for inputs of <paramref name="rows"/> rows of T.</summary>
    public static int Width<T>(int rows) where T : struct => Math.Max(256, BytesPerBlock / Math.Max(1, rows * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));

    /// <summary>
    /// The block width for a batch of <paramref name="examples"/> columns of <paramref name="rows"/> inputs, for a network
    /// doing <paramref name="flopsPerExample"/> in its products per example: <see cref="Width{T}(int)"/>, and at most half
    /// the batch when the batch's products reach <see cref="SplitFlops"/>, so that both lanes have a block. A function of
    /// shapes alone: the same blocks, and so the same bits, on every machine.
    /// </summary>
    public static int Width<T>(int rows, int examples, double flopsPerExample) where T : struct =>
        examples > 1 && flopsPerExample * examples >= SplitFlops ? Math.Min(Width<T>(rows), (examples + 1) / 2) : Width<T>(rows);

    /// <summary>
    /// The product work of a batch above which it is split in two lanes: enough work that handing half of it to lane 1
    /// saves far more time than starting lane 1 costs, and little enough that a wide network's mini-batches are split.
    /// A count of flops, not a timing, so the same batches are split on every machine (the timings behind it, and which
    /// workloads it splits: docs/performance.md, "Split threshold: 16 MFLOP").
    /// </summary>
    public const double SplitFlops = 16e6;

    /// <summary>
    /// Product flops per example of a network with <paramref name="parameters"/> parameters: about 6 per parameter
    /// (2 for W·A forward, 2 for dZ·Aᵀ and 2 for Wᵀ·dZ backward). An estimate for choosing blocks, not a measurement.
    /// </summary>
    public static double ProductFlopsPerExample(long parameters) => 6.0 * parameters;

    /// <summary>
    /// Σ_b w_b·(gradient, loss) of <paramref name="run"/> over the column blocks b of a batch of <paramref name="examples"/>
    /// columns, with w_b = m_b/m when <paramref name="mean"/> (a mean over the batch is the weighted mean of the block
    /// means) and 1 otherwise. <paramref name="run"/> takes a block by its range (start, count) and slices X, Y and the
    /// masks itself; blocks have <paramref name="columns"/> columns, and a batch of one block goes as (0, examples).
    /// The gradients are shaped as <paramref name="parameters"/>.
    /// </summary>
    public static (Gradients<T> Gradients, double Loss) Sum<T>(Seq<Seq<Matrix<T>>> parameters, int examples, int columns, bool mean,
        Func<int, int, (Gradients<T> Gradients, double Loss)> run) where T : struct, IFloatingPointIeee754<T>
    {
        var m = examples;
        if (m <= columns) return run(0, m);
        var blocks = (m + columns - 1) / columns;
        // Two lanes, lane l taking blocks l, l + 2, l + 4, …: each adds all but its last block into its own sums, and
        // the second phase adds (sum_0 + w·g_last,0) + (sum_1 + w·g_last,1), a part of the entries in each lane. The
        // same additions in the same order whether the lanes run side by side (on two cores) or one after the other.
        // The sums are rented outside the blocks' scopes: they outlive the blocks, whose own arrays do not; a lane's
        // last block opens no scope, so its gradients are still held in the second phase.
        var sums = Enumerable.Range(0, 2).Select(_ =>
            parameters.Map(layer => layer.Map(p => Linear.Uninitialized<T>(p.RowCount, p.ColumnCount).Entries).ToArray()).ToArray()).ToArray();
        var losses = new double[2];
        var last = new (T[][][] Gradients, T Weight, bool AfterSum)[2];
        void Blocks(int lane)
        {
            for (var b = lane; b < blocks; b += 2)
            {
                var (start, count) = (b * columns, Math.Min(columns, m - b * columns));
                var weight = mean ? (double)count / m : 1.0;
                losses[lane] += weight * (b + 2 < blocks ? AddBlock(lane, b, start, count, T.CreateChecked(weight)) : LastBlock(lane, b, start, count, T.CreateChecked(weight)));
            }
        }
        double AddBlock(int lane, int b, int start, int count, T weight)
        {
            using var scope = Workspace.Enter();
            var (gradients, value) = run(start, count);
            var parts = Arrays(gradients);
            for (var l = 0; l < parts.Length; l++)
                for (var p = 0; p < parts[l].Length; p++)
                    if (b == lane) TensorPrimitives.Multiply(parts[l][p], weight, sums[lane][l][p]);
                    else TensorPrimitives.MultiplyAdd(parts[l][p], weight, sums[lane][l][p], sums[lane][l][p]);
            return value;
        }
        double LastBlock(int lane, int b, int start, int count, T weight)
        {
            var (gradients, value) = run(start, count);
            last[lane] = (Arrays(gradients), weight, b != lane);
            return value;
        }
        void Combine(int part) => Together(sums[0], last[0], sums[1], last[1], part);
        Lanes.Run(Blocks, Combine);
        var total = toSeq(parameters.Select((layer, l) => toSeq(layer.Select((parameter, p) =>
            Matrix<T>.Build.Dense(parameter.RowCount, parameter.ColumnCount, sums[0][l][p]))).Strict())).Strict();
        return (new Gradients<T>(total), losses[0] + losses[1]);
    }

    private static T[][][] Arrays<T>(Gradients<T> gradients) where T : struct, IFloatingPointIeee754<T> =>
        gradients.Layers.Map(layer => layer.Map(Linear.Entries).ToArray()).ToArray();

    // Part `part` of 2 of every entry: sum_0 ← (sum_0 + w_0·g_0) + (sum_1 + w_1·g_1), where a lane with one block has no sum yet
    // and contributes w·g alone. One pass over memory, each entry rounded as the separate steps would round it.
    private static void Together<T>(T[][][] sum0, (T[][][] Gradients, T Weight, bool AfterSum) last0,
        T[][][] sum1, (T[][][] Gradients, T Weight, bool AfterSum) last1, int part) where T : struct, IFloatingPointIeee754<T>
    {
        for (var l = 0; l < sum0.Length; l++)
            for (var p = 0; p < sum0[l].Length; p++)
            {
                var (start, count) = Lanes.Part(sum0[l][p].Length, part, 2);
                Elementwise.AddWeightedPairs(sum0[l][p].AsSpan(start, count),
                    last0.Gradients[l][p].AsSpan(start, count), last0.Weight, last0.AfterSum,
                    sum1[l][p].AsSpan(start, count), last1.Gradients[l][p].AsSpan(start, count), last1.Weight, last1.AfterSum);
            }
    }
}
