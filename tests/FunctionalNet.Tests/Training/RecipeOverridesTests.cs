namespace FunctionalNet.Tests;

/// <summary>
/// Laying explicit values over a recipe (<see cref="RecipeMerge.Apply"/>), checked against the recipes' documented
/// values: small is Adam with a 30-epoch cosine and 5000 validation examples, best is AdamW (λ = 0.01) with early
/// stopping, the lecture is squared error with ReLU outputs and no validation set.
/// </summary>
public class RecipeOverridesTests
{
    private static Recipe Merged(Recipe recipe, RecipeOverrides overrides) =>
        RecipeMerge.Apply(recipe, overrides).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void NoOverridesGiveTheRecipeItself()
    {
        foreach (var recipe in Recipes.All) Assert.Equal(recipe, Merged(recipe, RecipeOverrides.None));
    }

    [Fact]
    public void EpochsStretchTheCosineSchedule()
    {
        var small = Merged(Recipes.Small, new RecipeOverrides { Epochs = 10 });
        Assert.Equal((10, new Schedule.Cosine(10)), (small.Options.Epochs, small.Options.Schedule));
        var lecture = Merged(Recipes.Lecture, new RecipeOverrides { Epochs = 3 });
        Assert.Equal((3, new Schedule.Constant()), (lecture.Options.Epochs, lecture.Options.Schedule));
    }

    [Fact]
    public void AGivenCosineAnnealsOverTheWholeRunOfAtLeastOneEpoch()
    {
        var cosine = new RecipeOverrides { Schedule = new Schedule.Cosine(1) };
        Assert.Equal(new Schedule.Cosine(1500), Merged(Recipes.Lecture, cosine).Options.Schedule);
        Assert.Equal(new Schedule.Cosine(7), Merged(Recipes.Lecture, cosine with { Epochs = 7 }).Options.Schedule);
        Assert.Equal(new Schedule.Cosine(1), Merged(Recipes.Lecture, cosine with { Epochs = 0 }).Options.Schedule);
        Assert.Equal(new Schedule.StepDecay(0.5, 3), Merged(Recipes.Small, new RecipeOverrides { Schedule = new Schedule.StepDecay(0.5, 3) }).Options.Schedule);
    }

    [Fact]
    public void AWarmupGoesBeforeTheScheduleOfTheRun()
    {
        var best = Merged(Recipes.Best, new RecipeOverrides { Epochs = 10, Warmup = 2.0 });
        Assert.Equal(new Schedule.Warmup(2, new Schedule.Cosine(10)), best.Options.Schedule);
        var lecture = Merged(Recipes.Lecture, new RecipeOverrides { Warmup = 0.5, Schedule = new Schedule.Exponential(0.1) });
        Assert.Equal(new Schedule.Warmup(0.5, new Schedule.Exponential(0.1)), lecture.Options.Schedule);
    }

    [Fact]
    public void WeightDecayIsDecoupledForAdamWAndL2Otherwise()
    {
        var best = Merged(Recipes.Best, new RecipeOverrides { WeightDecay = 0.05 });
        Assert.Equal((new Optimizer.AdamW(0.05), 0.0), (best.Options.Optimizer, best.Options.L2));
        var small = Merged(Recipes.Small, new RecipeOverrides { WeightDecay = 0.05 });
        Assert.Equal((new Optimizer.Adam(), 0.05), (small.Options.Optimizer, small.Options.L2));
        var bestWithAdam = Merged(Recipes.Best, new RecipeOverrides { Optimizer = new Optimizer.Adam(), WeightDecay = 0.02 });
        Assert.Equal((new Optimizer.Adam(), 0.02), (bestWithAdam.Options.Optimizer, bestWithAdam.Options.L2));
        var smallWithAdamW = Merged(Recipes.Small, new RecipeOverrides { Optimizer = new Optimizer.AdamW() });
        Assert.Equal((new Optimizer.AdamW(0.01), 0.0), (smallWithAdamW.Options.Optimizer, smallWithAdamW.Options.L2));
    }

    [Fact]
    public void MomentumSetsTheBetaOfMomentumAndNesterovOnly()
    {
        Assert.Equal(new Optimizer.Momentum(0.5), Merged(Recipes.Small, new RecipeOverrides { Optimizer = new Optimizer.Momentum(), Momentum = 0.5 }).Options.Optimizer);
        Assert.Equal(new Optimizer.Nesterov(0.8), Merged(Recipes.Small, new RecipeOverrides { Optimizer = new Optimizer.Nesterov(), Momentum = 0.8 }).Options.Optimizer);
        var adam = Merged(Recipes.Small, new RecipeOverrides { Momentum = 0.5 });
        Assert.Equal((new Optimizer.Adam(), "small (modified)"), (adam.Options.Optimizer, adam.Name));
    }

    [Fact]
    public void EarlyStoppingWithoutValidationIsRefused()
    {
        var best = RecipeMerge.Apply(Recipes.Best, new RecipeOverrides { ValidationExamples = 0 });
        Assert.Equal("early stopping needs a validation set: hold out at least one training example for validation",
            best.Match(_ => "", e => e.Message));
        Assert.True(RecipeMerge.Apply(Recipes.Lecture, new RecipeOverrides { EarlyStopping = new EarlyStopping(3) }).IsFail);
        var lecture = Merged(Recipes.Lecture, new RecipeOverrides { EarlyStopping = new EarlyStopping(3), ValidationExamples = 100 });
        Assert.Equal((Some(new EarlyStopping(3)), 100), (lecture.Options.EarlyStopping, lecture.ValidationExamples));
    }

    [Fact]
    public void LossAloneChoosesTheOutputActivation()
    {
        Activation OutputOf(Recipe recipe, RecipeOverrides overrides) => Merged(recipe, overrides).Output;
        Assert.Equal(new Activation.Sigmoid(), OutputOf(Recipes.Lecture, new RecipeOverrides { Loss = new Loss.BinaryCrossEntropy() }));
        Assert.Equal(new Activation.Softmax(), OutputOf(Recipes.Lecture, new RecipeOverrides { Loss = new Loss.SoftmaxCrossEntropy() }));
        Assert.Equal(new Activation.ReLU(), OutputOf(Recipes.Small, new RecipeOverrides { Loss = new Loss.MeanSquared() }));
        Assert.Equal(new Activation.Tanh(), OutputOf(Recipes.Small, new RecipeOverrides { Loss = new Loss.HalfSumSquares(), Hidden = new Activation.Tanh() }));
    }

    [Fact]
    public void AHiddenActivationAloneLetsTheRecipesLossChooseTheOutput()
    {
        var small = Merged(Recipes.Small, new RecipeOverrides { Hidden = new Activation.Tanh() });
        Assert.Equal((new Activation.Tanh(), new Activation.Softmax()), (small.Hidden, small.Output));
        var lecture = Merged(Recipes.Lecture, new RecipeOverrides { Hidden = new Activation.Tanh() });
        Assert.Equal((new Activation.Tanh(), new Activation.Tanh()), (lecture.Hidden, lecture.Output));
    }

    [Fact]
    public void AGivenOutputActivationWinsOverTheLosssChoice()
    {
        var merged = Merged(Recipes.Small, new RecipeOverrides { Loss = new Loss.MeanSquared(), Output = new Activation.Identity() });
        Assert.Equal((new Loss.MeanSquared(), new Activation.Identity()), (merged.Options.Loss, merged.Output));
        Assert.Equal(new Activation.ReLU(), Merged(Recipes.Lecture, new RecipeOverrides { Epochs = 2 }).Output);
    }

    [Fact]
    public void EveryOtherValueTakesTheRecipesPlace()
    {
        var merged = Merged(Recipes.Small, new RecipeOverrides
        {
            Sizes = Seq(784, 32, 10), Initializer = new Initializer.Glorot(), LearningRate = 0.01, Batching = new Batching.FullBatch(),
            Dropout = 0.3, InputDropout = 0.1, EvaluateEvery = 5, ValidationExamples = 500,
        });
        Assert.Equal((Seq(784, 32, 10), new Initializer.Glorot(), 500), (merged.Sizes, merged.Initializer, merged.ValidationExamples));
        var o = merged.Options;
        Assert.Equal((0.01, new Batching.FullBatch(), new DropoutRates(0.3, 0.1), 5), (o.LearningRate, o.Batching, o.Dropout, o.EvaluateEvery));
        Assert.Equal((new Loss.SoftmaxCrossEntropy(), new Optimizer.Adam(), new Schedule.Cosine(30), 30),
            (o.Loss, o.Optimizer, o.Schedule, o.Epochs));
    }

    [Fact]
    public void AnyGivenValueMarksTheRecipeModifiedEvenWhenItIsTheRecipesOwn()
    {
        Assert.Equal("small (modified)", Merged(Recipes.Small, new RecipeOverrides { Epochs = 30 }).Name);
        Assert.Equal("best (modified)", Merged(Recipes.Best, new RecipeOverrides { Dropout = 0.5 }).Name);
        Assert.Equal("lecture", Merged(Recipes.Lecture, RecipeOverrides.None).Name);
    }
}
