namespace FunctionalNet.Lessons;

/// <summary>A network to train on a plane dataset: everything a playground run is a function of.</summary>
/// <param name="Dataset">One of <see cref="PlaneDatasets.Names"/>.</param>
/// <param name="Points">How many points (the lecture's dataset always has 4).</param>
/// <param name="Noise">Standard deviation added to each coordinate.</param>
/// <param name="Hidden">Units of each hidden layer (none: a single sigmoid neuron).</param>
/// <param name="Activation">The hidden layers' activation; the output is one sigmoid unit.</param>
/// <param name="Loss">The cost: bce, mse or half-sse.</param>
/// <param name="Optimizer">How gradients become steps.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Batching">Full batch, stochastic or mini-batches.</param>
/// <param name="Seed">Seeds the data, the first weights and the shuffles.</param>
public sealed record PlaygroundConfig(string Dataset, int Points, double Noise, Seq<int> Hidden, Activation Activation, Loss Loss,
    Optimizer Optimizer, double LearningRate, Batching Batching, int Seed);

/// <summary>The loss and accuracy of the network on all the points, at one epoch.</summary>
public sealed record PlaygroundMeasure(double Loss, double Accuracy);

/// <summary>A playground run after some epochs: its state, and the loss and accuracy after every epoch so far.</summary>
/// <param name="Config">What is trained.</param>
/// <param name="Data">The points.</param>
/// <param name="Options">How it is trained.</param>
/// <param name="State">The training state (network, optimizer state, epoch).</param>
/// <param name="Curve">The measures at epoch 0 (the first weights), 1, …, State.Epoch.</param>
/// <param name="Diverged">A step made a parameter infinite or NaN: the run stopped before it.</param>
public sealed record PlaygroundRun(PlaygroundConfig Config, PlaneData Data, TrainingOptions Options, TrainingState<double> State,
    Seq<PlaygroundMeasure> Curve, bool Diverged);

/// <summary>What the network computes over the window, on a grid of points.</summary>
/// <param name="Axis">The grid's coordinates on each axis, from low to high.</param>
/// <param name="Output">ŷ at (Axis[j], Axis[i]) at index i·n + j.</param>
/// <param name="Hidden">Per hidden layer, per unit, its activation on the same grid.</param>
public sealed record PlaygroundMaps(Seq<double> Axis, Seq<double> Output, Seq<Seq<Seq<double>>> Hidden);

/// <summary>
/// The 2-D playground: a small network on a plane dataset, trained by the library's <see cref="Training"/> one epoch at
/// a time. A run is a pure function of its <see cref="PlaygroundConfig"/> and its epoch: advancing a run k epochs
/// gives the same state as training from the seed to that epoch, so a caller may keep runs to continue them or
/// compute them anew.
/// </summary>
public static class Playground
{
    /// <summary>The most hidden layers.</summary>
    public const int MaxHiddenLayers = 6;

    /// <summary>The most units in a hidden layer.</summary>
    public const int MaxUnits = 8;

    /// <summary>The most epochs a run trains.</summary>
    public const int MaxEpochs = 10_000;

    /// <summary>The losses that fit a sigmoid output.</summary>
    public static readonly IReadOnlyList<string> LossNames = ["bce", "mse", "half-sse"];

    /// <summary>Checks the configuration and draws the data and the first weights: epoch 0.</summary>
    public static Fin<PlaygroundRun> Start(PlaygroundConfig config)
    {
        if (config.Hidden.Count > MaxHiddenLayers) return Error.New($"at most {MaxHiddenLayers} hidden layers (got {config.Hidden.Count})");
        if (config.Hidden.Exists(u => u < 1 || u > MaxUnits)) return Error.New($"a hidden layer has 1 to {MaxUnits} units (got {string.Join(",", config.Hidden)})");
        if (!LossNames.Contains(config.Loss.Name)) return Error.New($"the loss must be one of {string.Join(", ", LossNames)} (got {config.Loss.Name})");
        if (config.Activation is Activation.Softmax) return Error.New("softmax is an output activation, not a hidden one");
        if (!(config.LearningRate > 0 && config.LearningRate <= 10)) return Error.New($"the learning rate must be in (0, 10] (got {config.LearningRate})");
        var options = new TrainingOptions(config.Loss, config.LearningRate, MaxEpochs, config.Batching, config.Seed)
        {
            Optimizer = config.Optimizer,
            EvaluateEvery = MaxEpochs,   // the run measures itself on all the points after each epoch (Measure)
        };
        var sizes = toSeq(new[] { 2 }).Concat(config.Hidden).Concat(new[] { 1 }).ToArray();
        var initializer = config.Activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU ? (Initializer)new Initializer.He() : new Initializer.Glorot();
        return from data in PlaneDatasets.Generate(config.Dataset, config.Points, config.Noise, config.Seed)
               from specs in LayerSpec.Stack(sizes, config.Activation, new Activation.Sigmoid())
               from network in Initialization.Create<double>(specs, initializer, config.Seed)
               from _ in Training.Validate(network, data.X, data.Y, options)
               select new PlaygroundRun(config, data, options, Training.Start(network, options), Seq1(Measure(network, config.Loss, data)), false);
    }

    /// <summary>The run <paramref name="epochs"/> epochs further on (fewer if it reaches <see cref="MaxEpochs"/> or diverges).</summary>
    public static PlaygroundRun Advance(PlaygroundRun run, int epochs)
    {
        var training = new TrainingData<double>(new LabelledSet<double>(run.Data.X, run.Data.Y));
        for (var k = 0; k < epochs && !run.Diverged && run.State.Epoch < MaxEpochs; k++)
        {
            var next = Training.Epoch(run.State, training, run.Options);
            run = Network.FirstNonFinite(next.Network).IsSome
                ? run with { Diverged = true }
                : run with { State = next, Curve = run.Curve.Add(Measure(next.Network, run.Config.Loss, run.Data)) };
        }
        return run;
    }

    /// <summary>
    /// The work of one epoch, in the units of <see cref="Limits.TrainingWork"/>, plus a fixed cost per update: on networks
    /// this small the bookkeeping of an update outweighs its arithmetic.
    /// </summary>
    public static double EpochWork(PlaygroundRun run)
    {
        var examples = run.Data.X.ColumnCount;
        return Limits.TrainingWork(1, examples, run.State.Network.ParameterCount) + 200_000.0 * run.Options.Batching.CountFor(examples);
    }

    /// <summary>Loss and accuracy (ŷ &gt; 0.5 means 1) on all the points.</summary>
    public static PlaygroundMeasure Measure(Network<double> network, Loss loss, PlaneData data)
    {
        var predictions = Network.Predict(network, data.X);
        var correct = Enumerable.Range(0, data.X.ColumnCount).Count(j => (predictions[0, j] > 0.5 ? 1 : 0) == (int)data.Y[0, j]);
        return new PlaygroundMeasure(Network.Cost(network, loss, data.X, data.Y), (double)correct / data.X.ColumnCount);
    }

    /// <summary>The output and every hidden unit on a <paramref name="resolution"/>² grid over the data's window.</summary>
    public static PlaygroundMaps Maps(Network<double> network, PlaneData data, int resolution)
    {
        var n = Math.Clamp(resolution, 2, 200);
        var axis = toSeq(Enumerable.Range(0, n).Select(i => data.Low + (data.High - data.Low) * i / (n - 1))).Strict();
        var grid = Matrix<double>.Build.Dense(2, n * n, (r, k) => r == 0 ? axis[k % n] : axis[k / n]);
        var trace = Network.Forward(network, grid);
        Seq<double> Row(Matrix<double> a, int unit) => toSeq(a.Row(unit).ToArray()).Strict();
        var hidden = toSeq(trace.Layers.Take(trace.Layers.Count - 1).Select(layer =>
            toSeq(Enumerable.Range(0, layer.A.RowCount).Select(u => Row(layer.A, u))).Strict())).Strict();
        return new PlaygroundMaps(axis, Row(trace.Output, 0), hidden);
    }
}
