namespace FunctionalNet.Tests;

/// <summary>The README's training example, compiled and run on a small problem so the README stays true to the code.</summary>
public class ReadmeTrainingExampleTests
{
    [Fact]
    public void TheReadmeTrainingExampleRuns()
    {
        var network = LayerSpec.Stack([4, 8, 3], new Activation.ReLU(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.He(), 7)).ThrowIfFail();
        LabelledSet<double> Set(int m, int offset)
        {
            var inputs = Matrix<double>.Build.Dense(4, m, (i, j) => Math.Cos(1.3 * (i + 1) * (j + offset)));
            return new(inputs, Matrix<double>.Build.Dense(3, m, (i, j) => i == Metrics.ArgMax(inputs.SubMatrix(0, 3, j, 1))[0] ? 1 : 0));
        }
        var (x, y) = (Set(40, 0).X, Set(40, 0).Y);
        var (validation, test) = (Set(20, 100), Set(20, 200));
        var lines = new List<string>();

        // --- as in the README ---
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), LearningRate: 0.001, Epochs: 30, new Batching.MiniBatch(128), Seed: 7)
        {
            Optimizer = new Optimizer.AdamW(WeightDecay: 0.01),         // or GradientDescent, Momentum, Nesterov, Adam
            Schedule = new Schedule.Cosine(30),                          // or Constant, StepDecay, Exponential, InverseTime, Warmup
            Dropout = new DropoutRates(Hidden: 0.5, Input: 0.2),         // inverted dropout, training only
            EarlyStopping = new EarlyStopping(Patience: 5),              // on validation loss; returns the best network
        };
        var data = new TrainingData<double>(new LabelledSet<double>(x, y), Validation: Some(validation), Test: Some(test));
        var result = Training.Train(Training.Start(network, options), data, options).ThrowIfFail();
        foreach (var epoch in result.History)                            // loss, accuracy and confusion matrix per set
            lines.Add($"{epoch.Epoch}: validation {epoch.Validation.Map(v => v.Accuracy)}");
        // --- end ---

        Assert.Equal(result.History.Count, lines.Count);
        Assert.Equal(result.State.Best.Map(b => b.Network).IfNone(network), result.Network);
    }
}
