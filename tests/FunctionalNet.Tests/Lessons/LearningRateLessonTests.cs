namespace FunctionalNet.Tests.Lessons;

/// <summary>"Too small, just right, too large", asserted from the returned histories.</summary>
public class LearningRateLessonTests
{
    private static LearningRateResult Lecture => Lesson.Of(LearningRateLesson.Run(LearningRateOptions.Lecture));

    private static int Reversals(DescentPath run)
    {
        var steps = run.Path.Zip(run.Path.Tail).Map(p => (W: p.Item2.W - p.Item1.W, B: p.Item2.B - p.Item1.B)).ToArray();
        return steps.Zip(steps.Skip(1)).Count(s => s.Item1.W * s.Item2.W + s.Item1.B * s.Item2.B < 0);
    }

    [Fact]
    public void TooSmallEndsHigherThanJustRight()
    {
        var r = Lecture;
        Assert.True(r.Runs[0].Loss.Last > r.Runs[1].Loss.Last, $"{r.Runs[0].Loss.Last} vs {r.Runs[1].Loss.Last}");
        Assert.True(r.Runs[0].Loss.Last < r.Runs[0].Loss.Head, "the small rate still goes down, only slowly");
    }

    [Fact]
    public void TooLargeOscillatesOrDiverges()
    {
        var run = Lecture.Runs[2];
        var diverges = run.Loss.Last > run.Loss.Head;
        var oscillates = Reversals(run) >= (run.Path.Count - 2) / 2;
        Assert.True(diverges || oscillates, $"final loss {run.Loss.Last} from {run.Loss.Head}, {Reversals(run)} reversals");
        // Here it does both: every step turns back, and the loss grows over the last ten epochs.
        Assert.True(diverges && oscillates);
        Assert.True(run.Loss.Skip(run.Loss.Count - 11).Zip(run.Loss.Skip(run.Loss.Count - 10)).ForAll(p => p.Item2 > p.Item1));
    }

    [Fact]
    public void JustRightNeverTurnsBackAndFallsEveryEpoch()
    {
        var run = Lecture.Runs[1];
        Assert.Equal(0, Reversals(run));
        Assert.True(run.Loss.Zip(run.Loss.Tail).ForAll(p => p.Item2 < p.Item1));
    }

    [Fact]
    public void CriticalRateIsTwoOverTheHessiansLargestEigenvalue()
    {
        // Independent oracle: MathNet's eigen-decomposition of H = (2/m)[[Σx², Σx], [Σx, m]].
        var r = Lecture;
        var m = r.X.Count;
        var hessian = Matrix<double>.Build.DenseOfArray(new[,] { { r.X.Sum(x => x * x), r.X.Sum() }, { r.X.Sum(), m } }) * (2.0 / m);
        var largest = hessian.Evd().EigenValues.Select(v => v.Real).Max();
        Assert.Equal(largest, r.LargestCurvature, 12);
        Assert.True(r.Options.LearningRates[2] > r.CriticalRate && r.Options.LearningRates[1] < r.CriticalRate);
    }

    [Fact]
    public void MinimumIsTheLeastSquaresLine()
    {
        var r = Lecture;
        var design = Matrix<double>.Build.Dense(r.X.Count, 2, (i, j) => j == 0 ? r.X[i] : 1.0);
        var solution = design.QR().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfEnumerable(r.Y));
        Assert.Equal(solution[0], r.Minimum.W, 10);
        Assert.Equal(solution[1], r.Minimum.B, 10);
    }

    [Fact]
    public void EveryRunStartsAtTheSameLoss() => Assert.Single(Lecture.Runs.Map(run => run.Loss.Head).Distinct());

    [Fact]
    public void RefusesANegativeRate() =>
        Assert.True(LearningRateLesson.Run(LearningRateOptions.Lecture with { LearningRates = Seq(0.1, -0.2) }).IsFail);
}
