namespace FunctionalNet.Tests;

/// <summary>Batching and the training fold on hand-sized examples.</summary>
public class TrainingTests
{
    private static Network<double> Small(int seed) =>
        LayerSpec.Stack([3, 4, 2], new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), seed)).Match(n => n, e => throw new InvalidOperationException(e.Message));

    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(3, 10, (i, j) => Math.Sin(i + 3 * j));
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(2, 10, (i, j) => i == j % 2 ? 1 : 0);

    [Fact]
    public void MiniBatchesCoverEveryExampleOncePerEpoch()
    {
        var plan = Batches.Plan(new Batching.MiniBatch(3), 10, seed: 4, epoch: 2);
        Assert.Equal([3, 3, 3, 1], plan.Map(b => b.Length).ToArray());
        Assert.Equal(Enumerable.Range(0, 10), plan.SelectMany(b => b).Order());
    }

    [Fact]
    public void ShufflesDependOnSeedAndEpochOnly()
    {
        var a = Batches.Plan(new Batching.Stochastic(), 50, seed: 4, epoch: 2).SelectMany(b => b).ToArray();
        Assert.Equal(a, Batches.Plan(new Batching.Stochastic(), 50, seed: 4, epoch: 2).SelectMany(b => b));
        Assert.NotEqual(a, Batches.Plan(new Batching.Stochastic(), 50, seed: 4, epoch: 3).SelectMany(b => b));
        Assert.NotEqual(a, Batches.Plan(new Batching.Stochastic(), 50, seed: 5, epoch: 2).SelectMany(b => b));
    }

    [Fact]
    public void FullBatchEpochIsOneStepOfGradientDescent()
    {
        var network = Small(1);
        var loss = new Loss.SoftmaxCrossEntropy();
        var (gradients, _) = Backpropagation.Run(network, loss, X, Y);
        var expected = GradientDescent.Update(network, gradients, 0.5);
        var trained = Training.Train(network, X, Y, new TrainingOptions(loss, 0.5, 1, new Batching.FullBatch())).Match(r => r.Network, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(expected, trained);
    }

    [Fact]
    public void StepsYieldOneElementPerUpdateAndEndWhereTrainEnds()
    {
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.3, 2, new Batching.MiniBatch(4), Seed: 9);
        var steps = Training.Steps(Small(2), X, Y, options).Match(s => s.ToList(), e => throw new InvalidOperationException(e.Message));
        var result = Training.Train(Small(2), X, Y, options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(6, steps.Count);   // 2 epochs × ⌈10/4⌉ batches
        Assert.Equal(result.Network, steps[^1].Network);
    }

    [Fact]
    public void HistoryOfAFullBatchRunRecordsTheLossBeforeEachUpdate()
    {
        var network = Small(3);
        var loss = new Loss.MeanSquared();
        var result = Training.Train(network, X, Y, new TrainingOptions(loss, 0.1, 2, new Batching.FullBatch())).Match(r => r, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(Network.Cost(network, loss, X, Y), result.History[0].Loss);
        Assert.True(result.History[1].Loss < result.History[0].Loss);
    }

    [Theory]
    [InlineData(-0.1, 1, 4, "learning rate")]
    [InlineData(0.1, -1, 4, "epochs")]
    [InlineData(0.1, 1, 0, "batch size")]
    public void BadOptionsAreRefusedWithAMessage(double learningRate, int epochs, int batch, string mentioned)
    {
        var result = Training.Train(Small(1), X, Y, new TrainingOptions(new Loss.SoftmaxCrossEntropy(), learningRate, epochs, new Batching.MiniBatch(batch)));
        Assert.Contains(mentioned, result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void SoftmaxCrossEntropyNeedsASoftmaxOutput()
    {
        var sigmoidOutput = LayerSpec.Stack([3, 2], new Activation.Tanh(), new Activation.Sigmoid())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), 1)).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var result = Training.Train(sigmoidOutput, X, Y, new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.1, 1, new Batching.FullBatch()));
        Assert.Contains("softmax", result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void LayersThatDoNotChainAreRefused()
    {
        var w = Matrix<double>.Build.Dense(2, 3);
        var result = Network.Create(Seq<Layer<double>>(new DenseLayer<double>(w, None, new Activation.ReLU()), new DenseLayer<double>(w, None, new Activation.ReLU())));
        Assert.Contains("takes 3 inputs but layer 1 gives 2", result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void FloatNetworkIsTheDoubleNetworkRounded()
    {
        var specs = LayerSpec.Stack([5, 4, 3], new Activation.ReLU(), new Activation.Softmax()).Match(s => s, e => throw new InvalidOperationException(e.Message));
        var f64 = Initialization.Create<double>(specs, new Initializer.He(), 8).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var f32 = Initialization.Create<float>(specs, new Initializer.He(), 8).Match(n => n, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(f64.Parameters.SelectMany(l => l.SelectMany(p => p.Enumerate())).Select(v => (float)v),
            f32.Parameters.SelectMany(l => l.SelectMany(p => p.Enumerate())));
    }

    [Fact]
    public void LectureInitializerDrawsFromMinusHalfToHalfIncludingBiases()
    {
        var specs = LayerSpec.Stack([784, 16, 16, 10], new Activation.ReLU(), new Activation.ReLU()).Match(s => s, e => throw new InvalidOperationException(e.Message));
        var network = Initialization.Create<double>(specs, Initializer.Lecture, 0).Match(n => n, e => throw new InvalidOperationException(e.Message));
        var values = network.Parameters.SelectMany(l => l.SelectMany(p => p.Enumerate())).ToArray();
        Assert.Equal(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10, values.Length);
        Assert.All(values, v => Assert.InRange(v, -0.5, 0.5));
        Assert.InRange(values.Average(), -0.02, 0.02);   // 13,002 draws of mean 0 and sd 0.29: the mean's sd is 0.0025
    }
}
