using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>A batch taken in blocks of columns gives the gradient and loss of the whole batch, up to rounding.</summary>
public class ColumnBlockProperties
{
    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool BlockedGradientEqualsTheWholeBatchGradient(TrainingCase c, PositiveInt blockWidth)
    {
        var network = c.Network<double>();
        var (x, y) = c.Batch<double>();
        var width = 1 + (blockWidth.Get - 1) % c.Examples;
        var (whole, wholeLoss) = Backpropagation.Run(network, c.Loss, x, y);
        var (blocked, blockedLoss) = ColumnBlocks.Sum(network.Parameters, x.ColumnCount, width, c.Loss.Reduction == Reduction.Mean,
            (start, count) => Backpropagation.Run(network, c.Loss, Linear.ColumnRange(x, start, count), Linear.ColumnRange(y, start, count)).WithoutInputGradient);
        // The oracle for the size of the rounding: the same sum over single examples, in absolute values. Both
        // results add up the same per-example terms in different orders, each with a few dozen roundings.
        var (magnitude, lossMagnitude) = ColumnBlocks.Sum(network.Parameters, x.ColumnCount, 1, c.Loss.Reduction == Reduction.Mean,
            (start, count) => Absolute(Backpropagation.Run(network, c.Loss, Linear.ColumnRange(x, start, count), Linear.ColumnRange(y, start, count))));
        const double tolerance = 1e-12;
        return Math.Abs(blockedLoss - wholeLoss) <= tolerance * lossMagnitude
            && whole.Layers.Zip(blocked.Layers).Zip(magnitude.Layers).All(l => l.Item1.Item1.Zip(l.Item1.Item2).Zip(l.Item2).All(p =>
                (p.Item1.Item1 - p.Item1.Item2).PointwiseAbs().ToColumnMajorArray()
                    .Zip(p.Item2.ToColumnMajorArray()).All(e => e.Item1 <= tolerance * e.Item2 + 1e-300)));
    }

    private static (Gradients<double>, double) Absolute(BatchGradient<double> result) =>
        (new Gradients<double>(result.Gradients.Layers.Map(l => l.Map(g => g.PointwiseAbs()).Strict()).Strict()), Math.Abs(result.Loss));
}
