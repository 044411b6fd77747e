namespace FunctionalNet.Properties;

/// <summary>
/// The checking step function: a step passes exactly when its loss and every parameter after it are finite, and a
/// failure names the epoch, the batch and the first non-finite thing (the loss, else the first parameter holding one).
/// </summary>
public class DivergenceProperties
{
    private static readonly double[] NonFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static TrainingStep<double> StepWith(Network<double> network, double loss, int epoch, int batch) =>
        new(epoch, batch, batch + 1, loss, 0.1, new TrainingState<double>(network, new OptimizerState<double>.Plain(1), epoch - 1, batch, 0, Seq<EpochSummary>(), None));

    /// <summary>The network with entry <paramref name="position"/> (counting W1, b1, W2, … column-major) set to <paramref name="value"/>, and that parameter's name.</summary>
    private static (Network<double> Network, string Name) WithEntry(Network<double> network, int position, double value)
    {
        var names = network.ParameterNames.Bind(n => n).ToArray();
        var sizes = network.Parameters.Bind(p => p).Map(p => p.RowCount * p.ColumnCount).ToArray();
        var k = position % sizes.Sum();
        var index = 0;
        while (k >= sizes[index]) k -= sizes[index++];
        var counter = 0;
        var changed = network.WithParameters(network.Parameters.Map(layer => layer.Map(p =>
        {
            var copy = p.Clone();
            if (counter++ == index) copy[k % p.RowCount, k / p.RowCount] = value;
            return copy;
        }).Strict()).Strict());
        return (changed, names[index]);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool AFiniteStepPassesUnchanged(NetworkCase c, PositiveInt epoch, PositiveInt batch)
    {
        var step = StepWith(c.Network, 0.25, epoch.Get, batch.Get);
        return Training.Check(step).Match(s => ReferenceEquals(s, step), _ => false);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ANonFiniteParameterFailsNamingItsEpochBatchAndParameter(NetworkCase c, PositiveInt position, byte kind, PositiveInt epoch, PositiveInt batch)
    {
        var (network, name) = WithEntry(c.Network, position.Get, NonFinite[kind % 3]);
        return Training.Check(StepWith(network, 0.25, epoch.Get, batch.Get)).Match(_ => false, e =>
            e.Message.StartsWith($"training diverged at epoch {epoch.Get}, batch {batch.Get}: the update made {name} ", StringComparison.Ordinal));
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ANonFiniteLossFailsBeforeTheParametersAreLookedAt(NetworkCase c, PositiveInt position, byte kind)
    {
        var (network, _) = WithEntry(c.Network, position.Get, NonFinite[kind % 3]);
        return Training.Check(StepWith(network, NonFinite[(kind / 3) % 3], 2, 5)).Match(_ => false, e =>
            e.Message.StartsWith("training diverged at epoch 2, batch 5: the batch loss is ", StringComparison.Ordinal));
    }
}
