namespace FunctionalNet.Properties;

/// <summary>
/// A recipe and a set of explicit values to lay over it, as plain numbers: a null field is a value not given, so
/// FsCheck shrinks a case by giving fewer values.
/// </summary>
/// <param name="RecipeIndex">Index into <see cref="Recipes.All"/>.</param>
/// <param name="Epochs">The run's length, 0–60.</param>
/// <param name="HiddenIndex">Index into <see cref="RecipeOverrideCases.Activations"/>.</param>
/// <param name="OutputIndex">Index into <see cref="RecipeOverrideCases.Activations"/>.</param>
/// <param name="LossIndex">Index into <see cref="NetworkCases.AllLosses"/>.</param>
/// <param name="OptimizerIndex">Index into <see cref="TrainingCases.Optimizers"/>.</param>
/// <param name="Momentum">β.</param>
/// <param name="WeightDecay">λ.</param>
/// <param name="ScheduleIndex">Index into <see cref="RecipeOverrideCases.Schedules"/>.</param>
/// <param name="Warmup">Epochs of warm-up.</param>
/// <param name="Validation">Validation examples, 0 (none) included.</param>
/// <param name="Patience">Early stopping's patience.</param>
/// <param name="Dropout">The hidden units' dropout rate.</param>
public sealed record RecipeOverrideCase(int RecipeIndex, int? Epochs, int? HiddenIndex, int? OutputIndex, int? LossIndex, int? OptimizerIndex,
    double? Momentum, double? WeightDecay, int? ScheduleIndex, double? Warmup, int? Validation, int? Patience, double? Dropout)
{
    /// <summary>The recipe.</summary>
    public Recipe Recipe => Recipes.All[RecipeIndex];

    /// <summary>The values, as the core's record.</summary>
    public RecipeOverrides Overrides => new()
    {
        Epochs = Optional(Epochs),
        Hidden = Optional(HiddenIndex).Map(i => RecipeOverrideCases.Activations[i]),
        Output = Optional(OutputIndex).Map(i => RecipeOverrideCases.Activations[i]),
        Loss = Optional(LossIndex).Map(i => NetworkCases.AllLosses[i]),
        Optimizer = Optional(OptimizerIndex).Map(i => TrainingCases.Optimizers[i]),
        Momentum = Optional(Momentum),
        WeightDecay = Optional(WeightDecay),
        Schedule = Optional(ScheduleIndex).Map(i => RecipeOverrideCases.Schedules[i]),
        Warmup = Optional(Warmup),
        ValidationExamples = Optional(Validation),
        EarlyStopping = Optional(Patience).Map(p => new EarlyStopping(p)),
        Dropout = Optional(Dropout),
    };

    /// <summary>Whether any value is given.</summary>
    public bool GivesAnything => this != RecipeOverrideCases.Nothing(RecipeIndex);

    /// <inheritdoc />
    public override string ToString() => $"{Recipe.Name} with {Overrides}";
}

/// <summary>Generators and shrinkers for <see cref="RecipeOverrideCase"/>.</summary>
public static class RecipeOverrideCases
{
    /// <summary>Every activation.</summary>
    public static readonly Activation[] Activations =
    [
        new Activation.Step(), new Activation.Sigmoid(), new Activation.Tanh(), new Activation.ReLU(),
        new Activation.LeakyReLU(0.1), new Activation.ELU(1.0), new Activation.Identity(), new Activation.Softmax(),
    ];

    /// <summary>One schedule of each kind; the cosine's length is the run's once merged.</summary>
    public static readonly Schedule[] Schedules =
        [new Schedule.Constant(), new Schedule.StepDecay(0.5, 3), new Schedule.Exponential(0.1), new Schedule.InverseTime(0.1), new Schedule.Cosine(1)];

    /// <summary>The recipe at <paramref name="recipeIndex"/> with no value given.</summary>
    public static RecipeOverrideCase Nothing(int recipeIndex) => new(recipeIndex, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Any recipe, each value given about half of the time.</summary>
    public static Gen<RecipeOverrideCase> Cases =>
        from recipe in Gen.Choose(0, Recipes.All.Count - 1)
        from epochs in Maybe(Gen.Choose(0, 60))
        from hidden in Maybe(Gen.Choose(0, Activations.Length - 1))
        from output in Maybe(Gen.Choose(0, Activations.Length - 1))
        from loss in Maybe(Gen.Choose(0, NetworkCases.AllLosses.Length - 1))
        from optimizer in Maybe(Gen.Choose(0, TrainingCases.Optimizers.Length - 1))
        from momentum in Maybe(Gen.Elements(0.0, 0.5, 0.95))
        from weightDecay in Maybe(Gen.Elements(0.0, 0.001, 0.1))
        from schedule in Maybe(Gen.Choose(0, Schedules.Length - 1))
        from warmup in Maybe(Gen.Elements(0.5, 2.0))
        from validation in Maybe(Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(1, 1000))))
        from patience in Maybe(Gen.Choose(1, 5))
        from dropout in Maybe(Gen.Elements(0.0, 0.2, 0.5))
        select new RecipeOverrideCase(recipe, epochs, hidden, output, loss, optimizer, momentum, weightDecay, schedule, warmup, validation, patience, dropout);

    /// <summary>One value fewer at a time, or the first recipe (a case that already has it is not offered again).</summary>
    public static IEnumerable<RecipeOverrideCase> Shrink(RecipeOverrideCase c)
    {
        RecipeOverrideCase[] simpler =
        [
            c with { Epochs = null }, c with { HiddenIndex = null }, c with { OutputIndex = null }, c with { LossIndex = null },
            c with { OptimizerIndex = null }, c with { Momentum = null }, c with { WeightDecay = null }, c with { ScheduleIndex = null },
            c with { Warmup = null }, c with { Validation = null }, c with { Patience = null }, c with { Dropout = null }, c with { RecipeIndex = 0 },
        ];
        return simpler.Where(s => s != c);
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<RecipeOverrideCase> Arbitrary() => Arb.From(Cases, Shrink);

    private static Gen<T?> Maybe<T>(Gen<T> value) where T : struct =>
        Gen.Frequency((1, Gen.Constant((T?)null)), (1, value.Select(v => (T?)v)));
}
