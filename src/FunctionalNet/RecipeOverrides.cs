namespace FunctionalNet;

/// <summary>
/// What a caller changes in a <see cref="Recipe"/>: one optional value per setting, already parsed into the core's
/// types. None leaves the recipe's own value; <see cref="RecipeMerge.Apply"/> lays the rest over the recipe.
/// </summary>
public sealed record RecipeOverrides
{
    /// <summary>Nothing changed: merging it gives the recipe itself.</summary>
    public static RecipeOverrides None => new();

    /// <summary>Layer sizes, inputs first.</summary>
    public Option<Seq<int>> Sizes { get; init; }

    /// <summary>The hidden layers' activation.</summary>
    public Option<Activation> Hidden { get; init; }

    /// <summary>The output layer's activation; when absent but the loss or hidden activation is given, the loss chooses it.</summary>
    public Option<Activation> Output { get; init; }

    /// <summary>How the first weights are drawn.</summary>
    public Option<Initializer> Initializer { get; init; }

    /// <summary>The loss.</summary>
    public Option<Loss> Loss { get; init; }

    /// <summary>The optimizer, with its own defaults; <see cref="Momentum"/> and <see cref="WeightDecay"/> adjust it.</summary>
    public Option<Optimizer> Optimizer { get; init; }

    /// <summary>β of momentum and Nesterov; no effect on the other optimizers.</summary>
    public Option<double> Momentum { get; init; }

    /// <summary>η₀, before the schedule.</summary>
    public Option<double> LearningRate { get; init; }

    /// <summary>The learning-rate schedule (a cosine always ends with the run).</summary>
    public Option<Schedule> Schedule { get; init; }

    /// <summary>Epochs of linear warm-up put before the schedule.</summary>
    public Option<double> Warmup { get; init; }

    /// <summary>Full batch, stochastic or mini-batches.</summary>
    public Option<Batching> Batching { get; init; }

    /// <summary>The run's length; the recipe's cosine schedule is stretched to match.</summary>
    public Option<int> Epochs { get; init; }

    /// <summary>The dropout rate of hidden units.</summary>
    public Option<double> Dropout { get; init; }

    /// <summary>The dropout rate of the inputs.</summary>
    public Option<double> InputDropout { get; init; }

    /// <summary>λ: AdamW's decoupled weight decay, L2 regularization with any other optimizer.</summary>
    public Option<double> WeightDecay { get; init; }

    /// <summary>Training examples held out for validation (0: none).</summary>
    public Option<int> ValidationExamples { get; init; }

    /// <summary>Stop when the validation loss stops improving (needs validation examples).</summary>
    public Option<EarlyStopping> EarlyStopping { get; init; }

    /// <summary>Measure the train, validation and test sets every this many epochs.</summary>
    public Option<int> EvaluateEvery { get; init; }
}

/// <summary>Lays <see cref="RecipeOverrides"/> over a <see cref="Recipe"/>: values in, a recipe or a failure out.</summary>
public static class RecipeMerge
{
    /// <summary>
    /// The recipe with every given value in place of its own. A changed recipe is named "NAME (modified)", so a run
    /// never claims to be the recipe it was not. Refuses early stopping without validation examples.
    /// </summary>
    public static Fin<Recipe> Apply(Recipe recipe, RecipeOverrides overrides)
    {
        var epochs = overrides.Epochs.IfNone(recipe.Options.Epochs);
        var r = Recipes.WithEpochs(recipe, epochs);
        var hidden = overrides.Hidden.IfNone(r.Hidden);
        var loss = overrides.Loss.IfNone(r.Options.Loss);
        // A new loss or hidden activation makes the recipe's output activation a guess from another configuration.
        var output = overrides.Output.IfNone(() => overrides.Loss.IsSome || overrides.Hidden.IsSome ? OutputFor(loss, hidden) : r.Output);
        var optimizer = Adjusted(overrides.Optimizer.IfNone(r.Options.Optimizer), overrides.Momentum, overrides.WeightDecay);
        var schedule = overrides.Schedule.Map(s => OverTheRun(s, epochs)).IfNone(r.Options.Schedule);
        var options = r.Options with
        {
            Loss = loss,
            Optimizer = optimizer,
            LearningRate = overrides.LearningRate.IfNone(r.Options.LearningRate),
            Schedule = overrides.Warmup.Match(w => new Schedule.Warmup(w, schedule), () => schedule),
            Batching = overrides.Batching.IfNone(r.Options.Batching),
            Dropout = new DropoutRates(overrides.Dropout.IfNone(r.Options.Dropout.Hidden), overrides.InputDropout.IfNone(r.Options.Dropout.Input)),
            // AdamW takes λ as its decoupled decay (above); every other optimizer as L2, λ·W added to the gradient.
            L2 = optimizer is Optimizer.AdamW ? r.Options.L2 : overrides.WeightDecay.IfNone(r.Options.L2),
            EarlyStopping = overrides.EarlyStopping.IsSome ? overrides.EarlyStopping : r.Options.EarlyStopping,
            EvaluateEvery = overrides.EvaluateEvery.IfNone(r.Options.EvaluateEvery),
        };
        var validation = overrides.ValidationExamples.IfNone(r.ValidationExamples);
        if (validation == 0 && options.EarlyStopping.IsSome)
            return Error.New("early stopping needs a validation set: hold out at least one training example for validation");
        return r with
        {
            Name = overrides == RecipeOverrides.None ? r.Name : $"{r.Name} (modified)",
            Sizes = overrides.Sizes.IfNone(r.Sizes),
            Hidden = hidden,
            Output = output,
            Initializer = overrides.Initializer.IfNone(r.Initializer),
            Options = options,
            ValidationExamples = validation,
        };
    }

    /// <summary>
    /// The output activation a loss expects unless one is named: softmax for softmax cross-entropy (so that
    /// dZ = A − Y), sigmoid for binary cross-entropy (outputs in (0, 1)), otherwise the hidden layers' activation.
    /// </summary>
    public static Activation OutputFor(Loss loss, Activation hidden) => loss switch
    {
        Loss.SoftmaxCrossEntropy => new Activation.Softmax(),
        Loss.BinaryCrossEntropy => new Activation.Sigmoid(),
        _ => hidden,
    };

    // λ goes into AdamW's own decay, β into momentum's and Nesterov's; the other optimizers have neither.
    private static Optimizer Adjusted(Optimizer optimizer, Option<double> momentum, Option<double> weightDecay) => optimizer switch
    {
        Optimizer.AdamW w => weightDecay.Match(d => w with { WeightDecay = d }, () => w),
        Optimizer.Momentum m => momentum.Match(b => m with { Beta = b }, () => m),
        Optimizer.Nesterov n => momentum.Match(b => n with { Beta = b }, () => n),
        _ => optimizer,
    };

    // A given cosine anneals over the whole run, as the recipe's does; it keeps a length of at least one epoch, so a
    // run of 0 epochs still has a valid schedule.
    private static Schedule OverTheRun(Schedule schedule, int epochs) =>
        schedule is Schedule.Cosine ? new Schedule.Cosine(Math.Max(1, epochs)) : schedule;
}
