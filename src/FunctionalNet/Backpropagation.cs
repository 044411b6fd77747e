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
        // Examples flow through the network independently and the gradient of a sum is the sum of the gradients,
        // so a large batch is taken in cache-sized blocks of columns (a mean weighs each block by its share).
        Numerics.ColumnBlocks.Sum(network.Parameters.Strict(), x, y, loss.Reduction == Reduction.Mean,
            (xBlock, yBlock) => RunOnBlock(network, loss, xBlock, yBlock));

    /// <summary>The loss and gradient of (X, Y) in one piece: the lecture's backpropagation.</summary>
    internal static (Gradients<T> Gradients, double Loss) RunOnBlock<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : struct, IFloatingPointIeee754<T>
    {
        var trace = Network.Forward(network, x);
        var last = network.Layers.Count - 1;
        var (outputGradients, outputInputGradient) =
            Layers.OutputBackwardDeferred(network.Layers[last], loss, trace.InputTo(last), trace.Layers[last], y);
        // Walk back from the output: each step turns ∂C/∂A_l into this layer's gradients and ∂C/∂A_{l−1}.
        // ∂C/∂A_{l−1} is computed when the layer below asks for it, so the first layer's ∂C/∂X, which nothing
        // uses and whose product Wᵀ·dZ costs as much as the forward pass, is never computed.
        var (gradients, _) = Enumerable.Range(0, last).Reverse().Aggregate(
            (Seq1(outputGradients), outputInputGradient),
            (state, l) =>
            {
                var (layerGradients, inputGradient) =
                    Layers.BackwardDeferred(network.Layers[l], trace.InputTo(l), trace.Layers[l], state.Item2());
                return (layerGradients.Cons(state.Item1), inputGradient);
            });
        return (new Gradients<T>(gradients), Losses.Value(loss, trace.Output, y));
    }

    /// <summary>C(X, Y) of the network without gradients.</summary>
    public static double LossOf<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        Losses.Value(loss, Network.Predict(network, x), y);
}
