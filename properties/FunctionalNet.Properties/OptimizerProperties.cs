namespace FunctionalNet.Properties;

/// <summary>Every optimizer, with and without dropout and L2: training stays a pure, resumable function.</summary>
public class OptimizerProperties
{
    private static TrainingData<double> Data(NetworkCase c) => new(new LabelledSet<double>(c.X, c.Y));

    private static double[][] Snapshot(Network<double> network) =>
        network.Parameters.SelectMany(layer => layer.Select(p => p.ToColumnMajorArray())).ToArray();

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryOptimizerWithZeroLearningRateLeavesTheNetworkUnchanged(TrainingCase t)
    {
        var network = t.Case.Network;
        var options = t.Options(learningRate: 0);
        var result = Training.Train(Training.Start(network, options), Data(t.Case), options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        return result.Network.Equals(network) && result.State.Optimizer.Step == result.History.Count * Batches.Plan(options.Batching, t.Case.Examples, 0, 1).Count;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool TrainingNeverChangesItsInputWithAnyOptimizer(TrainingCase t)
    {
        var network = t.Case.Network;
        var (x, y) = (t.Case.X, t.Case.Y);
        var before = (Snapshot(network), x.ToColumnMajorArray(), y.ToColumnMajorArray());
        var options = t.Options(learningRate: 0.1);
        var start = Training.Start(network, options);
        _ = Training.Train(start, new TrainingData<double>(new LabelledSet<double>(x, y)), options);
        return Snapshot(network).Zip(before.Item1).All(p => p.Item1.SequenceEqual(p.Item2))
            && x.ToColumnMajorArray().SequenceEqual(before.Item2) && y.ToColumnMajorArray().SequenceEqual(before.Item3)
            && start.Optimizer.Buffers.ForAll(b => b.Value.Layers.ForAll(l => l.ForAll(m => m.Enumerate().All(v => v == 0))));
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ResumingAfterAnyUpdateEndsWhereTheUninterruptedRunEnds(TrainingCase t)
    {
        var options = t.Options(learningRate: 0.1);
        var start = Training.Start(t.Case.Network, options);
        var whole = Training.Train(start, Data(t.Case), options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        var steps = Training.Steps(start, Data(t.Case), options).Match(s => s.ToList(), e => throw new InvalidOperationException(e.Message));
        var cut = steps[t.Cut % steps.Count];
        var resumed = Training.Train(cut.State, Data(t.Case), options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        return resumed.Network.Equals(whole.Network) && resumed.History.SequenceEqual(whole.History)
            && resumed.State.Optimizer.Step == whole.State.Optimizer.Step;
    }
}
