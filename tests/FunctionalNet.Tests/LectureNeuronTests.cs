namespace FunctionalNet.Tests;

/// <summary>The lecture's slides are the oracle: w(1), L(w(0)), L(w(1)) and the printed 100-epoch outputs.</summary>
public class LectureNeuronTests
{
    private static NeuronReport Report => SingleNeuron.Run(NeuronOptions.Lecture).Match(r => r, e => throw new Exception(e.Message));

    [Fact]
    public void FirstEpochMatchesTheSlide()
    {
        var r = Report;
        Assert.Equal([-0.094, 0.695, -0.799], r.WeightsAfterOneEpoch.Map(w => Math.Round(w, 3)).ToArray());
        Assert.Equal(0.51, Math.Round(r.LossBefore, 2));
        Assert.Equal(0.38, Math.Round(r.LossAfterOneEpoch, 2));
    }

    [Fact]
    public void FirstEpochGradientIsTheSlidesColumnTimesX()
    {
        // The slide: ∂L/∂w₁ = (0 1 1 0)·(−0.053, 0.148, −0.041, 0.148) = 0.106, i.e. −∂L/∂w₁ in our sign convention.
        var r = Report;
        Assert.Equal(-0.106, Math.Round(r.Gradient[0], 3));
    }

    [Fact]
    public void HundredEpochsWithoutBiasGiveThePrintedPredictions()
    {
        var test = Report.WithoutBias.Test;
        Assert.Equal(0.98801299, Math.Round(test.Find(t => t.Input.SequenceEqual([1.0, 1, 0])).Map(t => t.Prediction).IfNone(0), 8));
        Assert.Equal(0.5, Math.Round(test.Find(t => t.Input.SequenceEqual([0.0, 0, 0])).Map(t => t.Prediction).IfNone(0), 8));
    }

    [Fact]
    public void HundredEpochsWithBiasGiveThePrintedPrediction()
    {
        var test = Report.WithBias.Test;
        Assert.Equal(0.00720712, Math.Round(test.Find(t => t.Input.SequenceEqual([0.0, 0, 0])).Map(t => t.Prediction).IfNone(0), 8));
    }
}
