using System.Text.Json.Nodes;

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
    public override string Kind => "dense";

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

    /// <inheritdoc />
    public override JsonObject Settings => new()
    {
        ["activation"] = Activation.Name,
        ["activation_parameter"] = Activation.Parameter is { } p ? JsonValue.Create(p) : null,
        ["bias"] = Bias.IsSome,
    };

    /// <inheritdoc />
    public override Activation OutputActivation => Activation;

    /// <summary>As the base, and the same activation (not only the same name: two user activations may share one).</summary>
    public override bool SameArchitecture(Layer<T> other) =>
        base.SameArchitecture(other) && other is DenseLayer<T> dense && dense.Activation == Activation;

    /// <summary>Z = W·A_prev + B, A = f(Z).</summary>
    public override LayerTrace<T> Forward(Matrix<T> input)
    {
        var z = Numerics.Linear.Affine(Weights, input, Bias);   // W·A_prev + B·1ᵀ
        return new LayerTrace<T>(z, Activations.Apply(Activation, z));
    }

    /// <summary>Z = W·A_prev + B, A = f(Z) in complex arithmetic: None when f has no analytic extension (a kink).</summary>
    public override Option<Matrix<Complex>> AnalyticForward(Seq<Matrix<Complex>> parameters, Matrix<Complex> input)
    {
        var ones = Matrix<Complex>.Build.Dense(1, input.ColumnCount, Complex.One);
        var z = Bias.IsSome ? parameters[0] * input + parameters[1] * ones : parameters[0] * input;   // W·A_prev + B·1ᵀ
        return Activation.ApplyAnalytic(z);
    }

    /// <summary>dZ = dA ∘ f′(Z): the lecture's dZ_l = (W_{l+1}ᵀ·dZ_{l+1}) ∘ f′(Z_l); then <see cref="FromDelta"/>.</summary>
    public override LayerGradients<T> Backward(Matrix<T> input, LayerTrace<T> trace, Matrix<T> da, bool inputGradient) =>
        FromDelta(input, Activations.Backward(Activation, trace.Z, trace.A, da), inputGradient);

    /// <summary>dZ_L from the loss, with the softmax/sigmoid cancellations; then <see cref="FromDelta"/>.</summary>
    public override LayerGradients<T> OutputBackward(Loss loss, Matrix<T> input, LayerTrace<T> trace, Matrix<T> y, bool inputGradient) =>
        FromDelta(input, Losses.OutputDelta(loss, Activation, trace.Z, trace.A, y), inputGradient);

    /// <summary>C from Z = W·A_prev + B, where the loss and f are a fused pair (sigmoid + bce, softmax + cross-entropy).</summary>
    public override double OutputLoss(Loss loss, LayerTrace<T> trace, Matrix<T> y) => Losses.Value(loss, Activation, trace.Z, trace.A, y);

    /// <summary>From this layer's dZ: ∂C/∂W = dZ·A_prevᵀ, ∂C/∂B = dZ·1 (row sums), and ∂C/∂A_prev = Wᵀ·dZ if asked for.</summary>
    public LayerGradients<T> FromDelta(Matrix<T> input, Matrix<T> dz, bool inputGradient) =>
        new(WithBiasGradient(Numerics.Linear.TimesTransposed(dz, input), dz),
            inputGradient ? Some(Numerics.Linear.TransposedTimes(Weights, dz)) : None);

    /// <summary>∂C/∂W as given, and ∂C/∂B = dZ·1 (row sums) after it when the layer has a bias.</summary>
    public Seq<Matrix<T>> WithBiasGradient(Matrix<T> dw, Matrix<T> dz) =>
        Bias.IsSome ? Seq(dw, Numerics.Linear.RowSums(dz)) : Seq1(dw);

    /// <inheritdoc />
    public override Option<int[]> KinkPattern(LayerTrace<T> trace) =>
        Activation.HasKink ? Some(trace.Z.Enumerate().Select(z => z > T.Zero ? 1 : 0).ToArray()) : None;
}
