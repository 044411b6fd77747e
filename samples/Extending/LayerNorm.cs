using System.Numerics;
using System.Text.Json.Nodes;
using FunctionalNet;
using LanguageExt;
using LanguageExt.Common;
using MathNet.Numerics.LinearAlgebra;
using static LanguageExt.Prelude;

namespace Extending;

/// <summary>
/// Layer normalization (Ba, Kiros and Hinton 2016): each example (column) x of n entries is normalized by its own
/// mean and deviation, then scaled and shifted by learnable γ and β (one per row, shared by every example):
/// μ = (1/n)·Σᵢ xᵢ,  σ = √((1/n)·Σᵢ (xᵢ − μ)² + ε),  x̂ᵢ = (xᵢ − μ)/σ,  yᵢ = γᵢ·x̂ᵢ + βᵢ.
/// Unlike batch normalization it needs no statistics of the batch, so training and prediction compute the same thing.
/// </summary>
/// <param name="Gain">γ, n × 1.</param>
/// <param name="Shift">β, n × 1.</param>
/// <param name="Epsilon">ε &gt; 0 keeps σ away from 0 for a constant column.</param>
public sealed record LayerNorm<T>(Matrix<T> Gain, Matrix<T> Shift, double Epsilon) : Layer<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => LayerNormKind.KindName;

    /// <inheritdoc />
    public override int Inputs => Gain.RowCount;

    /// <inheritdoc />
    public override int Outputs => Gain.RowCount;

    /// <inheritdoc />
    public override Seq<Matrix<T>> Parameters => Seq(Gain, Shift);

    /// <summary>gamma and beta (neither starts with W, so L2 and AdamW leave them undecayed, as is usual for γ and β).</summary>
    public override Seq<string> ParameterNames => Seq("gamma", "beta");

    /// <inheritdoc />
    public override Layer<T> WithParameters(Seq<Matrix<T>> parameters) => this with { Gain = parameters[0], Shift = parameters[1] };

    /// <summary>ε, which a model file must keep: the layer computes something else without it.</summary>
    public override JsonObject Settings => new() { ["epsilon"] = Epsilon };

    /// <summary>Z = x̂ (kept for the backward pass), A = γ∘x̂ + β.</summary>
    public override LayerTrace<T> Forward(Matrix<T> input)
    {
        var (mean, inverseDeviation) = Statistics(input);
        var normalized = Matrix<T>.Build.Dense(Outputs, input.ColumnCount, (i, j) => (input[i, j] - mean[j]) * inverseDeviation[j]);   // x̂ = (x − μ)/σ
        var output = Matrix<T>.Build.Dense(Outputs, input.ColumnCount, (i, j) => Gain[i, 0] * normalized[i, j] + Shift[i, 0]);   // y = γ·x̂ + β
        return new LayerTrace<T>(normalized, output);
    }

    /// <summary>
    /// From dY = ∂C/∂Y: ∂C/∂γᵢ = Σⱼ dYᵢⱼ·x̂ᵢⱼ and ∂C/∂βᵢ = Σⱼ dYᵢⱼ (γ and β act on every example), and ∂C/∂X when asked.
    /// </summary>
    public override LayerGradients<T> Backward(Matrix<T> input, LayerTrace<T> trace, Matrix<T> da, bool inputGradient)
    {
        var normalized = trace.Z;
        var gainGradient = Matrix<T>.Build.Dense(Outputs, 1, (i, _) => Sum(da.ColumnCount, j => da[i, j] * normalized[i, j]));
        var shiftGradient = Matrix<T>.Build.Dense(Outputs, 1, (i, _) => Sum(da.ColumnCount, j => da[i, j]));
        return new LayerGradients<T>(Seq(gainGradient, shiftGradient), inputGradient ? Some(InputGradient(input, normalized, da)) : None);
    }

    /// <summary>
    /// ∂C/∂xᵢ = (1/σ)·(dx̂ᵢ − (1/n)·Σₖ dx̂ₖ − x̂ᵢ·(1/n)·Σₖ dx̂ₖ·x̂ₖ) per column, with dx̂ = γ∘dY. The two means are the
    /// paths through μ and σ, which depend on every entry of the column: ∂x̂ₖ/∂xᵢ = (δₖᵢ − 1/n − x̂ₖ·x̂ᵢ/n)/σ.
    /// </summary>
    private Matrix<T> InputGradient(Matrix<T> input, Matrix<T> normalized, Matrix<T> da)
    {
        var (_, inverseDeviation) = Statistics(input);   // the trace keeps x̂ but not σ, so σ is computed again
        var n = T.CreateChecked(Outputs);
        var dNormalized = Matrix<T>.Build.Dense(Outputs, da.ColumnCount, (i, j) => Gain[i, 0] * da[i, j]);   // dx̂ = γ∘dY
        var meanOfDelta = Enumerable.Range(0, da.ColumnCount).Select(j => Sum(Outputs, k => dNormalized[k, j]) / n).ToArray();
        var meanOfProduct = Enumerable.Range(0, da.ColumnCount).Select(j => Sum(Outputs, k => dNormalized[k, j] * normalized[k, j]) / n).ToArray();
        return Matrix<T>.Build.Dense(Outputs, da.ColumnCount, (i, j) =>
            inverseDeviation[j] * (dNormalized[i, j] - meanOfDelta[j] - normalized[i, j] * meanOfProduct[j]));
    }

    /// <summary>Per column j: μⱼ and 1/σⱼ, σⱼ = √((1/n)·Σᵢ (xᵢⱼ − μⱼ)² + ε).</summary>
    private (T[] Mean, T[] InverseDeviation) Statistics(Matrix<T> x)
    {
        var n = T.CreateChecked(x.RowCount);
        var epsilon = T.CreateChecked(Epsilon);
        var mean = Enumerable.Range(0, x.ColumnCount).Select(j => Sum(x.RowCount, i => x[i, j]) / n).ToArray();
        var inverseDeviation = Enumerable.Range(0, x.ColumnCount).Select(j =>
            T.One / T.Sqrt(Sum(x.RowCount, i => (x[i, j] - mean[j]) * (x[i, j] - mean[j])) / n + epsilon)).ToArray();
        return (mean, inverseDeviation);
    }

    private static T Sum(int count, Func<int, T> term)
    {
        var sum = T.Zero;
        for (var k = 0; k < count; k++) sum += term(k);
        return sum;
    }
}

/// <summary>A layer normalization of <paramref name="Features"/> entries before it has values.</summary>
/// <param name="Features">n: the layer's inputs and outputs.</param>
/// <param name="Epsilon">ε; 10⁻⁵ as in PyTorch.</param>
public sealed record LayerNormSpec(int Features, double Epsilon = 1e-5) : LayerSpec
{
    /// <inheritdoc />
    public override (int Inputs, int Outputs) Size => (Features, Features);

    /// <inheritdoc />
    public override double ParameterCount => 2.0 * Features;

    /// <summary>γ = 1 and β = 0, as in the paper: the layer starts as a pure normalization, so nothing is drawn from the seed.</summary>
    public override Layer<T> Create<T>(Initializer initializer, int seed, int layer) => new LayerNorm<T>(
        Matrix<T>.Build.Dense(Features, 1, T.One), Matrix<T>.Build.Dense(Features, 1, T.Zero), Epsilon);
}

/// <summary>How a model file's <c>layer-norm</c> layer is read back: γ and β, and ε from its settings.</summary>
public sealed class LayerNormKind : LayerKind
{
    /// <summary>The kind as files name it.</summary>
    public const string KindName = "layer-norm";

    /// <inheritdoc />
    public override string Name => KindName;

    /// <inheritdoc />
    public override Fin<int> ParameterCount(JsonObject settings) => 2;

    /// <summary>The layer, refusing γ and β that are not two columns of the same length, or an ε that is not &gt; 0.</summary>
    public override Fin<Layer<T>> Create<T>(JsonObject settings, Seq<Matrix<T>> parameters, Components components)
    {
        var (gain, shift, epsilon) = (parameters[0], parameters[1], (double)settings["epsilon"]!);
        if (gain.ColumnCount != 1 || shift.ColumnCount != 1 || gain.RowCount != shift.RowCount)
            return Error.New($"a layer-norm layer needs γ and β of n × 1 (got {gain.RowCount}×{gain.ColumnCount} and {shift.RowCount}×{shift.ColumnCount})");
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            return Error.New($"a layer-norm layer needs ε > 0 (got {epsilon})");
        return new LayerNorm<T>(gain, shift, epsilon);
    }
}
