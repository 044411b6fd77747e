namespace FunctionalNet.Tests.Lessons;

/// <summary>
/// The universal-approximation lesson against an independent NumPy implementation
/// (<c>universal_approximation_oracle.py</c> in this folder, its printed output copied below).
/// </summary>
public class UniversalApproximationLessonTests
{
    private static UniversalApproximationOptions For(string function) =>
        UniversalApproximationOptions.For(Lesson.Of(TargetFunction.Of(function)));

    private static readonly UniversalApproximationResult Sin = Lesson.Of(UniversalApproximationLesson.Run(For("sin")));

    [Fact]
    public void MaxErrorForSinFallsAsNGrows()
    {
        var errors = Sin.Fits.Map(f => f.MaxError).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 32], Sin.Fits.Map(f => f.Units).ToArray());
        Assert.All(errors.Zip(errors.Skip(1)), p => Assert.True(p.Item2 < p.Item1, $"{string.Join(", ", errors)}"));
        Assert.True(errors[^1] < 0.01);
    }

    [Fact]
    public void SinMatchesTheNumPyOracle()
    {
        Assert.Equal([1.010256, 0.735646, 0.067863, 0.030907, 0.014483, 0.006164], Sin.Fits.Map(f => Math.Round(f.MaxError, 6)).ToArray());
        Assert.Equal([0.927336, 0.913763, 0.07495, 0.031723, 0.014468, 0.006146], Sin.Fits.Map(f => Math.Round(f.StartError, 6)).ToArray());
    }

    [Fact]
    public void AbsLeastSquaresMatchesTheNumPyOracle()
    {
        var abs = Lesson.Of(UniversalApproximationLesson.Run(For("abs") with { Epochs = 0 }));
        Assert.Equal([0.502513, 0.145839, 0.088371, 0.043264, 0.021261, 0.010713], abs.Fits.Map(f => Math.Round(f.MaxError, 6)).ToArray());
    }

    [Fact]
    public void StepKeepsAnErrorFloorAtTheJump()
    {
        // No continuous G is within half the jump of a step everywhere near it: the floor is 0.5 for every N.
        var step = Lesson.Of(UniversalApproximationLesson.Run(For("step") with { Epochs = 200 }));
        Assert.Equal(0.5, step.JumpFloor);
        Assert.All(step.Fits, f => Assert.True(f.MaxError > 0.45 && Math.Abs(f.WorstX) < 0.01, $"N = {f.Units}: {f.MaxError} at {f.WorstX}"));
        Assert.True(step.Fits.Last.TrainingLoss < step.Fits.Head.TrainingLoss / 10, "the mean error still falls; only the maximum is stuck");
    }

    [Fact]
    public void CustomExpressionIsFitted()
    {
        var fit = Lesson.Of(UniversalApproximationLesson.Run(For("x^2") with { Units = Seq1(16), Epochs = 0 }));
        Assert.True(fit.Fits[0].MaxError < 0.02, $"{fit.Fits[0].MaxError}");
        Assert.Equal(1.0, fit.Target[0]);
    }

    [Fact]
    public void RefusesZeroUnits() =>
        Assert.Contains("at least 1", UniversalApproximationLesson.Run(For("sin") with { Units = Seq(0, 2) }).Match(_ => "", e => e.Message));

    [Fact]
    public void RefusesAFunctionThatIsNotDefinedOnTheInterval() =>
        Assert.Contains("not a finite number", UniversalApproximationLesson.Run(For("log(x)")).Match(_ => "", e => e.Message));

    [Fact]
    public void RandomStartIsNotDeterminedByTheStaircase()
    {
        var options = For("sin") with { Units = Seq1(4), Epochs = 0, Start = UnitStart.Random };
        Assert.NotEqual(Lesson.Of(UniversalApproximationLesson.Run(options)).Fits[0].StartError,
            Lesson.Of(UniversalApproximationLesson.Run(options with { Seed = 1 })).Fits[0].StartError);
    }
}
