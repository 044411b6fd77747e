namespace FunctionalNet.Tests;

/// <summary>The step neuron and the perceptron rule on the lecture's four examples.</summary>
public class PerceptronTests
{
    private static readonly IReadOnlyList<IReadOnlyList<double>> Examples = LectureData.Inputs;
    private static readonly int[] Labels = LectureData.Targets.Select(t => (int)t).ToArray();

    [Fact]
    public void PerceptronRuleLearnsTheSecondColumn()
    {
        var result = Perceptron.Train(Examples, Labels, LectureData.InitialWeights, 0, 1.0, maxEpochs: 20, useBias: false)
            .Match(r => r, e => throw new InvalidOperationException(e.Message));
        Assert.True(result.Converged);
        Assert.True(result.History.Count <= 20);
        Assert.Equal(Labels, result.History.Last.Outputs.ToArray());
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(Labels[i], Perceptron.Output(result.Weights, result.Bias, Examples[i])));
    }

    [Fact]
    public void StepOutputIsOneAtAndAboveZero()
    {
        Assert.Equal(1, Perceptron.Output([1.0], 0, [0.0]));
        Assert.Equal(0, Perceptron.Output([1.0], 0, [-1e-12]));
    }

    [Fact]
    public void PerceptronRefusesLabelsOtherThanZeroAndOne() =>
        Assert.True(Perceptron.Train(Examples, [0, 1, 2, 1], LectureData.InitialWeights, 0, 1.0, 10, false).IsFail);

    [Fact]
    public void StepDerivativeIsZeroSoGradientDescentCannotMove()
    {
        // One epoch of gradient descent on a step neuron leaves the weights exactly where they were.
        var neuron = new Network<double>(Seq1<Layer<double>>(new DenseLayer<double>(
            Matrix<double>.Build.DenseOfRowArrays(LectureData.InitialWeights), None, new Activation.Step())));
        var trained = Training.Train(neuron, LectureData.AsColumns<double>(LectureData.Inputs), LectureData.AsRow<double>(LectureData.Targets),
            new TrainingOptions(new Loss.HalfSumSquares(), 1.0, 1, new Batching.FullBatch())).Match(r => r.Network, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(neuron, trained);
    }
}
