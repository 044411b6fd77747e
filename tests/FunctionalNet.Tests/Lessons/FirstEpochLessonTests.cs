namespace FunctionalNet.Tests.Lessons;

/// <summary>The slide's hand calculation is the oracle: its column, ∂L/∂w₁ = 0.106, w(1), L(w(0)) and L(w(1)).</summary>
public class FirstEpochLessonTests
{
    private static FirstEpochResult Lecture => Lesson.Of(FirstEpochLesson.Run(FirstEpochOptions.Lecture));

    [Fact]
    public void ColumnIsTheSlidesToThreeDecimals() =>
        Assert.Equal([-0.053, 0.148, -0.041, 0.148], Lecture.Rows.Map(r => Math.Round(r.Term, 3)).ToArray());

    [Fact]
    public void PredictionsAreTheSlidesToThreeDecimals() =>
        Assert.Equal([0.269, 0.310, 0.231, 0.354], Lecture.Rows.Map(r => Math.Round(r.Prediction, 3)).ToArray());

    [Fact]
    public void WeightsAfterOneEpochAreTheSlides() =>
        Assert.Equal([-0.094, 0.695, -0.799], Lecture.WeightsAfter.Map(w => Math.Round(w, 3)).ToArray());

    [Fact]
    public void LossFallsFromPointFiftyOneToPointThirtyEight()
    {
        Assert.Equal(0.51, Math.Round(Lecture.LossBefore, 2));
        Assert.Equal(0.38, Math.Round(Lecture.LossAfter, 2));
    }

    [Fact]
    public void SlidesGradientIsMinusTheDerivative()
    {
        // "∂L/∂w₁(0) = (0 1 1 0)·column = 0.106": the slide's number is −∂L/∂w₁, so w₁ grows by η·0.106.
        var r = Lecture;
        Assert.Equal(0.106, Math.Round(r.SlideGradient[0], 3));
        Assert.Equal(-0.106, Math.Round(r.Gradient[0], 3));
        Assert.Equal(-0.094, Math.Round(r.Options.InitialWeights[0] + 0.106, 3));
    }

    [Fact]
    public void GradientIsTheColumnDottedWithEachInputColumn()
    {
        // The lecture's closed form ∂L/∂w_j = −Σ_i term_i·x_ij, against the library's backpropagation.
        var r = Lecture;
        for (var j = 0; j < 3; j++)
            Assert.Equal(-r.Rows.Sum(row => row.Term * row.Input[j]), r.Gradient[j], 12);
    }

    [Fact]
    public void LossAlongTheStepPassesThroughBothEnds()
    {
        var r = Lecture;
        Assert.Equal(r.LossBefore, r.LossAlongStep[0], 12);
        Assert.Equal(r.LossAfter, r.LossAlongStep[FirstEpochLesson.RaySteps / 2], 12);
    }
}
