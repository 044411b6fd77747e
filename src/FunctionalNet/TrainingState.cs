namespace FunctionalNet;

/// <summary>One epoch's record in the history.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">
/// The training loss over the epoch's batches, each measured just before its own update (the sum of batch
/// losses for a sum-reduced loss, their size-weighted mean for a mean-reduced one), with dropout active if set.
/// For full-batch training it is L(w) at the start of the epoch, as the lecture prints it.
/// </param>
public sealed record EpochSummary(int Epoch, double Loss)
{
    /// <summary>η of the epoch's last update.</summary>
    public double LearningRate { get; init; }

    /// <summary>The network at the end of the epoch on the training set (when the epoch was evaluated).</summary>
    public Option<Evaluation> Train { get; init; }

    /// <summary>The same on the validation set, if there is one.</summary>
    public Option<Evaluation> Validation { get; init; }

    /// <summary>The same on the test set, if there is one: watched, never used to choose.</summary>
    public Option<Evaluation> Test { get; init; }
}

/// <summary>What a run trains on and what it watches.</summary>
/// <param name="Train">The examples the gradients come from.</param>
/// <param name="Validation">Examples held out for choosing (early stopping, the best epoch).</param>
/// <param name="Test">Examples only reported.</param>
public sealed record TrainingData<T>(LabelledSet<T> Train, Option<LabelledSet<T>> Validation = default, Option<LabelledSet<T>> Test = default)
    where T : struct, IFloatingPointIeee754<T>;

/// <summary>The network with the lowest validation loss so far.</summary>
public sealed record BestNetwork<T>(int Epoch, double ValidationLoss, Network<T> Network) where T : struct, IFloatingPointIeee754<T>;

/// <summary>
/// Everything needed to continue a run exactly where it stopped: the fold's accumulator. Together with the options
/// and the data it determines the rest of the run, because the batches, the dropout masks and the learning rate are
/// pure functions of (seed, epoch, batch).
/// </summary>
/// <param name="Network">The network after the last update.</param>
/// <param name="Optimizer">The optimizer's state after the last update.</param>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Batch">Batches of epoch <paramref name="Epoch"/> + 1 completed (0 between epochs).</param>
/// <param name="LossTotal">The summed batch losses (<see cref="Losses.Total"/>) of those batches.</param>
/// <param name="History">One summary per completed epoch.</param>
/// <param name="Best">The best network by validation loss, when there is a validation set.</param>
public sealed record TrainingState<T>(
    Network<T> Network, OptimizerState<T> Optimizer, int Epoch, int Batch, double LossTotal,
    Seq<EpochSummary> History, Option<BestNetwork<T>> Best) where T : struct, IFloatingPointIeee754<T>;

/// <summary>What a run gives: the network to use, and the state it ended in.</summary>
/// <param name="Network">The trained network: the best by validation loss under early stopping, else the last.</param>
/// <param name="State">The state after the last epoch, to resume or checkpoint.</param>
public sealed record TrainingResult<T>(Network<T> Network, TrainingState<T> State) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>One summary per epoch trained.</summary>
    public Seq<EpochSummary> History => State.History;
}

/// <summary>One update: the batch's loss (measured before it), its η, and the state after it.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">1-based batch within the epoch.</param>
/// <param name="BatchesPerEpoch">Batches in the epoch.</param>
/// <param name="Loss">The batch's loss before the update.</param>
/// <param name="LearningRate">η of the update.</param>
/// <param name="State">The state after the update (after the epoch's summary, for its last batch).</param>
public sealed record TrainingStep<T>(int Epoch, int Batch, int BatchesPerEpoch, double Loss, double LearningRate, TrainingState<T> State)
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The network after the update.</summary>
    public Network<T> Network => State.Network;
}
