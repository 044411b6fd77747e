namespace FunctionalNet;

/// <summary>
/// A fully connected layer: Z = W·A_prev + B (B broadcast over the examples), A = f(Z).
/// </summary>
/// <param name="Weights">W, outputs × inputs.</param>
/// <param name="Bias">B, outputs × 1; None for the lecture's network without bias.</param>
/// <param name="Activation">f.</param>
public sealed record DenseLayer<T>(Matrix<T> Weights, Option<Matrix<T>> Bias, Activation Activation) : Layer<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override int Inputs => Weights.ColumnCount;

    /// <inheritdoc />
    public override int Outputs => Weights.RowCount;

    /// <inheritdoc />
    public override Seq<Matrix<T>> Parameters => Bias.Match(b => Seq(Weights, b), () => Seq1(Weights));

    /// <inheritdoc />
    public override Seq<string> ParameterNames => Bias.IsSome ? Seq("W", "b") : Seq1("W");

    /// <inheritdoc />
    public override Layer<T> WithParameters(Seq<Matrix<T>> parameters) =>
        this with { Weights = parameters[0], Bias = Bias.IsSome ? Some(parameters[1]) : None };
}

/// <summary>The dense layer's forward and backward passes, in the lecture's matrix form.</summary>
public static class Dense
{
    /// <summary>Z = W·A_prev + B, A = f(Z).</summary>
    public static LayerTrace<T> Forward<T>(DenseLayer<T> layer, Matrix<T> input) where T : struct, IFloatingPointIeee754<T>
    {
        var z = Numerics.Linear.Affine(layer.Weights, input, layer.Bias);   // W·A_prev + B·1ᵀ
        return new LayerTrace<T>(z, Activations.Apply(layer.Activation, z));
    }

    /// <summary>Z = W·X + B, A = f(Z) for an input kept as its nonzero entries (the first layer on pixels).</summary>
    public static LayerTrace<T> Forward<T>(DenseLayer<T> layer, Numerics.SparseColumns<T> input) where T : struct, IFloatingPointIeee754<T>
    {
        var z = Numerics.SparseProducts.Affine(layer.Weights, input, layer.Bias);   // W·X + B·1ᵀ
        return new LayerTrace<T>(z, Activations.Apply(layer.Activation, z));
    }

    /// <summary>
    /// From dZ of this layer: ∂C/∂W = dZ·A_prevᵀ, ∂C/∂B = row sums of dZ, and ∂C/∂A_prev = Wᵀ·dZ
    /// (the first factor of the previous layer's dZ_{l−1} = (W_lᵀ·dZ_l) ∘ f′(Z_{l−1})).
    /// </summary>
    public static (Seq<Matrix<T>> Gradients, Matrix<T> InputGradient) Backward<T>(
        DenseLayer<T> layer, Matrix<T> input, Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        (ParameterGradients(layer, input, dz), InputGradient(layer, dz));

    /// <summary>As <see cref="Backward{T}"/>, with ∂C/∂A_prev computed only if the layer below asks for it.</summary>
    internal static (Seq<Matrix<T>> Gradients, Func<Matrix<T>> InputGradient) BackwardDeferred<T>(
        DenseLayer<T> layer, Matrix<T> input, Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        (ParameterGradients(layer, input, dz), () => InputGradient(layer, dz));

    /// <summary>∂C/∂W = dZ·A_prevᵀ and ∂C/∂B = dZ·1 (row sums).</summary>
    public static Seq<Matrix<T>> ParameterGradients<T>(DenseLayer<T> layer, Matrix<T> input, Matrix<T> dz)
        where T : struct, IFloatingPointIeee754<T> =>
        WithBiasGradient(layer, Numerics.Linear.TimesTransposed(dz, input), dz);   // dZ·A_prevᵀ

    /// <summary>∂C/∂W = dZ·Xᵀ and ∂C/∂B = dZ·1 for an input kept as its nonzero entries.</summary>
    public static Seq<Matrix<T>> ParameterGradients<T>(DenseLayer<T> layer, Numerics.SparseColumns<T> input, Matrix<T> dz)
        where T : struct, IFloatingPointIeee754<T> =>
        WithBiasGradient(layer, Numerics.SparseProducts.TimesTransposed(dz, input), dz);   // dZ·Xᵀ

    // ∂C/∂W, and ∂C/∂B = dZ·1 (row sums) after it when the layer has a bias.
    private static Seq<Matrix<T>> WithBiasGradient<T>(DenseLayer<T> layer, Matrix<T> dw, Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        layer.Bias.IsSome ? Seq(dw, Numerics.Linear.RowSums(dz)) : Seq1(dw);

    /// <summary>∂C/∂A_prev = Wᵀ·dZ.</summary>
    public static Matrix<T> InputGradient<T>(DenseLayer<T> layer, Matrix<T> dz) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Linear.TransposedTimes(layer.Weights, dz);
}
