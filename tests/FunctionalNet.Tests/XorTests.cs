namespace FunctionalNet.Tests;

/// <summary>XOR: the classic function one neuron cannot represent and one hidden layer can.</summary>
public class XorTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } });
    private static readonly Matrix<double> Y = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

    private static TrainingResult<double> Train(int[] sizes, int epochs, double learningRate, int seed) =>
        LayerSpec.Stack(sizes, new Activation.Sigmoid(), new Activation.Sigmoid())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Uniform(-1, 1), seed))
            .Bind(network => Training.Train(network, X, Y, new TrainingOptions(new Loss.HalfSumSquares(), learningRate, epochs, new Batching.FullBatch())))
            .Match(r => r, e => throw new InvalidOperationException(e.Message));

    private static int Correct(Network<double> network) =>
        Network.Predict(network, X).Row(0).Select((p, j) => (p > 0.5 ? 1 : 0) == (int)Y[0, j]).Count(c => c);

    [Fact]
    public void TwoLayerNetworkLearnsXor()
    {
        var result = Train([2, 3, 1], 5000, 2.0, seed: 1);
        Assert.True(Network.Cost(result.Network, new Loss.HalfSumSquares(), X, Y) < 0.01);
        Assert.Equal(4, Correct(result.Network));
    }

    [Fact]
    public void SingleNeuronCannotLearnXor()
    {
        // No line separates {(0,1),(1,0)} from {(0,0),(1,1)}, so a single neuron's decision is wrong on at least one
        // point whatever its weights; training just stalls with a high loss.
        var result = Train([2, 1], 5000, 2.0, seed: 1);
        var loss = result.History.Map(h => h.Loss).ToArray();
        Assert.True(Correct(result.Network) <= 3);
        Assert.True(loss[^1] > 0.45, $"final loss {loss[^1]}");
        Assert.True(Math.Abs(loss[^1] - loss[2499]) < 1e-3, $"loss still moving: {loss[2499]} → {loss[^1]}");
    }
}
