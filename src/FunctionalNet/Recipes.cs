namespace FunctionalNet;

/// <summary>
/// A complete training configuration, as data: the network's shape and first weights, how to train it, and how many
/// training examples to hold out for validation. The seed is the caller's (<see cref="Recipes.Network{T}"/> and
/// <see cref="TrainingOptions.Seed"/>), so one recipe gives a family of reproducible runs.
/// </summary>
/// <param name="Name">The name on the command line.</param>
/// <param name="Description">One line: what the recipe is for.</param>
/// <param name="Sizes">Layer sizes, input first (784 for MNIST's 28 × 28 pixels).</param>
/// <param name="Hidden">The hidden layers' activation.</param>
/// <param name="Output">The output layer's activation.</param>
/// <param name="Initializer">How the first weights are drawn.</param>
/// <param name="Options">Loss, optimizer, schedule, batching, epochs, regularization.</param>
/// <param name="ValidationExamples">Training examples held out to choose by (0: none, train on all).</param>
public sealed record Recipe(
    string Name, string Description, Seq<int> Sizes, Activation Hidden, Activation Output, Initializer Initializer,
    TrainingOptions Options, int ValidationExamples)
{
    /// <summary>The layer shapes.</summary>
    public Fin<Seq<LayerSpec>> Layers => LayerSpec.Stack(Sizes.ToArray(), Hidden, Output);
}

/// <summary>The named recipes: the lecture's network, the same size trained as the field learned to since, and the best plain MLP.</summary>
public static class Recipes
{
    /// <summary>
    /// The lecture, exactly: 784-16-16-10 with ReLU on every layer including the output, squared error with output
    /// delta 2(A − Y)∘f′(Z) averaged over the batch, Uniform(−0.5, 0.5) weights and biases, full-batch gradient
    /// descent, η = 0.1, 1500 epochs. The lecture reports 74.2% train and 74.9% test accuracy.
    /// </summary>
    public static Recipe Lecture => new(
        "lecture", "the lecture's network and training, exactly (it reports 74.2% train, 74.9% test)",
        Seq(784, 16, 16, 10), new Activation.ReLU(), new Activation.ReLU(), Initializer.Lecture,
        new TrainingOptions(new Loss.MeanSquared(), 0.1, 1500, new Batching.FullBatch()) { EvaluateEvery = 50 },
        ValidationExamples: 0);

    /// <summary>
    /// The lecture's size with what the field learned since: softmax cross-entropy (no saturating squared error),
    /// He initialization for ReLU, shuffled mini-batches of 32, Adam, a cosine-annealed learning rate.
    /// </summary>
    public static Recipe Small => new(
        "small", "the lecture's 784-16-16-10 with softmax cross-entropy, He init, mini-batches, Adam and a cosine schedule",
        Seq(784, 16, 16, 10), new Activation.ReLU(), new Activation.Softmax(), new Initializer.He(),
        new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.001, 30, new Batching.MiniBatch(32))
        {
            Optimizer = new Optimizer.Adam(),
            Schedule = new Schedule.Cosine(30),
        },
        ValidationExamples: 5000);

    /// <summary>
    /// The best plain MLP that trains in minutes, not hours, on two cores (docs/performance.md,
    /// "The best recipe's time budget"): Hinton et al.'s (2012) dropout network, 784-800-800-10 with dropout 0.2 on
    /// pixels and 0.5 on hidden units, here with ReLU, He initialization, AdamW and a cosine schedule on batches of
    /// 128; the epoch with the lowest validation loss is kept (early stopping's patience spans the run).
    /// </summary>
    public static Recipe Best => new(
        "best", "784-800-800-10 ReLU with dropout (0.2 input, 0.5 hidden), AdamW and a cosine schedule; best epoch by validation",
        Seq(784, 800, 800, 10), new Activation.ReLU(), new Activation.Softmax(), new Initializer.He(),
        new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.001, 30, new Batching.MiniBatch(128))
        {
            Optimizer = new Optimizer.AdamW(WeightDecay: 0.01),
            Schedule = new Schedule.Cosine(30),
            Dropout = new DropoutRates(Hidden: 0.5, Input: 0.2),
            EarlyStopping = new EarlyStopping(Patience: 30),
        },
        ValidationExamples: 5000);

    /// <summary>Every recipe, in the order above.</summary>
    public static Seq<Recipe> All => Seq(Lecture, Small, Best);

    /// <summary>The recipe of that name, or a failure listing the names.</summary>
    public static Fin<Recipe> Find(string name) =>
        All.Find(r => r.Name == name).ToFin(Error.New($"unknown recipe '{name}' (choose from {string.Join(", ", All.Map(r => r.Name))})"));

    /// <summary>The recipe's network, drawn from <paramref name="seed"/>.</summary>
    public static Fin<Network<T>> Network<T>(Recipe recipe, int seed) where T : struct, IFloatingPointIeee754<T> =>
        recipe.Layers.Bind(specs => Initialization.Create<T>(specs, recipe.Initializer, seed));

    /// <summary>
    /// The recipe run for <paramref name="epochs"/> epochs instead: a cosine schedule (also after a warm-up) is
    /// stretched to end with the run, so overriding the length keeps the recipe's shape.
    /// </summary>
    public static Recipe WithEpochs(Recipe recipe, int epochs) =>
        recipe with { Options = recipe.Options with { Epochs = epochs, Schedule = recipe.Options.Schedule.Stretch(epochs) } };
}
