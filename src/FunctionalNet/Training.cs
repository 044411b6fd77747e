namespace FunctionalNet;

/// <summary>What to train with: the loss, the step size, how long, and how to batch.</summary>
/// <param name="Loss">The cost being minimised.</param>
/// <param name="LearningRate">η in w ← w − η·∂L/∂w.</param>
/// <param name="Epochs">Passes over the training examples.</param>
/// <param name="Batching">Full batch, stochastic or mini-batches.</param>
/// <param name="Seed">Seeds the shuffles; the only source of randomness in training.</param>
public sealed record TrainingOptions(Loss Loss, double LearningRate, int Epochs, Batching Batching, int Seed = 0);

/// <summary>One epoch's record in the history.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">
/// The training loss over the epoch's batches, each measured just before its own update (the sum of batch
/// losses for a sum-reduced loss, their size-weighted mean for a mean-reduced one). For full-batch training
/// it is L(w) at the start of the epoch, as the lecture prints it.
/// </param>
public sealed record EpochSummary(int Epoch, double Loss);

/// <summary>A network with the history that produced it.</summary>
public sealed record TrainingResult<T>(Network<T> Network, Seq<EpochSummary> History) where T : struct, IFloatingPointIeee754<T>;

/// <summary>One update: the network after it, and the batch's loss measured before it.</summary>
public sealed record TrainingStep<T>(int Epoch, int Batch, int BatchesPerEpoch, Network<T> Network, double Loss)
    where T : struct, IFloatingPointIeee754<T>;

/// <summary>
/// Training as a fold: <see cref="Train{T}"/> folds <see cref="Epoch{T}"/> over the epochs, and each epoch folds
/// <see cref="Step{T}"/> over its batches. <see cref="Scan{T}"/> and <see cref="Steps{T}"/> are the same
/// computation as lazy sequences, for progress, so watching a run cannot change its result.
/// Examples are the columns of X and Y.
/// </summary>
public static class Training
{
    /// <summary>Checks the options and the data against the network.</summary>
    public static Fin<Unit> Validate<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!(options.LearningRate >= 0) || double.IsInfinity(options.LearningRate))
            return Error.New($"the learning rate must be a finite number ≥ 0 (got {options.LearningRate})");
        if (options.Epochs < 0) return Error.New($"the number of epochs must be ≥ 0 (got {options.Epochs})");
        if (options.Batching is Batching.MiniBatch { Size: < 1 } b) return Error.New($"the batch size must be ≥ 1 (got {b.Size})");
        if (x.ColumnCount != y.ColumnCount)
            return Error.New($"X has {x.ColumnCount} examples (columns) but Y has {y.ColumnCount}");
        if (x.ColumnCount == 0) return Error.New("there are no training examples");
        if (x.RowCount != network.Inputs) return Error.New($"the network takes {network.Inputs} inputs but X has {x.RowCount} rows");
        if (y.RowCount != network.Outputs) return Error.New($"the network gives {network.Outputs} outputs but Y has {y.RowCount} rows");
        return Losses.Validate(options.Loss, Layers.OutputActivation(network.Layers.Last));
    }

    /// <summary>Trains for <see cref="TrainingOptions.Epochs"/> epochs: the fold of <see cref="Epoch{T}"/>.</summary>
    public static Fin<TrainingResult<T>> Train<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(network, x, y, options).Map(_ =>
            Enumerable.Range(1, options.Epochs).Aggregate(Start(network), (result, epoch) => Epoch(result, x, y, options, epoch)));

    /// <summary>The same run as <see cref="Train{T}"/>, lazily: the result after each epoch.</summary>
    public static Fin<IEnumerable<TrainingResult<T>>> Scan<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(network, x, y, options).Map(_ => ScanEpochs(network, x, y, options));

    /// <summary>The same run, one element per update (for progress within an epoch).</summary>
    public static Fin<IEnumerable<TrainingStep<T>>> Steps<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(network, x, y, options).Map(_ => StepsOf(network, x, y, options));

    /// <summary>A run that has not started: the network and an empty history.</summary>
    public static TrainingResult<T> Start<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        new(network, Seq<EpochSummary>());

    /// <summary>One epoch: the fold of <see cref="Step{T}"/> over the epoch's batches.</summary>
    public static TrainingResult<T> Epoch<T>(TrainingResult<T> before, Matrix<T> x, Matrix<T> y, TrainingOptions options, int epoch)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (network, weightedLoss) = Batches.Plan(options.Batching, x.ColumnCount, options.Seed, epoch).Fold(
            (before.Network, 0.0),
            (state, indices) =>
            {
                using var workspace = Numerics.Workspace.Enter();   // the batch copy is a temporary of the step, too
                var (next, loss) = Step(state.Item1, BatchOf(x, indices, options.Batching), BatchOf(y, indices, options.Batching),
                    options.Loss, options.LearningRate);
                return (next, state.Item2 + (options.Loss.Reduction == Reduction.Mean ? loss * indices.Length : loss));
            });
        var epochLoss = options.Loss.Reduction == Reduction.Mean ? weightedLoss / x.ColumnCount : weightedLoss;
        return new TrainingResult<T>(network, before.History.Add(new EpochSummary(epoch, epochLoss)));
    }

    /// <summary>One update on one batch: backpropagation, then w ← w − η·∂L/∂w. Returns the loss before the update.</summary>
    public static (Network<T> Network, double Loss) Step<T>(Network<T> network, Matrix<T> x, Matrix<T> y, Loss loss, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        // Z, A, dZ and the gradients live only inside this step, so their arrays are reused by the next one.
        using var workspace = Numerics.Workspace.Enter();
        var (gradients, value) = Backpropagation.Run(network, loss, x, y);
        return (GradientDescent.Update(network, gradients, learningRate), value);
    }

    private static IEnumerable<TrainingResult<T>> ScanEpochs<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        var result = Start(network);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
            yield return result = Epoch(result, x, y, options, epoch);
    }

    private static IEnumerable<TrainingStep<T>> StepsOf<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var plan = Batches.Plan(options.Batching, x.ColumnCount, options.Seed, epoch);
            foreach (var (indices, batch) in plan.Select((indices, batch) => (indices, batch)))
            {
                (network, var loss) = Step(network, BatchOf(x, indices, options.Batching), BatchOf(y, indices, options.Batching),
                    options.Loss, options.LearningRate);
                yield return new TrainingStep<T>(epoch, batch + 1, plan.Count, network, loss);
            }
        }
    }

    // Full batch uses X itself: no copy of 60,000 columns per epoch.
    private static Matrix<T> BatchOf<T>(Matrix<T> data, int[] indices, Batching batching) where T : struct, IFloatingPointIeee754<T> =>
        batching is Batching.FullBatch ? data : Numerics.Linear.Columns(data, indices);
}
