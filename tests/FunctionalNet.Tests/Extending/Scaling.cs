namespace FunctionalNet.Tests.Extending;

/// <summary>
/// A layer the library does not ship, written as a user writes one: y = s∘x, each input row scaled by its own
/// learnable sᵢ (shared by every example). ∂C/∂sᵢ = Σⱼ dYᵢⱼ·xᵢⱼ and ∂C/∂xᵢⱼ = sᵢ·dYᵢⱼ.
/// <paramref name="WrongAt"/> makes one ∂C/∂sᵢ deliberately wrong (doubled), for the gradient check to catch.
/// </summary>
/// <param name="Scale">s, n × 1.</param>
/// <param name="WrongAt">Some(i): the backward pass returns 2·∂C/∂sᵢ at that row; None: it is right.</param>
internal record Scaling<T>(Matrix<T> Scale, Option<int> WrongAt) : Layer<T> where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Kind => "scaling";

    /// <inheritdoc />
    public override int Inputs => Scale.RowCount;

    /// <inheritdoc />
    public override int Outputs => Scale.RowCount;

    /// <inheritdoc />
    public override Seq<Matrix<T>> Parameters => Seq1(Scale);

    /// <inheritdoc />
    public override Seq<string> ParameterNames => Seq1("s");

    /// <inheritdoc />
    public override Layer<T> WithParameters(Seq<Matrix<T>> parameters) => this with { Scale = parameters[0] };

    /// <summary>Z = A = s∘x.</summary>
    public override LayerTrace<T> Forward(Matrix<T> input)
    {
        var scaled = Matrix<T>.Build.Dense(Outputs, input.ColumnCount, (i, j) => Scale[i, 0] * input[i, j]);
        return new LayerTrace<T>(scaled, scaled);
    }

    /// <summary>∂C/∂sᵢ = Σⱼ dYᵢⱼ·xᵢⱼ (doubled at <see cref="WrongAt"/>), ∂C/∂x = s∘dY.</summary>
    public override LayerGradients<T> Backward(Matrix<T> input, LayerTrace<T> trace, Matrix<T> da, bool inputGradient)
    {
        var scale = Matrix<T>.Build.Dense(Outputs, 1, (i, _) =>
        {
            var sum = T.Zero;
            for (var j = 0; j < da.ColumnCount; j++) sum += da[i, j] * input[i, j];
            return WrongAt.Exists(row => row == i) ? sum + sum : sum;
        });
        var inputs = Matrix<T>.Build.Dense(Outputs, da.ColumnCount, (i, j) => Scale[i, 0] * da[i, j]);
        return new LayerGradients<T>(Seq1(scale), inputGradient ? Some(inputs) : None);
    }
}
