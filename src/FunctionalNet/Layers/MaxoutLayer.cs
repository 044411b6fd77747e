using System.Text.Json.Nodes;

namespace FunctionalNet;

/// <summary>
/// A maxout layer: k linear pieces Z_p = W_p·A_prev + B_p, and A = max_p Z_p element-wise
/// (the lecture's max(w₁ᵀx + b₁, w₂ᵀx + b₂) for k = 2).
/// </summary>
/// <param name="Weights">W_1 … W_k, each outputs × inputs.</param>
/// <param name="Biases">B_1 … B_k, each outputs × 1.</param>
public sealed record MaxoutLayer<T>(Seq<Matrix<T>> Weights, Seq<Matrix<T>> Biases) : Layer<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The number of linear pieces k.</summary>
    public int Pieces => Weights.Count;

    /// <inheritdoc />
    public override string Kind => "maxout";

    /// <inheritdoc />
    public override int Inputs => Weights[0].ColumnCount;

    /// <inheritdoc />
    public override int Outputs => Weights[0].RowCount;

    /// <inheritdoc />
    public override Seq<Matrix<T>> Parameters => Weights + Biases;

    /// <inheritdoc />
    public override Seq<string> ParameterNames =>
        toSeq(Enumerable.Range(1, Pieces).Select(p => $"W_{p}")) + toSeq(Enumerable.Range(1, Pieces).Select(p => $"b_{p}"));

    /// <inheritdoc />
    public override Layer<T> WithParameters(Seq<Matrix<T>> parameters) =>
        this with { Weights = parameters.Take(Pieces), Biases = parameters.Skip(Pieces) };

    /// <inheritdoc />
    public override JsonObject Settings => new() { ["pieces"] = Pieces };

    /// <summary>Z = the pieces stacked (k·outputs rows), A = their element-wise maximum.</summary>
    public override LayerTrace<T> Forward(Matrix<T> input)
    {
        var pieces = Weights.Zip(Biases).Map(wb => Numerics.Linear.Affine(wb.Item1, input, Some(wb.Item2)));
        var z = pieces.Tail.Fold(pieces.Head, (stack, piece) => stack.Stack(piece));
        var a = pieces.Tail.Fold(pieces.Head, (max, piece) => max.Map2(T.Max, piece));
        return new LayerTrace<T>(z, a);
    }

    /// <summary>None: max_p Z_p has no analytic extension (which piece wins is not a complex-differentiable choice).</summary>
    public override Option<Matrix<Complex>> AnalyticForward(Seq<Matrix<Complex>> parameters, Matrix<Complex> input) => None;

    /// <summary>
    /// dZ_p = dA ∘ [piece p wins]; then per piece ∂C/∂W_p = dZ_p·A_prevᵀ, ∂C/∂B_p = row sums of dZ_p,
    /// and ∂C/∂A_prev = Σ_p W_pᵀ·dZ_p.
    /// </summary>
    public override LayerGradients<T> Backward(Matrix<T> input, LayerTrace<T> trace, Matrix<T> da, bool inputGradient)
    {
        var winners = Winners(trace.Z);
        var dz = toSeq(Enumerable.Range(0, Pieces).Select(p => da.MapIndexed((i, j, d) => winners[i, j] == p ? d : T.Zero))).Strict();
        var dw = dz.Map(d => Numerics.Linear.TimesTransposed(d, input)).Strict();
        var db = dz.Map(Numerics.Linear.RowSums).Strict();
        return new(dw + db, inputGradient
            ? Some(dz.Zip(Weights).Map(x => Numerics.Linear.TransposedTimes(x.Item2, x.Item1)).Reduce((s, x) => s + x))
            : None);
    }

    /// <summary>For each output entry, the index of the piece that wins the maximum (the first, on a tie).</summary>
    public int[,] Winners(Matrix<T> stackedZ)
    {
        var n = Outputs;
        var winners = new int[n, stackedZ.ColumnCount];
        for (var j = 0; j < stackedZ.ColumnCount; j++)
            for (var i = 0; i < n; i++)
                for (var p = 1; p < Pieces; p++)
                    if (stackedZ[p * n + i, j] > stackedZ[winners[i, j] * n + i, j]) winners[i, j] = p;
        return winners;
    }

    /// <inheritdoc />
    public override Option<int[]> KinkPattern(LayerTrace<T> trace) => Some(Winners(trace.Z).Cast<int>().ToArray());
}
