namespace FunctionalNet.Properties;

/// <summary>Training is a pure function: it never changes its input, does nothing in zero epochs, and repeats exactly.</summary>
public class TrainingProperties
{
    private static TrainingOptions Options(NetworkCase c, int epochs) =>
        new(c.Loss, 0.1, epochs, c.Examples > 2 ? new Batching.MiniBatch(2) : new Batching.Stochastic(), c.Seed);

    private static Network<double> Trained(NetworkCase c, Network<double> network, int epochs) =>
        Training.Train(network, c.X, c.Y, Options(c, epochs)).Match(r => r.Network, e => throw new InvalidOperationException(e.Message));

    private static double[][] Snapshot(Network<double> network) =>
        network.Parameters.SelectMany(layer => layer.Select(p => p.ToColumnMajorArray())).ToArray();

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool TrainingNeverChangesItsInput(NetworkCase c)
    {
        var network = c.Network;
        var (x, y) = (c.X, c.Y);
        var before = (Snapshot(network), x.ToColumnMajorArray(), y.ToColumnMajorArray());
        _ = Training.Train(network, x, y, Options(c, 3));
        return Snapshot(network).Zip(before.Item1).All(p => p.Item1.SequenceEqual(p.Item2))
            && x.ToColumnMajorArray().SequenceEqual(before.Item2) && y.ToColumnMajorArray().SequenceEqual(before.Item3);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ZeroEpochsReturnTheInputNetwork(NetworkCase c) => Trained(c, c.Network, 0).Equals(c.Network);

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool TheSameSeedTwiceGivesTheSameBits(NetworkCase c) =>
        Trained(c, c.Network, 3).Equals(Trained(c, c.Network, 3)) && c.Network.Equals(c.Network);

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool TheLazyScanEndsWhereTheFoldEnds(NetworkCase c)
    {
        var scan = Training.Scan(c.Network, c.X, c.Y, Options(c, 3)).Match(s => s.ToList(), e => throw new InvalidOperationException(e.Message));
        var fold = Training.Train(c.Network, c.X, c.Y, Options(c, 3)).Match(r => r, e => throw new InvalidOperationException(e.Message));
        return scan.Count == 3 && scan[^1].Network.Equals(fold.Network) && scan[^1].History.SequenceEqual(fold.History);
    }
}
