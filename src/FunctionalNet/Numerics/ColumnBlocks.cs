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
    private const int Lanes = 2;

    // About 4 MB of inputs per block: well inside the last-level cache, large enough for efficient products.
    private const int BytesPerBlock = 4 << 20;

    // The lanes run on two cores only when each product runs on one: OpenBLAS's own threads busy-wait, and
    // two lanes of two threads each on two cores would take turns instead of working.
    private static bool SideBySide =>
        Environment.ProcessorCount > 1 && Backends.Active.Blas.Match(blas => blas.Threads == 1, () => true);

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
    /// The product work of a batch above which it is split in two lanes: 16 MFLOP, about 0.15 ms on one core, where
    /// starting the second lane (some microseconds) no longer matters. `wide-batch128`'s 410 MFLOP steps are split;
    /// `small-batch64`'s 5 MFLOP steps are not.
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
        // Two lanes, each summing every other block into its own arrays, then lane 1 added to lane 0: the same
        // order of additions whether the lanes run side by side (on two cores) or one after the other. The sums
        // are rented outside the blocks' scopes: they outlive the blocks, whose own arrays do not.
        var totals = Enumerable.Range(0, Lanes).Select(_ =>
            parameters.Map(layer => layer.Map(p => Linear.Uninitialized<T>(p.RowCount, p.ColumnCount).Matrix).Strict()).Strict()).ToArray();
        var losses = new double[Lanes];
        void Lane(int lane)
        {
            for (var b = lane; b < blocks; b += Lanes)
            {
                var (start, count) = (b * columns, Math.Min(columns, m - b * columns));
                var weight = mean ? (double)count / m : 1.0;
                using var block = Workspace.Enter();
                var (gradients, value) = run(start, count);
                AddScaled(totals[lane], gradients.Layers, T.CreateChecked(weight), first: b == lane);
                losses[lane] += weight * value;
            }
        }
        if (SideBySide) Parallel.Invoke(() => Lane(0), () => Lane(1));
        else { Lane(0); Lane(1); }
        AddScaled(totals[0], totals[1], T.One, first: false);
        return (new Gradients<T>(totals[0]), losses[0] + losses[1]);
    }

    // total ← w·g (first block) or total + w·g, in place on arrays nobody else holds.
    private static void AddScaled<T>(Seq<Seq<Matrix<T>>> total, Seq<Seq<Matrix<T>>> gradients, T weight, bool first)
        where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var (sums, parts) in total.Zip(gradients))
            foreach (var (sum, part) in sums.Zip(parts))
            {
                var target = sum.AsColumnMajorArray()!;
                if (first) TensorPrimitives.Multiply(Linear.Entries(part), weight, target);
                else TensorPrimitives.MultiplyAdd(Linear.Entries(part), weight, target, target);
            }
    }
}
