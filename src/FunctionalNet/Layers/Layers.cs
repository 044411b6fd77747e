namespace FunctionalNet;

/// <summary>The functions over the <see cref="Layer{T}"/> union: one exhaustive switch each.</summary>
public static class Layers
{
    /// <summary>The layer's Z and A for the input batch A_prev.</summary>
    public static LayerTrace<T> Forward<T>(Layer<T> layer, Matrix<T> input) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> dense => Dense.Forward(dense, input),
        MaxoutLayer<T> maxout => Maxout.Forward(maxout, input),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Given dA = ∂C/∂A of this layer's output: its parameter gradients and ∂C/∂A_prev.
    /// For a dense layer dZ = dA ∘ f′(Z) first, the lecture's dZ_l = (W_{l+1}ᵀ·dZ_{l+1}) ∘ f′(Z_l).
    /// </summary>
    public static (Seq<Matrix<T>> Gradients, Matrix<T> InputGradient) Backward<T>(
        Layer<T> layer, Matrix<T> input, LayerTrace<T> trace, Matrix<T> da) where T : struct, IFloatingPointIeee754<T> =>
        Force(BackwardDeferred(layer, input, trace, da));

    /// <summary>As <see cref="Backward{T}"/>, with ∂C/∂A_prev computed only if the layer below asks for it.</summary>
    internal static (Seq<Matrix<T>> Gradients, Func<Matrix<T>> InputGradient) BackwardDeferred<T>(
        Layer<T> layer, Matrix<T> input, LayerTrace<T> trace, Matrix<T> da) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> dense => Dense.BackwardDeferred(dense, input, Activations.Backward(dense.Activation, trace.Z, trace.A, da)),
        MaxoutLayer<T> maxout => Maxout.BackwardDeferred(maxout, input, trace, da),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The output layer's backward pass, starting from the loss: dZ_L comes from <see cref="Losses.OutputDelta{T}"/>
    /// (which knows the softmax/sigmoid cancellations).
    /// </summary>
    public static (Seq<Matrix<T>> Gradients, Matrix<T> InputGradient) OutputBackward<T>(
        Layer<T> layer, Loss loss, Matrix<T> input, LayerTrace<T> trace, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        Force(OutputBackwardDeferred(layer, loss, input, trace, y));

    /// <summary>As <see cref="OutputBackward{T}"/>, with ∂C/∂A_prev computed only if the layer below asks for it.</summary>
    internal static (Seq<Matrix<T>> Gradients, Func<Matrix<T>> InputGradient) OutputBackwardDeferred<T>(
        Layer<T> layer, Loss loss, Matrix<T> input, LayerTrace<T> trace, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> dense => Dense.BackwardDeferred(dense, input, Losses.OutputDelta(loss, dense.Activation, trace.Z, trace.A, y)),
        MaxoutLayer<T> maxout => Maxout.BackwardDeferred(maxout, input, trace, Losses.OutputGradient(loss, trace.A, y)),
        _ => throw new UnreachableException(),
    };

    private static (Seq<Matrix<T>> Gradients, Matrix<T> InputGradient) Force<T>((Seq<Matrix<T>> Gradients, Func<Matrix<T>> InputGradient) deferred)
        where T : struct, IFloatingPointIeee754<T> => (deferred.Gradients, deferred.InputGradient());

    /// <summary>
    /// Which side of each kink every entry is on (ReLU-family: z &gt; 0; maxout: the winning piece), or None
    /// for a layer that is smooth everywhere. Two traces with different patterns straddle a kink.
    /// </summary>
    public static Option<int[]> KinkPattern<T>(Layer<T> layer, LayerTrace<T> trace) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> { Activation.HasKink: true } => Some(trace.Z.Enumerate().Select(z => z > T.Zero ? 1 : 0).ToArray()),
        DenseLayer<T> => None,
        MaxoutLayer<T> maxout => Some(Maxout.Winners(maxout, trace.Z).Cast<int>().ToArray()),
        _ => throw new UnreachableException(),
    };

    /// <summary>The activation a loss sees at this layer's output (maxout is piecewise linear: identity-like).</summary>
    public static Activation OutputActivation<T>(Layer<T> layer) where T : struct, IFloatingPointIeee754<T> => layer switch
    {
        DenseLayer<T> dense => dense.Activation,
        MaxoutLayer<T> => new Activation.Identity(),
        _ => throw new UnreachableException(),
    };

    /// <summary>True when two layers have the same kind, sizes, activation and bias: they differ at most in values.</summary>
    public static bool SameArchitecture<T>(Layer<T> first, Layer<T> second) where T : struct, IFloatingPointIeee754<T> => (first, second) switch
    {
        (DenseLayer<T> a, DenseLayer<T> b) => a.Activation == b.Activation && a.Bias.IsSome == b.Bias.IsSome &&
            a.Inputs == b.Inputs && a.Outputs == b.Outputs,
        (MaxoutLayer<T> a, MaxoutLayer<T> b) => a.Pieces == b.Pieces && a.Inputs == b.Inputs && a.Outputs == b.Outputs,
        _ => false,
    };
}
