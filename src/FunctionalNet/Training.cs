namespace FunctionalNet;

/// <summary>
/// Training as a fold: <see cref="Train{T}(TrainingState{T}, TrainingData{T}, TrainingOptions)"/> folds
/// <see cref="Epoch{T}"/> over the epochs, and each epoch folds one update over its batches. <c>Scan</c> and
/// <c>Steps</c> are the same computation as lazy sequences, for progress, so watching a run cannot change its result.
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
        if (!(options.L2 >= 0) || double.IsInfinity(options.L2)) return Error.New($"the L2 coefficient λ must be a finite number ≥ 0 (got {options.L2})");
        if (options.EvaluateEvery < 1) return Error.New($"evaluate-every must be ≥ 1 epoch (got {options.EvaluateEvery})");
        if (options.EarlyStopping.Exists(e => e.Patience < 1)) return Error.New("early stopping needs a patience ≥ 1 epoch");
        return from _1 in options.Optimizer.Validate()
               from _2 in options.Schedule.Validate()
               from _3 in Dropout.Validate(options.Dropout)
               from _7 in options.Loss.Validate()
               from _4 in Fits(network, x, y, "X", "Y")
               from _5 in x.ColumnCount == 0 ? Fin<Unit>.Fail(Error.New("there are no training examples")) : unit
               from _6 in Losses.Validate(options.Loss, network.Layers.Last.OutputActivation)
               select unit;
    }

    /// <summary>Checks a run over <paramref name="data"/> from <paramref name="state"/>: the training data, the other sets, early stopping.</summary>
    public static Fin<Unit> Validate<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (options.EarlyStopping.IsSome && data.Validation.IsNone) return Error.New("early stopping needs a validation set");
        if (!options.Optimizer.Fits(state.Optimizer))
            return Error.New($"the saved optimizer state is not a state of the {options.Optimizer.Name} optimizer");
        if (state.Epoch < 0 || state.Batch < 0)
            return Error.New($"the state is at epoch {state.Epoch}, batch {state.Batch}; both count from 0");
        // Epoch and Steps skip the state's Batch batches of the plan: a position past its end would find none to do
        // and never close the epoch, so it is refused here.
        if (state.Batch > 0 && state.Batch >= options.Batching.CountFor(data.Train.X.ColumnCount))
            return Error.New($"the state is after batch {state.Batch} of epoch {state.Epoch + 1}, but an epoch of {data.Train.X.ColumnCount} examples " +
                $"in batches of {options.Batching} has {options.Batching.CountFor(data.Train.X.ColumnCount)}");
        return from _1 in Validate(state.Network, data.Train.X, data.Train.Y, options)
               from _2 in data.Validation.Map(v => Fits(state.Network, v.X, v.Y, "the validation X", "the validation Y")).IfNone(unit)
               from _3 in data.Test.Map(t => Fits(state.Network, t.X, t.Y, "the test X", "the test Y")).IfNone(unit)
               select unit;
    }

    private static Fin<Unit> Fits<T>(Network<T> network, Matrix<T> x, Matrix<T> y, string xName, string yName)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (x.ColumnCount != y.ColumnCount)
            return Error.New($"{xName} has {x.ColumnCount} examples (columns) but {yName} has {y.ColumnCount}");
        if (x.RowCount != network.Inputs) return Error.New($"the network takes {network.Inputs} inputs but {xName} has {x.RowCount} rows");
        if (y.RowCount != network.Outputs) return Error.New($"the network gives {network.Outputs} outputs but {yName} has {y.RowCount} rows");
        return unit;
    }

    /// <summary>A run that has not started: the network, the optimizer's first state, an empty history.</summary>
    public static TrainingState<T> Start<T>(Network<T> network, TrainingOptions options) where T : struct, IFloatingPointIeee754<T> =>
        new(network, options.Optimizer.Init(network), 0, 0, 0.0, Seq<EpochSummary>(), None);

    /// <summary>Trains on (X, Y) for <see cref="TrainingOptions.Epochs"/> epochs, watching nothing else.</summary>
    public static Fin<TrainingResult<T>> Train<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> => FromStart(network, x, y, options, Train);

    /// <summary>
    /// Continues from <paramref name="state"/> (from <see cref="Start{T}"/>, or a checkpoint) up to epoch
    /// <see cref="TrainingOptions.Epochs"/> or an early stop: the fold of <see cref="Epoch{T}"/>.
    /// </summary>
    public static Fin<TrainingResult<T>> Train<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(state, data, options).Map(_ => Result(
            Enumerable.Range(state.Epoch, Math.Max(0, options.Epochs - state.Epoch)).Aggregate(state, (s, _) => Epoch(s, data, options)),
            options));

    /// <summary>The same run as <see cref="Train{T}(Network{T}, Matrix{T}, Matrix{T}, TrainingOptions)"/>, lazily: the result after each epoch.</summary>
    public static Fin<IEnumerable<TrainingResult<T>>> Scan<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> => FromStart(network, x, y, options, Scan);

    /// <summary>The same run as <see cref="Train{T}(TrainingState{T}, TrainingData{T}, TrainingOptions)"/>, lazily: the result after each epoch.</summary>
    public static Fin<IEnumerable<TrainingResult<T>>> Scan<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(state, data, options).Map(_ => ScanEpochs(state, data, options));

    /// <summary>The same run, one element per update (for progress within an epoch).</summary>
    public static Fin<IEnumerable<TrainingStep<T>>> Steps<T>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> => FromStart(network, x, y, options, Steps);

    /// <summary>The same run from <paramref name="state"/>, one element per update.</summary>
    public static Fin<IEnumerable<TrainingStep<T>>> Steps<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Validate(state, data, options).Map(_ => StepsOf(state, data, options));

    /// <summary>True once the run has done all its epochs, or early stopping has run out of patience.</summary>
    public static bool Finished<T>(TrainingState<T> state, TrainingOptions options) where T : struct, IFloatingPointIeee754<T> =>
        state.Epoch >= options.Epochs ||
        options.EarlyStopping.Exists(e => state.Best.Exists(best => state.Epoch - best.Epoch >= e.Patience));

    /// <summary>
    /// The checking step function: <paramref name="step"/> itself when its loss and the network after it are finite,
    /// else a failure naming the epoch and the batch. A run that has diverged is stopped by its caller at the first
    /// failure; the last finite network is the one before that update (the previous step's, or the start's).
    /// </summary>
    public static Fin<TrainingStep<T>> Check<T>(TrainingStep<T> step) where T : struct, IFloatingPointIeee754<T>
    {
        var where = $"training diverged at epoch {step.Epoch}, batch {step.Batch}";
        if (!double.IsFinite(step.Loss)) return Error.New($"{where}: the batch loss is {Describe(step.Loss)}");
        return Network.FirstNonFinite(step.Network).Match(
            bad => Fin<TrainingStep<T>>.Fail(Error.New($"{where}: the update made {bad.Name} {Describe(double.CreateChecked(bad.Value))}")),
            () => step);
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";

    /// <summary>The network a run gives: the best by validation loss under early stopping, else the last.</summary>
    public static TrainingResult<T> Result<T>(TrainingState<T> state, TrainingOptions options) where T : struct, IFloatingPointIeee754<T> =>
        new(options.EarlyStopping.IsSome ? state.Best.Map(b => b.Network).IfNone(state.Network) : state.Network, state);

    /// <summary>
    /// One epoch (the next one, from the state's position within it): the fold of one update over the epoch's
    /// remaining batches, then its summary. A finished run is returned as it is.
    /// </summary>
    public static TrainingState<T> Epoch<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Finished(state, options)) return state;
        var plan = Batches.Plan(options.Batching, data.Train.X.ColumnCount, options.Seed, state.Epoch + 1);
        var trained = plan.Skip(state.Batch).Fold(state, (s, indices) => Update(s, data.Train, options, plan.Count, indices).State);
        return EndEpoch(trained, data, options);
    }

    /// <summary>
    /// One update on the next batch: the dropout masks of (seed, epoch, batch), backpropagation in training mode,
    /// L2's λ·W added to the weight gradients, then the optimizer's step with η from the schedule.
    /// </summary>
    public static TrainingStep<T> Update<T>(TrainingState<T> state, LabelledSet<T> train, TrainingOptions options, int batches, int[] indices)
        where T : struct, IFloatingPointIeee754<T>
    {
        var executor = Numerics.Executor.Current;
        // Z, A, dZ, the gradients and the batch copy live only inside this step, so the executor reuses their arrays in
        // the next one; the step returns only the new network and optimizer state, which are fresh arrays.
        return executor.Step(() =>
        {
            var (epoch, batch) = (state.Epoch + 1, state.Batch + 1);
            var masks = Dropout.Masks(state.Network, options.Dropout, indices.Length, options.Seed, epoch, batch);
            // Full batch uses X itself: no copy of 60,000 columns per epoch.
            var (gradients, loss) = executor.Gradient(state.Network, options.Loss, train,
                options.Batching is Batching.FullBatch ? None : Some(indices), masks);
            var learningRate = options.Schedule.LearningRate(options.LearningRate, Schedules.Time(epoch, batch, batches));
            var (optimizer, network) = options.Optimizer.Update(state.Optimizer, state.Network,
                WeightDecay.Add(gradients, state.Network, options.L2), learningRate);
            var next = state with
            {
                Network = network, Optimizer = optimizer, Batch = batch,
                LossTotal = state.LossTotal + Losses.Total(options.Loss, loss, indices.Length),
            };
            return new TrainingStep<T>(epoch, batch, batches, loss, learningRate, next);
        });
    }

    /// <summary>Closes an epoch: its summary (measuring the sets when due) and the best network so far.</summary>
    private static TrainingState<T> EndEpoch<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        var epoch = state.Epoch + 1;
        var due = epoch % options.EvaluateEvery == 0 || epoch == options.Epochs;
        Option<Evaluation> Measure(Option<LabelledSet<T>> set) =>
            due ? set.Map(s => Metrics.Evaluate(state.Network, options.Loss, s)) : None;
        var summary = new EpochSummary(epoch, Losses.FromTotal(options.Loss, state.LossTotal, data.Train.X.ColumnCount))
        {
            LearningRate = options.Schedule.LearningRate(options.LearningRate, Schedules.Time(epoch, state.Batch, state.Batch)),
            Train = Measure(Some(data.Train)),
            Validation = Measure(data.Validation),
            Test = Measure(data.Test),
        };
        var improvement = options.EarlyStopping.Map(e => e.MinimumImprovement).IfNone(0);
        var best = summary.Validation.Match(
            v => state.Best.ForAll(b => v.Loss < b.ValidationLoss - improvement) ? Some(new BestNetwork<T>(epoch, v.Loss, state.Network)) : state.Best,
            () => state.Best);
        return state with { Epoch = epoch, Batch = 0, LossTotal = 0, History = state.History.Add(summary), Best = best };
    }

    private static IEnumerable<TrainingResult<T>> ScanEpochs<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        while (!Finished(state, options))
            yield return Result(state = Epoch(state, data, options), options);
    }

    private static IEnumerable<TrainingStep<T>> StepsOf<T>(TrainingState<T> state, TrainingData<T> data, TrainingOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        while (!Finished(state, options))
        {
            var plan = Batches.Plan(options.Batching, data.Train.X.ColumnCount, options.Seed, state.Epoch + 1);
            foreach (var indices in plan.Skip(state.Batch))
            {
                var step = Update(state, data.Train, options, plan.Count, indices);
                state = step.Batch == plan.Count ? EndEpoch(step.State, data, options) : step.State;
                yield return step with { State = state };
            }
        }
    }

    // A run from the start on (X, Y) alone, watching nothing else.
    private static R FromStart<T, R>(Network<T> network, Matrix<T> x, Matrix<T> y, TrainingOptions options,
        Func<TrainingState<T>, TrainingData<T>, TrainingOptions, R> run) where T : struct, IFloatingPointIeee754<T> =>
        run(Start(network, options), new TrainingData<T>(new LabelledSet<T>(x, y)), options);
}
