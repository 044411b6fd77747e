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
    // About 4 MB of inputs per block: well inside the last-level cache, large enough for efficient products.
    private const int BytesPerBlock = 4 << 20;

    /// <summary>The number of columns per block for inputs of <paramref name="rows"/> rows of T.</summary>
    public static int Width<T>(int rows) where T : struct => Math.Max(256, BytesPerBlock / Math.Max(1, rows * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));

    /// <summary>
    /// Σ_b w_b·(gradient, loss) of <paramref name="run"/> over the column blocks b of (X, Y), with w_b = m_b/m when
    /// <paramref name="mean"/> (a mean over the batch is the weighted mean of the block means) and 1 otherwise.
    /// The gradients are shaped as <paramref name="parameters"/>. A batch of one block goes to <paramref name="run"/> as it is.
    /// <paramref name="width"/> overrides the block width (for tests).
    /// </summary>
    public static (Gradients<T> Gradients, double Loss) Sum<T>(Seq<Seq<Matrix<T>>> parameters, Matrix<T> x, Matrix<T> y, bool mean,
        Func<Matrix<T>, Matrix<T>, (Gradients<T> Gradients, double Loss)> run, int? width = null) where T : struct, IFloatingPointIeee754<T>
    {
        var columns = width ?? Width<T>(x.RowCount);
        var m = x.ColumnCount;
        if (m <= columns) return run(x, y);
        // The sums are rented outside the blocks' scopes: they outlive the blocks, whose own arrays do not.
        var total = parameters.Map(layer => layer.Map(p => Linear.Uninitialized<T>(p.RowCount, p.ColumnCount).Matrix).Strict()).Strict();
        var loss = 0.0;
        for (var start = 0; start < m; start += columns)
        {
            var count = Math.Min(columns, m - start);
            var weight = mean ? (double)count / m : 1.0;
            using var block = Workspace.Enter();
            var (gradients, value) = run(Linear.ColumnRange(x, start, count), Linear.ColumnRange(y, start, count));
            AddScaled(total, gradients.Layers, T.CreateChecked(weight), first: start == 0);
            loss += weight * value;
        }
        return (new Gradients<T>(total), loss);
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
