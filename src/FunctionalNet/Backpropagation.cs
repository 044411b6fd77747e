namespace FunctionalNet;

/// <summary>
/// Backpropagation in the lecture's matrix form, on one batch (examples as columns): the forward pass keeps every
/// layer's Z and A; dZ_L comes from the loss; then for l = L−1 … 1
/// dZ_l = (W_{l+1}ᵀ·dZ_{l+1}) ∘ f′(Z_l), ∂C/∂W_l = dZ_l·A_{l−1}ᵀ, ∂C/∂B_l = dZ_l·1.
/// Training runs it on column blocks of a batch through <see cref="Numerics.Executor.Gradient{T}"/>.
/// </summary>
public static class Backpropagation
{
    /// <summary>
    /// The loss of the batch (X, Y) and its gradient with respect to every parameter. With dropout, layer l sees its
    /// input times mask M_l, and ∂C/∂A_{l−1} is multiplied by the same mask before f′. ∂C/∂X (with respect to what the
    /// first layer saw) is computed only when <paramref name="inputGradient"/> asks for it: nothing else needs it, and
    /// its product Wᵀ·dZ costs as much as the first layer's forward pass.
    /// </summary>
    public static BatchGradient<T> Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, DropoutMasks<T>? masks = null,
        bool inputGradient = false) where T : struct, IFloatingPointIeee754<T>
    {
        masks ??= Dropout.None(network);
        var trace = Network.Forward(network, x, masks);                    // Z_l = W_l·(A_{l−1} ∘ M_l) + B_l, A_l = f(Z_l)
        var last = network.Layers.Count - 1;
        // dZ_L from the loss (with the softmax/sigmoid cancellations), then ∂C/∂W_L = dZ_L·A_{L−1}ᵀ and ∂C/∂A_{L−1} = W_Lᵀ·dZ_L.
        var step = network.Layers[last].OutputBackward(loss, trace.InputTo(last), trace.Layers[last], y, last > 0 || inputGradient);
        var gradients = Seq1(step.Parameters);
        for (var l = last - 1; l >= 0; l--)
        {
            // dZ_l = (∂C/∂A_l ∘ M_{l+1}) ∘ f′(Z_l), ∂C/∂W_l = dZ_l·A_{l−1}ᵀ, ∂C/∂B_l = dZ_l·1, ∂C/∂A_{l−1} = W_lᵀ·dZ_l.
            var da = Dropout.Backward(masks, l + 1, step.Input.IfNone(() => throw new InvalidOperationException(
                $"layer {l + 2} ({network.Layers[l + 1].Kind}) gave no ∂C/∂input although its Backward was asked for it")));
            step = network.Layers[l].Backward(trace.InputTo(l), trace.Layers[l], da, l > 0 || inputGradient);
            gradients = step.Parameters.Cons(gradients);
        }
        return new BatchGradient<T>(new Gradients<T>(gradients), network.Layers[last].OutputLoss(loss, trace.Layers[last], y), step.Input);
    }
}

/// <summary>What backpropagation gives for one batch.</summary>
/// <param name="Gradients">∂C/∂θ for every parameter, shaped as the network's parameters.</param>
/// <param name="Loss">C(X, Y) before any update.</param>
/// <param name="InputGradient">∂C/∂X, when it was asked for.</param>
public sealed record BatchGradient<T>(Gradients<T> Gradients, double Loss, Option<Matrix<T>> InputGradient)
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The gradients and the loss, as most callers want them.</summary>
    public void Deconstruct(out Gradients<T> gradients, out double loss) => (gradients, loss) = (Gradients, Loss);

    /// <summary>The gradients and the loss as a pair.</summary>
    public (Gradients<T> Gradients, double Loss) WithoutInputGradient => (Gradients, Loss);
}
