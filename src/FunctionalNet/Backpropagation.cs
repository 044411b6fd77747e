namespace FunctionalNet;

/// <summary>
/// Backpropagation in the lecture's matrix form: dZ_L from the loss, then for l = L−1 … 1
/// dZ_l = (W_{l+1}ᵀ·dZ_{l+1}) ∘ f′(Z_l), ∂C/∂W_l = dZ_l·A_{l−1}ᵀ, ∂C/∂B_l = row sums of dZ_l.
/// </summary>
public static class Backpropagation
{
    /// <summary>The loss of the batch (X, Y) and its gradient with respect to every parameter.</summary>
    public static (Gradients<T> Gradients, double Loss) Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : struct, IFloatingPointIeee754<T> =>
        Run(network, loss, x, y, Dropout.None(network));

    /// <summary>
    /// The training-mode pass with dropout: the forward pass multiplies each layer's input by its mask, and the
    /// backward pass multiplies ∂C/∂A_l by the same mask before f′, dZ_l = ((W_{l+1}ᵀ·dZ_{l+1}) ∘ M_{l+1}) ∘ f′(Z_l).
    /// With no masks it is <see cref="Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T})"/>, bit for bit.
    /// </summary>
    public static (Gradients<T> Gradients, double Loss) Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T> masks)
        where T : struct, IFloatingPointIeee754<T> =>
        // Examples flow through the network independently and the gradient of a sum is the sum of the gradients,
        // so a batch is taken in blocks of columns (a mean weighs each block by its share), each with its columns of
        // Y and of the dropout masks.
        InBlocks(network, loss, x.RowCount, x.ColumnCount, (start, count) => count == x.ColumnCount
            ? RunOnBlock(network, loss, x, y, masks)
            : RunOnBlock(network, loss, Numerics.Linear.ColumnRange(x, start, count), Numerics.Linear.ColumnRange(y, start, count),
                Dropout.Columns(masks, start, count)));

    /// <summary>
    /// As <see cref="Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, DropoutMasks{T})"/> on the batch made of the columns
    /// <paramref name="columns"/> of (X, Y), in that order, without writing the batch out first: each block copies its
    /// own columns, so a mini-batch's inputs are copied once, by the lane that uses them.
    /// </summary>
    internal static (Gradients<T> Gradients, double Loss) RunOnColumns<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y,
        int[] columns, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T> =>
        InBlocks(network, loss, x.RowCount, columns.Length, (start, count) =>
        {
            var block = new ArraySegment<int>(columns, start, count);
            return RunOnBlock(network, loss, Numerics.Linear.Columns(x, block), Numerics.Linear.Columns(y, block),
                count == columns.Length ? masks : Dropout.Columns(masks, start, count));
        });

    /// <summary>
    /// As <see cref="RunOnColumns{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, int[], DropoutMasks{T})"/> for an X kept as
    /// its nonzero entries (<see cref="Run{T}(Network{T}, Loss, Numerics.SparseColumns{T}, Matrix{T}, DropoutMasks{T})"/>):
    /// each block selects its own columns.
    /// </summary>
    internal static (Gradients<T> Gradients, double Loss) RunOnColumns<T>(Network<T> network, Loss loss, Numerics.SparseColumns<T> x,
        Matrix<T> y, int[] columns, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        if (network.Layers.Head is not DenseLayer<T> first || masks.Masks.Head.IsSome)
            return Run(network, loss, x.SelectColumns(columns).ToDense(), Numerics.Linear.Columns(y, columns), masks);
        return InBlocks(network, loss, x.Rows, columns.Length, (start, count) =>
        {
            var block = new ArraySegment<int>(columns, start, count);
            return RunOnSparseBlock(network, first, loss, x.SelectColumns(block), Numerics.Linear.Columns(y, block),
                count == columns.Length ? masks : Dropout.Columns(masks, start, count));
        });
    }

    // The blocks of a batch of `examples` columns of `rows` inputs: cache-sized, and a batch heavy enough to keep two
    // cores busy is split in two at least (ColumnBlocks.Width). The widths depend on shapes alone, never on the machine.
    private static (Gradients<T> Gradients, double Loss) InBlocks<T>(Network<T> network, Loss loss, int rows, int examples,
        Func<int, int, (Gradients<T> Gradients, double Loss)> run) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.ColumnBlocks.Sum(network.Parameters.Strict(), examples,
            Numerics.ColumnBlocks.Width<T>(rows, examples, Numerics.ColumnBlocks.ProductFlopsPerExample(network.ParameterCount)),
            loss.Reduction == Reduction.Mean, run);

    /// <summary>
    /// True when a sparse X can make this network's pass faster: its first layer is dense and its input is not dropped out.
    /// </summary>
    public static bool TakesSparseInput<T>(Network<T> network, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T> =>
        network.Layers.Head is DenseLayer<T> && masks.Masks.Head.IsNone;

    /// <summary>
    /// As <see cref="Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, DropoutMasks{T})"/> for an X kept as its nonzero
    /// entries: the first layer's W·X and dZ·Xᵀ are taken on those alone (<see cref="Numerics.SparseProducts"/>), every
    /// other step is the same. The result equals the dense pass's up to rounding. A first layer that is not dense,
    /// or dropout on the input, gets X written out densely.
    /// </summary>
    public static (Gradients<T> Gradients, double Loss) Run<T>(Network<T> network, Loss loss, Numerics.SparseColumns<T> x, Matrix<T> y, DropoutMasks<T> masks)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (network.Layers.Head is not DenseLayer<T> first || masks.Masks.Head.IsSome) return Run(network, loss, x.ToDense(), y, masks);
        return InBlocks(network, loss, x.Rows, x.Columns, (start, count) => count == x.Columns
            ? RunOnSparseBlock(network, first, loss, x, y, masks)
            : RunOnSparseBlock(network, first, loss, x.ColumnRange(start, count), Numerics.Linear.ColumnRange(y, start, count),
                Dropout.Columns(masks, start, count)));
    }

    /// <summary>The loss and gradient of (X, Y) in one piece, without dropout.</summary>
    internal static (Gradients<T> Gradients, double Loss) RunOnBlock<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : struct, IFloatingPointIeee754<T> => RunOnBlock(network, loss, x, y, Dropout.None(network));

    /// <summary>The loss and gradient of (X, Y) in one piece: the lecture's backpropagation.</summary>
    internal static (Gradients<T> Gradients, double Loss) RunOnBlock<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T> masks)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (gradients, value, _) = RunWithInputGradient(network, loss, x, y, masks);
        return (gradients, value);
    }

    // The chain rule across the first layer: the rest of the network is backpropagated from A_1 = f(W_1·X + B_1) as
    // its input, and its ∂C/∂A_1 gives dZ_1 = (∂C/∂A_1 ∘ M_2) ∘ f′(Z_1) and ∂C/∂W_1 = dZ_1·Xᵀ, with X sparse.
    private static (Gradients<T> Gradients, double Loss) RunOnSparseBlock<T>(Network<T> network, DenseLayer<T> first, Loss loss,
        Numerics.SparseColumns<T> x, Matrix<T> y, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        var head = Dense.Forward(first, x);
        if (network.Layers.Count == 1)
            return (new Gradients<T>(Seq1(Dense.ParameterGradients(first, x, Losses.OutputDelta(loss, first.Activation, head.Z, head.A, y)))),
                Losses.Value(loss, head.A, y));
        var rest = new Network<T>(network.Layers.Tail);
        var (restGradients, value, inputGradient) = RunWithInputGradient(rest, loss, head.A, y, new DropoutMasks<T>(masks.Masks.Tail));
        var dz = Activations.Backward(first.Activation, head.Z, head.A, Dropout.Backward(masks, 1, inputGradient()));
        return (new Gradients<T>(Dense.ParameterGradients(first, x, dz).Cons(restGradients.Layers)), value);
    }

    // The loss and gradient of (X, Y) in one piece, and ∂C/∂X (with respect to what the first layer saw) on demand.
    private static (Gradients<T> Gradients, double Loss, Func<Matrix<T>> InputGradient) RunWithInputGradient<T>(
        Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        var trace = Network.Forward(network, x, masks);
        var last = network.Layers.Count - 1;
        var (outputGradients, outputInputGradient) =
            Layers.OutputBackwardDeferred(network.Layers[last], loss, trace.InputTo(last), trace.Layers[last], y);
        // Walk back from the output: each step turns ∂C/∂A_l into this layer's gradients and ∂C/∂A_{l−1}.
        // ∂C/∂A_{l−1} is computed when the layer below asks for it, so the first layer's ∂C/∂X, which nothing
        // uses and whose product Wᵀ·dZ costs as much as the forward pass, is never computed.
        var (gradients, inputGradient) = Enumerable.Range(0, last).Reverse().Aggregate(
            (Seq1(outputGradients), outputInputGradient),
            (state, l) =>
            {
                var (layerGradients, below) = Layers.BackwardDeferred(
                    network.Layers[l], trace.InputTo(l), trace.Layers[l], Dropout.Backward(masks, l + 1, state.Item2()));
                return (layerGradients.Cons(state.Item1), below);
            });
        return (new Gradients<T>(gradients), Losses.Value(loss, trace.Output, y), inputGradient);
    }

    /// <summary>C(X, Y) of the network without gradients.</summary>
    public static double LossOf<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        Losses.Value(loss, Network.Predict(network, x), y);
}
