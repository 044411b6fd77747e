namespace FunctionalNet.Tests;

/// <summary>The recipes are data: the lecture's is the lecture, and every one builds a network its options accept.</summary>
public class RecipeTests
{
    [Fact]
    public void TheLectureRecipeIsTheLecturesNetworkAndTraining()
    {
        var lecture = Recipes.Find("lecture").ThrowIfFail();
        Assert.Equal(Seq(784, 16, 16, 10), lecture.Sizes);
        Assert.Equal((new Activation.ReLU(), new Activation.ReLU()), (lecture.Hidden, lecture.Output));
        Assert.Equal(new Initializer.Uniform(-0.5, 0.5), lecture.Initializer);
        var o = lecture.Options;
        Assert.Equal((new Loss.MeanSquared(), 0.1, 1500), (o.Loss, o.LearningRate, o.Epochs));
        Assert.IsType<Batching.FullBatch>(o.Batching);
        Assert.IsType<Optimizer.GradientDescent>(o.Optimizer);
        Assert.IsType<Schedule.Constant>(o.Schedule);
        Assert.Equal((DropoutRates.None, 0.0, 0), (o.Dropout, o.L2, lecture.ValidationExamples));
        Assert.True(o.EarlyStopping.IsNone);
    }

    [Fact]
    public void EveryRecipeBuildsANetworkItsOptionsAccept()
    {
        var x = Matrix<float>.Build.Dense(784, 2, (i, j) => (i + j) % 7 / 7f);
        var y = Matrix<float>.Build.Dense(10, 2, (i, j) => i == j ? 1 : 0);
        var set = new LabelledSet<float>(x, y);
        foreach (var recipe in Recipes.All)
        {
            var network = Recipes.Network<float>(recipe, 7).ThrowIfFail();
            Assert.Equal(recipe.Sizes.Head, network.Inputs);
            Assert.Equal(recipe.Sizes.Last, network.Outputs);
            var data = new TrainingData<float>(set, recipe.ValidationExamples > 0 ? Some(set) : None);
            Assert.True(Training.Validate(Training.Start(network, recipe.Options), data, recipe.Options).IsSucc, recipe.Name);
        }
    }

    [Fact]
    public void AnUnknownNameListsTheRecipes() =>
        Assert.Contains("lecture, small, best", Recipes.Find("huge").Match(_ => "", e => e.Message));

    [Fact]
    public void ChangingTheLengthStretchesACosineToEndWithTheRun()
    {
        var best = Recipes.WithEpochs(Recipes.Best, 12);
        Assert.Equal((12, new Schedule.Cosine(12)), (best.Options.Epochs, best.Options.Schedule));
        var warm = Recipes.Small with { Options = Recipes.Small.Options with { Schedule = new Schedule.Warmup(2, new Schedule.Cosine(28)) } };
        Assert.Equal(new Schedule.Warmup(2, new Schedule.Cosine(8)), Recipes.WithEpochs(warm, 10).Options.Schedule);
        Assert.Equal(Recipes.Lecture.Options with { Epochs = 3 }, Recipes.WithEpochs(Recipes.Lecture, 3).Options);
    }
}
