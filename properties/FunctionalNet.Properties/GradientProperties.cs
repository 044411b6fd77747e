namespace FunctionalNet.Properties;

/// <summary>Backpropagation agrees with finite differences, computed here independently of the library.</summary>
public class GradientProperties
{
    private const double Step = 1e-5;

    // The numeric derivative carries a round-off error of a few ε·S/2h, where S is the scale of the rounding in C
    // (GradientCheck.RoundOffScale: |C| plus the outputs' sensitivities), so a relative error is only meaningful for
    // entries well above that: entries below 3e-3·S are held to an absolute error of 3e-3·S × 1e-6 instead. This is
    // the gradient checker's documented floor; the difference itself is computed here, independently.
    private const double Floor = 3e-3;

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool AnalyticGradientEqualsCentralDifference(NetworkCase c)
    {
        var (network, x, y) = (c.Network, c.X, c.Y);
        var (gradients, _) = Backpropagation.Run(network, c.Loss, x, y);
        var floor = Floor * GradientCheck.RoundOffScale(c.Loss, Network.Predict(network, x), y);
        var worst = 0.0;
        for (var l = 0; l < network.Layers.Count; l++)
            for (var p = 0; p < network.Layers[l].Parameters.Count; p++)
            {
                var parameter = network.Layers[l].Parameters[p];
                for (var i = 0; i < parameter.RowCount; i++)
                    for (var j = 0; j < parameter.ColumnCount; j++)
                    {
                        var numeric = (LossWith(network, c.Loss, x, y, l, p, i, j, +Step) - LossWith(network, c.Loss, x, y, l, p, i, j, -Step)) / (2 * Step);
                        var analytic = gradients.Layers[l][p][i, j];
                        worst = Math.Max(worst, Math.Abs(analytic - numeric) / Math.Max(floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric))));
                    }
            }
        return worst < 1e-6;
    }

    /// <summary>L(θ) with one entry of one parameter moved by <paramref name="delta"/>, on a copy.</summary>
    private static double LossWith(Network<double> network, Loss loss, Matrix<double> x, Matrix<double> y, int layer, int parameter, int i, int j, double delta)
    {
        var copy = network.Layers[layer].Parameters[parameter].Clone();
        copy[i, j] += delta;
        var moved = network.WithParameters(toSeq(network.Parameters.Select((ps, l) =>
            l == layer ? toSeq(ps.Select((m, p) => p == parameter ? copy : m)).Strict() : ps)).Strict());
        return Backpropagation.LossOf(moved, loss, x, y);
    }
}
