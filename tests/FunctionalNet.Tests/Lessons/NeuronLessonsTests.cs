namespace FunctionalNet.Tests.Lessons;

/// <summary>The bias and testing lessons: the slides' runs, and an honest account of the four test points.</summary>
public class NeuronLessonsTests
{
    private static BiasResult Bias => Lesson.Of(BiasLesson.Run(NeuronOptions.Lecture));
    private static TestingResult Testing => Lesson.Of(TestingLesson.Run(NeuronOptions.Lecture));

    [Fact]
    public void WithoutBiasTheOriginStaysAtOneHalfEveryEpoch()
    {
        var origin = Bias.WithoutBias.OriginPerEpoch;
        Assert.Equal(101, origin.Count);
        Assert.All(origin, v => Assert.Equal(0.5, v));
    }

    [Fact]
    public void WithBiasTheOriginEndsAtTheSlidesNumber() =>
        Assert.Equal(0.00720712, Math.Round(Bias.WithBias.OriginPerEpoch.Last, 8));

    [Fact]
    public void WithBiasTheOriginStartsAtSigmaOfMinusFive() =>
        Assert.Equal(1 / (1 + Math.Exp(5)), Bias.WithBias.OriginPerEpoch.Head, 15);

    [Fact]
    public void TestingReportsTheSlidesPredictions()
    {
        var (without, with) = (Testing.Runs[0].Run.Test, Testing.Runs[1].Run.Test);
        Assert.Equal(0.98801299, Math.Round(without[3].Prediction, 8));
        Assert.Equal(0.00720712, Math.Round(with[0].Prediction, 8));
    }

    [Fact]
    public void NoBiasRunIsRightOnAllFourButOneOnlyByTheTie()
    {
        var run = Testing.Runs[0];
        Assert.Equal(4, run.Correct);
        Assert.Equal([true, false, false, false], run.Run.Test.Map(t => t.OnThreshold).ToArray());
    }

    [Fact]
    public void BiasRunSaysZeroEverywhereAndGetsHalfWrong()
    {
        var run = Testing.Runs[1];
        Assert.Equal(2, run.Correct);
        Assert.All(run.Run.Test, t => Assert.Equal(0, t.Decision));
        Assert.Equal([[0.0, 1, 0], [1.0, 1, 0]], run.Run.Test.Filter(t => !t.Correct).Map(t => t.Input.ToArray()).ToArray());
    }

    [Fact]
    public void NeuronCommandsNumbersAreUnchanged()
    {
        // The walkthrough now reuses the first-epoch lesson; its numbers must stay the slides'.
        var report = Lesson.Of(SingleNeuron.Run(NeuronOptions.Lecture));
        Assert.Equal(0.509423557, Math.Round(report.LossBefore, 9));
        Assert.Equal(["-0.0935859223", "0.695308219", "-0.798747027"],
            report.WeightsAfterOneEpoch.Map(w => w.ToString("G9", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
