namespace FunctionalNet.Properties;

/// <summary>Laying explicit values over a recipe is a total function: it keeps what is not given and refuses only what cannot run.</summary>
public class RecipeOverrideProperties
{
    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool MergingNoOverridesIsTheIdentityForEveryRecipeAndLength(RecipeOverrideCase c)
    {
        var recipe = Recipes.WithEpochs(c.Recipe, c.Epochs ?? c.Recipe.Options.Epochs);
        return RecipeMerge.Apply(recipe, RecipeOverrides.None).Match(merged => merged == recipe, _ => false);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool TheMergeFailsOnlyForEarlyStoppingWithoutValidation(RecipeOverrideCase c)
    {
        var validation = c.Validation ?? c.Recipe.ValidationExamples;
        var earlyStopping = c.Patience is not null || c.Recipe.Options.EarlyStopping.IsSome;
        return RecipeMerge.Apply(c.Recipe, c.Overrides).IsFail == (validation == 0 && earlyStopping);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryGivenValueIsInTheMergedRecipeAndOnlyAGivenValueRenamesIt(RecipeOverrideCase c)
    {
        var o = c.Overrides;
        return RecipeMerge.Apply(c.Recipe, o).Match(r =>
                r.Name == (c.GivesAnything ? $"{c.Recipe.Name} (modified)" : c.Recipe.Name)
                && r.Options.Epochs == o.Epochs.IfNone(c.Recipe.Options.Epochs)
                && r.Hidden == o.Hidden.IfNone(c.Recipe.Hidden)
                && r.Options.Loss == o.Loss.IfNone(c.Recipe.Options.Loss)
                && o.Output.ForAll(output => r.Output == output)
                && o.Optimizer.ForAll(optimizer => r.Options.Optimizer.GetType() == optimizer.GetType())
                && r.ValidationExamples == o.ValidationExamples.IfNone(c.Recipe.ValidationExamples)
                && r.Options.Dropout.Hidden == o.Dropout.IfNone(c.Recipe.Options.Dropout.Hidden)
                && o.Warmup.ForAll(w => r.Options.Schedule is Schedule.Warmup warm && warm.Epochs == w),
            _ => true);
    }
}
