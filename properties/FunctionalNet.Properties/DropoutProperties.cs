namespace FunctionalNet.Properties;

/// <summary>With a fixed dropout mask, backpropagation in training mode still agrees with finite differences.</summary>
public class DropoutProperties
{
    private const double Step = 1e-5;
    private const double Floor = 1e-4;   // as in GradientProperties: relative error above the floor, absolute below

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool MaskedGradientEqualsCentralDifferenceOfTheMaskedLoss(NetworkCase c)
    {
        var (network, x, y) = (c.Network, c.X, c.Y);
        var masks = Dropout.Masks(network, new DropoutRates(0.5, 0.3), x.ColumnCount, c.Seed, epoch: 1, batch: 1);
        var (gradients, loss) = Backpropagation.Run(network, c.Loss, x, y, masks);
        if (Math.Abs(loss - MaskedLoss(network, c.Loss, x, y, masks)) > 1e-12 * Math.Max(1, Math.Abs(loss))) return false;
        var worst = 0.0;
        for (var l = 0; l < network.Layers.Count; l++)
            for (var p = 0; p < network.Layers[l].Parameters.Count; p++)
            {
                var parameter = network.Layers[l].Parameters[p];
                for (var i = 0; i < parameter.RowCount; i++)
                    for (var j = 0; j < parameter.ColumnCount; j++)
                    {
                        var numeric = (MaskedLoss(Moved(network, l, p, i, j, +Step), c.Loss, x, y, masks)
                                       - MaskedLoss(Moved(network, l, p, i, j, -Step), c.Loss, x, y, masks)) / (2 * Step);
                        var analytic = gradients.Layers[l][p][i, j];
                        worst = Math.Max(worst, Math.Abs(analytic - numeric) / Math.Max(Floor, Math.Max(Math.Abs(analytic), Math.Abs(numeric))));
                    }
            }
        return worst < 1e-6;
    }

    /// <summary>The loss with every layer's input multiplied by its mask, written out here rather than taken from the library's trace.</summary>
    private static double MaskedLoss(Network<double> network, Loss loss, Matrix<double> x, Matrix<double> y, DropoutMasks<double> masks)
    {
        var a = x;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            a = masks.Masks[l].Match(m => a.PointwiseMultiply(m), () => a);
            a = Layers.Forward(network.Layers[l], a).A;
        }
        return Losses.Value(loss, a, y);
    }

    private static Network<double> Moved(Network<double> network, int layer, int parameter, int i, int j, double delta)
    {
        var copy = network.Layers[layer].Parameters[parameter].Clone();
        copy[i, j] += delta;
        return network.WithParameters(toSeq(network.Parameters.Select((ps, l) =>
            l == layer ? toSeq(ps.Select((m, p) => p == parameter ? copy : m)).Strict() : ps)).Strict());
    }
}
