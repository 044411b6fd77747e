namespace FunctionalNet.Properties;

/// <summary>
/// Central differences computed here, independently of the library's checker: (C(θ + h) − C(θ − h)) / 2h for every
/// entry of every parameter, compared with an analytic gradient.
/// </summary>
public static class CentralDifferences
{
    /// <summary>The step h.</summary>
    public const double Step = 1e-5;

    // The numeric derivative carries a round-off error of a few ε·S/2h, where S is the scale of the rounding in C
    // (GradientCheck.RoundOffScale: |C| plus the outputs' sensitivities), so a relative error is only meaningful for
    // entries well above that: entries below 3e-3·S are held to an absolute error of 3e-3·S × the bound instead.
    // This is the gradient checker's documented floor.
    private const double FloorPerScale = 3e-3;

    /// <summary>The floor of the relative error for a loss whose outputs are <paramref name="output"/>.</summary>
    public static double Floor(Loss loss, Matrix<double> output, Matrix<double> y) => FloorPerScale * GradientCheck.RoundOffScale(loss, output, y);

    /// <summary>The largest |a − n| / max(|a|, |n|, floor) over every entry, with n from <paramref name="lossOf"/>.</summary>
    public static double WorstRelativeError(Network<double> network, Gradients<double> gradients, Func<Network<double>, double> lossOf, double floor)
    {
        var worst = 0.0;
        for (var l = 0; l < network.Layers.Count; l++)
            for (var p = 0; p < network.Layers[l].Parameters.Count; p++)
            {
                var parameter = network.Layers[l].Parameters[p];
                for (var i = 0; i < parameter.RowCount; i++)
                    for (var j = 0; j < parameter.ColumnCount; j++)
                    {
                        var numeric = (lossOf(Moved(network, l, p, i, j, +Step)) - lossOf(Moved(network, l, p, i, j, -Step))) / (2 * Step);
                        var analytic = gradients.Layers[l][p][i, j];
                        worst = Math.Max(worst, Math.Abs(analytic - numeric) / Math.Max(floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric))));
                    }
            }
        return worst;
    }

    /// <summary>The network with one entry of one parameter moved by <paramref name="delta"/>, on a copy.</summary>
    public static Network<double> Moved(Network<double> network, int layer, int parameter, int i, int j, double delta)
    {
        var copy = network.Layers[layer].Parameters[parameter].Clone();
        copy[i, j] += delta;
        return network.WithParameters(toSeq(network.Parameters.Select((ps, l) =>
            l == layer ? toSeq(ps.Select((m, p) => p == parameter ? copy : m)).Strict() : ps)).Strict());
    }
}
