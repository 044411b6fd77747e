namespace FunctionalNet.Properties;

/// <summary>Backpropagation agrees with finite differences, computed here independently of the library.</summary>
public class GradientProperties
{
    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool AnalyticGradientEqualsCentralDifference(NetworkCase c)
    {
        var (network, x, y) = (c.Network, c.X, c.Y);
        var (gradients, _) = Backpropagation.Run(network, c.Loss, x, y);
        var floor = CentralDifferences.Floor(c.Loss, Network.Predict(network, x), y);
        return CentralDifferences.WorstRelativeError(network, gradients, moved => Network.Cost(moved, c.Loss, x, y), floor) < 1e-6;
    }
}
