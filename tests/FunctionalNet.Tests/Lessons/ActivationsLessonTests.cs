namespace FunctionalNet.Tests.Lessons;

/// <summary>The activations lesson: every derivative it draws agrees with a central difference of the value it draws.</summary>
public class ActivationsLessonTests
{
    private static ActivationsResult Lecture => Lesson.Of(ActivationsLesson.Run(ActivationsOptions.Lecture));

    [Fact]
    public void DrawsTheEightActivationsOfTheSlides() =>
        Assert.Equal(["step", "sigmoid", "tanh", "relu", "leaky-relu(0.1)", "elu(1)", "maxout", "softmax"], Lecture.Curves.Map(c => c.Name).ToArray());

    [Fact]
    public void EveryDerivativeMatchesACentralDifferenceAwayFromKinks()
    {
        // Away from z = 0 (and the maxout's crossing at 1/3), f′(z) ≈ (f(z + h) − f(z − h)) / 2h on the grid's spacing.
        var r = Lecture;
        var z = r.Z;
        var h = z[1] - z[0];
        foreach (var curve in r.Curves)
            for (var k = 0; k < curve.Outputs.Count; k++)
                for (var i = 1; i < z.Count - 1; i++)
                {
                    if (Math.Abs(z[i]) <= 1.5 * h || Math.Abs(z[i] - 1.0 / 3) <= 1.5 * h) continue;
                    var difference = (curve.Values[k][i + 1] - curve.Values[k][i - 1]) / (2 * h);
                    Assert.True(Math.Abs(difference - curve.Derivatives[k][i]) < 0.01,
                        $"{curve.Name}[{k}] at z = {z[i]}: f′ = {curve.Derivatives[k][i]}, difference {difference}");
                }
    }

    [Fact]
    public void MaxoutIsTheLargerOfItsTwoLines()
    {
        var r = Lecture;
        var maxout = r.Curves.Find(c => c.Name == "maxout").IfNone(() => throw new InvalidOperationException());
        Assert.All(r.Z.Zip(maxout.Values[0]), p => Assert.Equal(Math.Max(p.Item1, 0.5 - 0.5 * p.Item1), p.Item2, 12));
    }

    [Fact]
    public void SoftmaxOutputsSumToOneAndTheirDerivativesToZero()
    {
        var softmax = Lecture.Curves.Last;
        for (var i = 0; i < Lecture.Z.Count; i++)
        {
            Assert.Equal(1.0, softmax.Values.Sum(s => s[i]), 12);
            Assert.Equal(0.0, softmax.Derivatives.Sum(d => d[i]), 12);
        }
    }

    [Fact]
    public void AtTheKinkTheLeftDerivativeIsUsed()
    {
        var r = Lecture;
        Assert.Equal(0.0, r.At(r.Curves[3], 0).Derivative);   // ReLU
        Assert.Equal(0.1, r.At(r.Curves[4], 0).Derivative);   // leaky ReLU
    }
}
