using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// A validated training configuration: a recipe with the user's explicit options laid over it, the data to use,
/// and where to write. Everything a run depends on is here (and in the manifest), so a run can be replayed.
/// </summary>
/// <param name="Recipe">The recipe, with every override applied (sizes, activations, initializer, options, validation).</param>
/// <param name="Seed">Seeds the weights, the validation split, the shuffles and dropout.</param>
/// <param name="Precision">f32 or f64.</param>
/// <param name="Dataset">mnist, fashion or a directory.</param>
/// <param name="DataDirectory">Where MNIST is kept, if given.</param>
/// <param name="Out">Where the model, the manifest and the pictures go, if anywhere.</param>
public sealed record TrainSettings(Recipe Recipe, int Seed, string Precision, string Dataset, string? DataDirectory, string? Out)
{
    /// <summary>Write <c>checkpoint.fnck</c> into <see cref="Out"/> after every this many updates (none if null). It never changes the result.</summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>The configuration as JSON, for the model file and the manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["recipe"] = Recipe.Name,
        ["layers"] = string.Join(",", Recipe.Sizes),
        ["activation"] = Recipe.Hidden.ToString(),
        ["output_activation"] = Recipe.Output.ToString(),
        ["initializer"] = Recipe.Initializer.Name,
        ["loss"] = Recipe.Options.Loss.Name,
        ["optimizer"] = Recipe.Options.Optimizer.ToString(),
        ["learning_rate"] = Recipe.Options.LearningRate,
        ["schedule"] = Recipe.Options.Schedule.ToString(),
        ["batch"] = Recipe.Options.Batching.ToString(),
        ["epochs"] = Recipe.Options.Epochs,
        ["dropout"] = Recipe.Options.Dropout.Hidden,
        ["input_dropout"] = Recipe.Options.Dropout.Input,
        ["l2"] = Recipe.Options.L2,
        ["early_stopping_patience"] = (Recipe.Options.EarlyStopping.Case as EarlyStopping)?.Patience,
        ["validation_examples"] = Recipe.ValidationExamples,
        ["evaluate_every"] = Recipe.Options.EvaluateEvery,
        ["seed"] = Seed,
        ["precision"] = Precision,
        ["dataset"] = Dataset,
    };
}

/// <summary>Parsers for the training options' values: optimizers, schedules, batch sizes.</summary>
public static class TrainNames
{
    /// <summary>The optimizer names.</summary>
    public const string Optimizers = "gd sgd momentum nesterov adam adamw";

    /// <summary>
    /// An optimizer by name, with its usual hyperparameters (β = 0.9, AdamW's λ = 0.01): <c>--momentum</c> and
    /// <c>--weight-decay</c> change them when the options are laid over the recipe (<see cref="RecipeMerge.Apply"/>).
    /// </summary>
    public static Optimizer Optimizer(string name) => name.Trim().ToLowerInvariant() switch
    {
        "gd" or "sgd" => new Optimizer.GradientDescent(),
        "momentum" => new Optimizer.Momentum(),
        "nesterov" => new Optimizer.Nesterov(),
        "adam" => new Optimizer.Adam(),
        "adamw" => new Optimizer.AdamW(),
        _ => throw ShellException.Usage($"--optimizer must be one of: {Optimizers} (got '{name}')"),
    };

    /// <summary>The schedule forms.</summary>
    public const string Schedules = "constant, step[:FACTOR[:EVERY]], exponential[:DECAY], inverse-time[:DECAY], cosine";

    /// <summary>
    /// A schedule such as <c>cosine</c>, <c>step:0.5:10</c> or <c>exponential:0.05</c>. A cosine anneals over the
    /// run, whose length is known only when the options are laid over the recipe: <see cref="RecipeMerge.Apply"/>
    /// sets it; the one epoch here is a placeholder.
    /// </summary>
    public static Schedule Schedule(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        double Arg(int i, double fallback) =>
            parts.Length <= i ? fallback
            : double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v
            : throw ShellException.Usage($"--schedule {text}: '{parts[i]}' is not a positive number");
        return parts[0] switch
        {
            "constant" => new Schedule.Constant(),
            "step" => new Schedule.StepDecay(Arg(1, 0.5), Arg(2, 10)),
            "exponential" => new Schedule.Exponential(Arg(1, 0.05)),
            "inverse-time" => new Schedule.InverseTime(Arg(1, 0.1)),
            "cosine" => new Schedule.Cosine(1),
            _ => throw ShellException.Usage($"--schedule must be one of: {Schedules} (got '{text}')"),
        };
    }

    /// <summary><c>full</c> for batch gradient descent, 1 for stochastic, N for mini-batches of N.</summary>
    public static Batching Batching(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "full" => new Batching.FullBatch(),
            var n when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 =>
                size == 1 ? new Batching.Stochastic() : new Batching.MiniBatch(size),
            _ => throw ShellException.Usage($"--batch must be 'full' or a whole number ≥ 1 (got '{text}')"),
        };

    /// <summary>f32 or f64.</summary>
    public static string Precision(string text) => text.Trim().ToLowerInvariant() switch
    {
        "f32" or "float32" or "float" => "f32",
        "f64" or "float64" or "double" => "f64",
        _ => throw ShellException.Usage($"--precision must be f32 or f64 (got '{text}')"),
    };
}
