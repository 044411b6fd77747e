namespace FunctionalNet.Tests.Lessons;

/// <summary>The perceptron lesson: the rule by hand, and a step neuron's gradient that is exactly zero.</summary>
public class PerceptronLessonTests
{
    private static PerceptronLessonResult Lecture => Lesson.Of(PerceptronLesson.Run(PerceptronLessonOptions.Lecture));

    [Fact]
    public void FirstEpochFollowsTheRuleByHand()
    {
        // w(0) = (−0.2, 0.4, −1): [0,0,1] → 0 right; [1,1,1] → z = −0.8 → 0 wrong, w += (1,1,1) = (0.8, 1.4, 0);
        // [1,0,1] → z = 0.8 → 1 wrong, w −= (1,0,1) = (−0.2, 1.4, −1); [0,1,1] → z = 0.4 → 1 right.
        var first = Lecture.Rule.History[0];
        Assert.Equal(2, first.Mistakes);
        Assert.Equal([-0.2, 1.4, -1.0], first.Weights.Map(w => Math.Round(w, 12)).ToArray());
        Assert.Equal([0, 0, 0, 0], Lecture.InitialOutputs.ToArray());
    }

    [Fact]
    public void RuleConvergesToTheSecondColumnInTwoEpochs()
    {
        var r = Lecture;
        Assert.True(r.Rule.Converged);
        Assert.Equal(2, r.Rule.History.Count);
        Assert.Equal([0, 1, 0, 1], r.Rule.History.Last.Outputs.ToArray());
    }

    [Fact]
    public void StepNeuronsGradientIsExactlyZero() => Assert.All(Lecture.StepGradient, g => Assert.Equal(0.0, g));

    [Fact]
    public void WithoutBiasTheOriginIsOnTheStepsEdgeAndWrong()
    {
        // z = w·0 = 0 and step(0) = 1, but the label of [0,0,0] is 0.
        var origin = Lecture.Test.Find(t => t.Input.ForAll(x => x == 0)).IfNone(() => throw new InvalidOperationException());
        Assert.Equal(1, origin.Prediction);
        Assert.False(origin.Correct);
    }

    [Fact]
    public void RefusesANonPositiveLearningRate() =>
        Assert.True(PerceptronLesson.Run(PerceptronLessonOptions.Lecture with { LearningRate = 0 }).IsFail);
}
