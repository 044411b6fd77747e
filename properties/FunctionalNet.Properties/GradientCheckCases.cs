namespace FunctionalNet.Properties;

/// <summary>Smooth cases with Glorot weights, shrinking on.</summary>
public static class SmoothNetwork
{
    /// <summary>A smooth case.</summary>
    public static Arbitrary<CheckedNetworkCase> Cases() => Arb.From(CheckedNetworkCases.Smooth, CheckedNetworkCases.Shrink);
}

/// <summary>A network whose first layer has a kink (ReLU, leaky ReLU, step, ELU), with one pre-activation put near it.</summary>
/// <param name="Case">The network.</param>
/// <param name="Offset">δ / h, in (−½, ½): where example 0's first pre-activation lands after moving b1[0].</param>
public sealed record KinkCase(CheckedNetworkCase Case, double Offset)
{
    /// <summary>The network with b1[0] moved so that z1[0, 0] = δ, the batch.</summary>
    public (Network<double> Network, Matrix<double> X, Matrix<double> Y) Problem()
    {
        var network = Case.Network<double>();
        var (x, y) = Case.Data<double>();
        var first = (DenseLayer<double>)network.Layers.Head;
        var z = Network.Forward(network, x).Layers.Head.Z[0, 0];
        var bias = first.Bias.Map(b => b.Clone()).IfNone(() => throw new InvalidOperationException("dense layers have biases"));
        bias[0, 0] += Offset * GradientCheckOptions.DefaultStep - z;
        return (network with { Layers = ((Layer<double>)(first with { Bias = Some(bias) })).Cons(network.Layers.Tail) }, x, y);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Case}, z1[0,0] = {Offset:0.###}·h";
}

/// <summary>Cases whose first layer is dense with a kinked activation, shrinking on.</summary>
public static class KinkedFirstLayer
{
    /// <summary>A kink case.</summary>
    public static Arbitrary<KinkCase> Cases() => Arb.From(
        from c in CheckedNetworkCases.Checkable.Where(c => (c.Depth == 1 ? c.Output : c.Hidden).HasKink && (c.Depth == 1 || c.MaxoutPieces == 0))
        from offset in Gen.Choose(-499, 499)
        select new KinkCase(c, offset / 1000.0),
        k => CheckedNetworkCases.Shrink(k.Case)
            .Where(c => (c.Depth == 1 ? c.Output : c.Hidden).HasKink && (c.Depth == 1 || c.MaxoutPieces == 0))
            .Select(c => k with { Case = c }));
}

/// <summary>A test double: backpropagation's gradient with one entry made wrong by a relative amount.</summary>
/// <param name="Case">The (smooth) network.</param>
/// <param name="Position">Where the wrong entry is, as fractions in [0, 1) of (layer, parameter, row, column), so shrinking the network keeps it valid.</param>
/// <param name="Wrongness">κ: the entry a becomes a + κ·max(|a|, floor·S).</param>
public sealed record WrongDerivative(CheckedNetworkCase Case, (double Layer, double Parameter, double Row, double Column) Position, double Wrongness)
{
    /// <summary>The wrong entry's (layer, parameter, row, column), 0-based.</summary>
    public (int Layer, int Parameter, int Row, int Column) Entry(Network<double> network)
    {
        static int At(double fraction, int count) => Math.Min((int)(fraction * count), count - 1);
        var layer = At(Position.Layer, network.Layers.Count);
        var parameter = At(Position.Parameter, network.Layers[layer].Parameters.Count);
        var matrix = network.Layers[layer].Parameters[parameter];
        return (layer, parameter, At(Position.Row, matrix.RowCount), At(Position.Column, matrix.ColumnCount));
    }

    /// <summary>The test double: backpropagation, then one entry changed.</summary>
    public Gradients<double> Gradient(Network<double> network, Loss loss, Matrix<double> x, Matrix<double> y)
    {
        var gradients = Backpropagation.Run(network, loss, x, y).Gradients;
        var (layer, parameter, row, column) = Entry(network);
        var wrong = gradients.Layers[layer][parameter].Clone();
        wrong[row, column] += Wrongness * Math.Max(Math.Abs(wrong[row, column]),
            new GradientCheckOptions().Floor * GradientCheck.RoundOffScale(loss, Network.Predict(network, x), y));
        return new Gradients<double>(toSeq(gradients.Layers.Select((matrices, l) =>
            l == layer ? toSeq(matrices.Select((m, p) => p == parameter ? wrong : m)).Strict() : matrices)).Strict());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Case}, entry at {Position}, κ = {Wrongness:g3}";
}

/// <summary>Wrong derivatives on smooth networks, κ = ±10⁻⁴ … ±1, shrinking the network.</summary>
public static class WrongDerivatives
{
    /// <summary>A wrong derivative.</summary>
    public static Arbitrary<WrongDerivative> Cases()
    {
        var fraction = Gen.Choose(0, 999).Select(k => k / 1000.0);
        var gen =
            from c in CheckedNetworkCases.Smooth
            from layer in fraction
            from parameter in fraction
            from row in fraction
            from column in fraction
            from exponent in Gen.Choose(-4, 0)
            from sign in Gen.Elements(-1.0, 1.0)
            select new WrongDerivative(c, (layer, parameter, row, column), sign * Math.Pow(10, exponent));
        return Arb.From(gen, w => CheckedNetworkCases.Shrink(w.Case).Select(c => w with { Case = c }));
    }
}
