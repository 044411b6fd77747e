namespace FunctionalNet.Numerics;

/// <summary>
/// A fixed inference job whose speed is measured: the test images through a trained network's forward pass, cut into
/// batches of <paramref name="Batch"/> columns. The network is <paramref name="TrainingWorkload"/>'s, trained for one epoch on
/// the training set: a pass's speed depends on how many of each layer's inputs are zero, and a ReLU layer's zeros
/// depend on its weights, so the weights are trained ones rather than freshly drawn.
/// </summary>
/// <param name="Name">The name printed by the benchmark, e.g. <c>inference-batch1</c>.</param>
/// <param name="Batch">Images per call of the forward pass.</param>
/// <param name="TrainingWorkload">The training workload whose network (and precision) is timed.</param>
public sealed record InferenceWorkload(string Name, int Batch, Workload TrainingWorkload)
{
    /// <summary>The precision of the network and the images.</summary>
    public Precision Precision => TrainingWorkload.Precision;

    /// <summary>
    /// The network timed: <see cref="TrainingWorkload"/>'s network drawn from <paramref name="seed"/> after one epoch of its
    /// training on <paramref name="train"/> (shuffled with the same seed).
    /// </summary>
    public Fin<Network<T>> Network<T>(LabelledSet<T> train, int seed) where T : struct, IFloatingPointIeee754<T>
    {
        var options = TrainingWorkload.Options(seed);
        return TrainingWorkload.Network<T>(seed)
            .Bind(network => Training.Validate(network, train.X, train.Y, options).Map(_ => network))
            .Map(network => Training.Epoch(Training.Start(network, options), new TrainingData<T>(train), options).Network);
    }
}
