namespace FunctionalNet.Properties;

/// <summary>With a fixed dropout mask, backpropagation in training mode still agrees with finite differences.</summary>
public class DropoutProperties
{
    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool MaskedGradientEqualsCentralDifferenceOfTheMaskedLoss(NetworkCase c)
    {
        var (network, x, y) = (c.Network, c.X, c.Y);
        var masks = Dropout.Masks(network, new DropoutRates(0.5, 0.3), x.ColumnCount, c.Seed, epoch: 1, batch: 1);
        var (gradients, loss) = Backpropagation.Run(network, c.Loss, x, y, masks);
        if (Math.Abs(loss - MaskedLoss(network, c.Loss, x, y, masks)) > 1e-12 * Math.Max(1, Math.Abs(loss))) return false;
        var floor = CentralDifferences.Floor(c.Loss, MaskedOutput(network, x, masks), y);
        return CentralDifferences.WorstRelativeError(network, gradients, moved => MaskedLoss(moved, c.Loss, x, y, masks), floor) < 1e-6;
    }

    /// <summary>The loss with every layer's input multiplied by its mask, written out here rather than taken from the library's trace.</summary>
    private static double MaskedLoss(Network<double> network, Loss loss, Matrix<double> x, Matrix<double> y, DropoutMasks<double> masks) =>
        Losses.Value(loss, MaskedOutput(network, x, masks), y);

    private static Matrix<double> MaskedOutput(Network<double> network, Matrix<double> x, DropoutMasks<double> masks)
    {
        var a = x;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            a = masks.Masks[l].Match(m => a.PointwiseMultiply(m), () => a);
            a = network.Layers[l].Forward(a).A;
        }
        return a;
    }
}
