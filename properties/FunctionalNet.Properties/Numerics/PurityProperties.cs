namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// The fast numerics reuse arrays inside a training step, yet the public functions stay pure: they never change
/// their inputs, and nothing they return is ever overwritten by a later call.
/// </summary>
public class PurityProperties
{
    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool ForwardBackpropagationUpdateAndTrainingNeverChangeTheirInputs(TrainingCase c) =>
        c.Double ? NeverChangeInputs<double>(c) : NeverChangeInputs<float>(c);

    private static bool NeverChangeInputs<T>(TrainingCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var network = c.Network<T>();
        var (x, y) = c.Batch<T>();
        var before = Snapshot(network, x, y);
        _ = Network.Forward(network, x);
        _ = Network.Predict(network, x);
        var (gradients, _) = Backpropagation.Run(network, c.Loss, x, y);
        var gradientsBefore = gradients.Layers.SelectMany(l => l.Select(g => g.ToColumnMajorArray())).ToArray();
        _ = GradientDescent.Update(network, gradients, 0.1);
        _ = Training.Train(network, x, y, c.Options(2));
        return Same(before, Snapshot(network, x, y))
            && gradients.Layers.SelectMany(l => l.Select(g => g.ToColumnMajorArray())).Zip(gradientsBefore).All(p => p.Item1.SequenceEqual(p.Item2));
    }

    [Property(Arbitrary = [typeof(NumericsArbitraries)])]
    public bool AResultIsNeverOverwrittenByTheNextRun(TrainingCase c) =>
        c.Double ? ResultsSurvive<double>(c) : ResultsSurvive<float>(c);

    // Train, train something else on the same thread (it reuses the step arrays), train the first again: the two
    // results of the first run must be equal bit for bit, and only compared (read) after the other runs.
    private static bool ResultsSurvive<T>(TrainingCase c) where T : struct, IFloatingPointIeee754<T>
    {
        var (x, y) = c.Batch<T>();
        var first = Training.Train(c.Network<T>(), x, y, c.Options(2)).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var other = c with { Seed = c.Seed + 1 };
        var (otherX, otherY) = other.Batch<T>();
        _ = Training.Train(other.Network<T>(), otherX, otherY, other.Options(2));
        var (gradients, loss) = Backpropagation.Run(first.Network, c.Loss, x, y);
        var again = Training.Train(c.Network<T>(), x, y, c.Options(2)).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var (gradientsAgain, lossAgain) = Backpropagation.Run(again.Network, c.Loss, x, y);
        return first.Network.Equals(again.Network) && first.History.SequenceEqual(again.History)
            && loss.Equals(lossAgain) && gradients.Layers.Zip(gradientsAgain.Layers).All(l => l.Item1.Zip(l.Item2).All(g => FunctionalNet.Numerics.Linear.BitwiseEqual(g.Item1, g.Item2)));
    }

    private static double[][] Snapshot<T>(Network<T> network, Matrix<T> x, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        [.. network.Parameters.SelectMany(layer => layer.Select(Bits)), Bits(x), Bits(y)];

    private static double[] Bits<T>(Matrix<T> m) where T : struct, IFloatingPointIeee754<T> =>
        m.ToColumnMajorArray().Select(v => double.CreateChecked(v)).ToArray();

    private static bool Same(double[][] first, double[][] second) =>
        first.Length == second.Length && first.Zip(second).All(p => p.Item1.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(p.Item2.Select(BitConverter.DoubleToInt64Bits)));
}
