using MathNet.Numerics.Distributions;

namespace FunctionalNet.Lessons;

/// <summary>
/// The descent lesson's inputs: a classification data set (examples as columns, one-hot targets) and the network and
/// training settings shared by the three variants. <see cref="Synthetic"/> makes a seeded data set; any other
/// (such as a seeded MNIST subset) can be passed instead.
/// </summary>
/// <param name="Inputs">X, features × examples.</param>
/// <param name="Targets">Y, classes × examples, one-hot.</param>
/// <param name="Hidden">Sigmoid units of the one hidden layer; the output is a softmax, the loss cross-entropy.</param>
/// <param name="LearningRate">η, the same for every variant.</param>
/// <param name="Epochs">Passes over the data, the same for every variant.</param>
/// <param name="MiniBatchSize">The mini-batch variant's batch size.</param>
/// <param name="Seed">Seeds the first weights (the same for every variant) and the shuffles.</param>
public sealed record DescentOptions(Matrix<double> Inputs, Matrix<double> Targets, int Hidden = 16, double LearningRate = 0.5,
    int Epochs = 20, int MiniBatchSize = 32, int Seed = 0)
{
    /// <summary>The lesson on <see cref="DescentLesson.SyntheticClasses"/> with its defaults.</summary>
    public static DescentOptions Synthetic(int seed = 0)
    {
        var (x, y) = DescentLesson.SyntheticClasses(seed: seed);
        return new DescentOptions(x, y, Seed: seed);
    }
}

/// <summary>One variant's run.</summary>
/// <param name="Batching">Full batch, stochastic (one example per update) or mini-batch.</param>
/// <param name="CostPerEpoch">The cost on the whole data set before training and after each epoch.</param>
/// <param name="CostPerUpdate">The cost of each update's own batch, measured just before the update: noisy for small batches.</param>
/// <param name="Accuracy">The fraction of examples whose largest output is the right class, after training.</param>
public sealed record DescentRun(Batching Batching, Seq<double> CostPerEpoch, Seq<double> CostPerUpdate, double Accuracy)
{
    /// <summary>How many times the weights changed.</summary>
    public int Updates => CostPerUpdate.Count;
}

/// <summary>
/// Lesson 7: batch, stochastic and mini-batch gradient descent on the same data from the same first weights. Batch
/// descent makes one smooth step per epoch; stochastic descent makes one noisy step per example; mini-batches sit
/// between. The shell times each run (the core has no clock).
/// </summary>
public static class DescentLesson
{
    /// <summary>The three variants, in the lecture's order.</summary>
    public static Seq<Batching> Variants(DescentOptions options) =>
        Seq<Batching>(new Batching.FullBatch(), new Batching.Stochastic(), new Batching.MiniBatch(options.MiniBatchSize));

    /// <summary>Refuses settings no variant can run.</summary>
    public static Fin<DescentOptions> Validate(DescentOptions options)
    {
        if (options.Epochs < 1) return Error.New($"the number of epochs must be ≥ 1 (got {options.Epochs})");
        if (options.Hidden < 1) return Error.New($"the hidden layer needs at least 1 unit (got {options.Hidden})");
        if (options.MiniBatchSize < 1) return Error.New($"the batch size must be ≥ 1 (got {options.MiniBatchSize})");
        if (options.Targets.RowCount < 2) return Error.New("the targets need at least two classes (rows)");
        return Limits.LessonNetwork([options.Inputs.RowCount, options.Hidden, options.Targets.RowCount])
            .Bind(_ => Limits.Epochs(options.Epochs))
            // Three variants (batch, stochastic, mini-batch), each over every example every epoch.
            .Bind(_ => Limits.Work(3 * Limits.TrainingWork(options.Epochs, options.Inputs.ColumnCount,
                (options.Inputs.RowCount + 1.0) * options.Hidden + (options.Hidden + 1.0) * options.Targets.RowCount), "the three runs"))
            .Map(_ => options);
    }

    /// <summary>Trains one variant from the seeded first weights.</summary>
    public static Fin<DescentRun> Run(DescentOptions options, Batching batching) =>
        from valid in Validate(options)
        from specs in LayerSpec.Stack([options.Inputs.RowCount, options.Hidden, options.Targets.RowCount],
            new Activation.Sigmoid(), new Activation.Softmax())
        from network in Initialization.Create<double>(specs, new Initializer.Glorot(), options.Seed)
        let training = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), options.LearningRate, options.Epochs, batching, options.Seed)
        from steps in Training.Steps(network, options.Inputs, options.Targets, training)
        select Record(network, steps, options, batching);

    // One pass over the lazy steps: every update's batch cost, and the whole data set's cost at each epoch's end.
    private static DescentRun Record(Network<double> start, IEnumerable<TrainingStep<double>> steps, DescentOptions options, Batching batching)
    {
        double Cost(Network<double> network) => Network.Cost(network, new Loss.SoftmaxCrossEntropy(), options.Inputs, options.Targets);
        var (last, perEpoch, perUpdate) = steps.Aggregate((start, Seq1(Cost(start)), Seq<double>()), (state, step) =>
            (step.Network,
             step.Batch == step.BatchesPerEpoch ? state.Item2.Add(Cost(step.Network)) : state.Item2,
             state.Item3.Add(step.Loss)));
        return new DescentRun(batching, perEpoch, perUpdate, Accuracy(last, options.Inputs, options.Targets));
    }

    /// <summary>The fraction of columns whose largest output is at the row of the target's 1.</summary>
    public static double Accuracy(Network<double> network, Matrix<double> x, Matrix<double> y)
    {
        var predicted = Network.Classify(network, x);
        return (double)predicted.Where((p, j) => y.Column(j).MaximumIndex() == p).Count() / x.ColumnCount;
    }

    /// <summary>
    /// A seeded classification set: <paramref name="classes"/> Gaussian clouds in <paramref name="features"/>
    /// dimensions, <paramref name="perClass"/> examples each, centres drawn from N(0, 1) and points spread by
    /// <paramref name="spread"/> around them. Returns X (features × examples) and one-hot Y (classes × examples).
    /// </summary>
    public static (Matrix<double> X, Matrix<double> Y) SyntheticClasses(int classes = 10, int features = 20, int perClass = 50,
        double spread = 1.0, int seed = 0)
    {
        var centres = Matrix<double>.Build.Random(features, classes, new Normal(0, 1, Seeds.Generator(seed, Seeds.Streams.Batch, 0)));
        var noise = Matrix<double>.Build.Random(features, classes * perClass, new Normal(0, spread, Seeds.Generator(seed, Seeds.Streams.Batch, 1)));
        // Example j belongs to class j mod classes, so every prefix of the set holds every class.
        var x = Matrix<double>.Build.Dense(features, classes * perClass, (i, j) => centres[i, j % classes] + noise[i, j]);
        var y = Matrix<double>.Build.Dense(classes, classes * perClass, (c, j) => j % classes == c ? 1.0 : 0.0);
        return (x, y);
    }
}
