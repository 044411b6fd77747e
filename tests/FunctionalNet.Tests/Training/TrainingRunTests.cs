namespace FunctionalNet.Tests;

/// <summary>The generalized fold: per-epoch metrics, early stopping, and resuming from a state exactly.</summary>
public class TrainingRunTests
{
    private static Network<double> Net(int seed) =>
        LayerSpec.Stack([3, 5, 2], new Activation.Tanh(), new Activation.Softmax())
            .Bind(s => Initialization.Create<double>(s, new Initializer.Glorot(), seed)).ThrowIfFail();

    private static readonly LabelledSet<double> Train = Set(12, 0);
    private static readonly LabelledSet<double> Validation = Set(6, 40);
    private static readonly LabelledSet<double> Test = Set(5, 80);

    // Class 0 where the first input exceeds the second: learnable, so validation and test follow training.
    private static LabelledSet<double> Set(int m, int offset)
    {
        var x = Matrix<double>.Build.Dense(3, m, (i, j) => Math.Sin(1.7 * (i + 1) * (j + offset)));
        return new(x, Matrix<double>.Build.Dense(2, m, (i, j) => (x[0, j] > x[1, j]) == (i == 0) ? 1 : 0));
    }

    // Everything at once: Adam, L2, dropout, mini-batches, a schedule with warm-up, three sets.
    private static readonly TrainingOptions Everything = new(new Loss.SoftmaxCrossEntropy(), 0.05, 4, new Batching.MiniBatch(5), Seed: 3)
    {
        Optimizer = new Optimizer.Adam(),
        Schedule = new Schedule.Warmup(1, new Schedule.Cosine(3)),
        Dropout = new DropoutRates(0.3, 0.1),
        L2 = 1e-3,
    };

    private static readonly TrainingData<double> AllSets = new(Train, Some(Validation), Some(Test));

    [Fact]
    public void EachEpochRecordsLossAndAccuracyOnEverySet()
    {
        var result = Training.Train(Training.Start(Net(1), Everything), AllSets, Everything).ThrowIfFail();
        Assert.Equal([1, 2, 3, 4], result.History.Map(h => h.Epoch).ToArray());
        var last = result.History[^1];
        Assert.Equal((12, 6, 5), (last.Train.Map(e => e.Examples).IfNone(0), last.Validation.Map(e => e.Examples).IfNone(0), last.Test.Map(e => e.Examples).IfNone(0)));
        Assert.Equal(Metrics.Evaluate(result.Network, Everything.Loss, Test), last.Test.IfNone(() => throw new InvalidOperationException()));
        Assert.True(last.Train.Exists(t => t.Accuracy > 0.5));   // ten Adam steps learn the rule well enough
    }

    [Fact]
    public void EvaluateEveryMeasuresOnlyDueEpochsAndTheLast()
    {
        var options = Everything with { Epochs = 5, EvaluateEvery = 2 };
        var result = Training.Train(Training.Start(Net(1), options), AllSets, options).ThrowIfFail();
        Assert.Equal(new[] { false, true, false, true, true }, result.History.Map(h => h.Test.IsSome).ToArray());
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestNetwork()
    {
        // A validation set with every label flipped: the better the network learns, the worse it does there,
        // so the validation loss soon stops improving and the run stops `patience` epochs after its best.
        var flipped = Validation with { Y = Validation.Y.Map(v => 1 - v) };
        var options = new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.5, 50, new Batching.FullBatch()) { EarlyStopping = new EarlyStopping(3) };
        var result = Training.Train(Training.Start(Net(2), options), new TrainingData<double>(Train, Some(flipped)), options).ThrowIfFail();

        var losses = result.History.Map(h => h.Validation.Map(v => v.Loss).IfNone(double.NaN)).ToArray();
        var best = System.Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(best + 3, result.History.Count);
        Assert.True(result.History.Count < 50);
        Assert.Equal(best, result.State.Best.Map(b => b.Epoch).IfNone(0));
        // The returned network is the one an independent run of `best` epochs ends with; the state keeps the last.
        Assert.Equal(Training.Train(Net(2), Train.X, Train.Y, options with { EarlyStopping = None, Epochs = best }).ThrowIfFail().Network, result.Network);
        Assert.Equal(Training.Train(Net(2), Train.X, Train.Y, options with { EarlyStopping = None, Epochs = best + 3 }).ThrowIfFail().Network, result.State.Network);
    }

    [Fact]
    public void WithoutEarlyStoppingTheLastNetworkIsReturned()
    {
        var result = Training.Train(Training.Start(Net(1), Everything), AllSets, Everything).ThrowIfFail();
        Assert.True(result.State.Best.IsSome);
        Assert.Same(result.State.Network, result.Network);
    }

    [Fact]
    public void EarlyStoppingNeedsAValidationSet()
    {
        var options = Everything with { EarlyStopping = new EarlyStopping(2) };
        Assert.Contains("validation set", Training.Train(Training.Start(Net(1), options), new TrainingData<double>(Train), options).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void ResumingFromAMidEpochStateEndsExactlyWhereTheUninterruptedRunEnds()
    {
        var whole = Training.Train(Training.Start(Net(1), Everything), AllSets, Everything).ThrowIfFail();
        // 12 examples in batches of 5: 3 updates per epoch; step 7 is the first batch of epoch 3.
        var cut = Training.Steps(Training.Start(Net(1), Everything), AllSets, Everything).ThrowIfFail().Skip(6).First();
        Assert.Equal((3, 1), (cut.Epoch, cut.Batch));
        var resumed = Training.Train(cut.State, AllSets, Everything).ThrowIfFail();
        Assert.Equal(whole.Network, resumed.Network);
        Assert.Equal(whole.History, resumed.History);
        Assert.Equal(whole.State.Optimizer, resumed.State.Optimizer);
        Assert.Equal(12, resumed.State.Optimizer.Step);
    }

    [Fact]
    public void StepsAndScanEndWhereTheFoldEnds()
    {
        var fold = Training.Train(Training.Start(Net(4), Everything), AllSets, Everything).ThrowIfFail();
        var steps = Training.Steps(Training.Start(Net(4), Everything), AllSets, Everything).ThrowIfFail().ToList();
        var scan = Training.Scan(Training.Start(Net(4), Everything), AllSets, Everything).ThrowIfFail().ToList();
        Assert.Equal(12, steps.Count);
        Assert.Equal(fold.State, steps[^1].State);
        Assert.Equal(fold.State, scan[^1].State);
        Assert.Equal(scan.Map(r => r.History[^1]), steps.Where(s => s.Batch == s.BatchesPerEpoch).Select(s => s.State.History[^1]));
    }

    [Fact]
    public void MomentumAndAdamLowerTheLossFasterThanPlainGradientDescentHere()
    {
        // Not a law, a sanity check on this small problem: after 20 full-batch epochs at η = 0.05 the averaging
        // optimizers are ahead of plain gradient descent.
        double FinalLoss(Optimizer optimizer) =>
            Training.Train(Net(5), Train.X, Train.Y, new TrainingOptions(new Loss.SoftmaxCrossEntropy(), 0.05, 20, new Batching.FullBatch()) { Optimizer = optimizer })
                .ThrowIfFail().History[^1].Train.Map(e => e.Loss).IfNone(double.NaN);
        var plain = FinalLoss(new Optimizer.GradientDescent());
        Assert.True(FinalLoss(new Optimizer.Momentum()) < plain);
        Assert.True(FinalLoss(new Optimizer.Nesterov()) < plain);
        Assert.True(FinalLoss(new Optimizer.Adam()) < plain);
    }

    [Theory]
    [InlineData("adam", "β1")]
    [InlineData("dropout", "dropout")]
    [InlineData("l2", "L2")]
    [InlineData("patience", "patience")]
    [InlineData("evaluate", "evaluate-every")]
    public void BadOptionsAreRefusedWithAMessage(string what, string mentioned)
    {
        var options = what switch
        {
            "adam" => Everything with { Optimizer = new Optimizer.Adam(Beta1: 1) },
            "dropout" => Everything with { Dropout = new DropoutRates(1) },
            "l2" => Everything with { L2 = -1 },
            "patience" => Everything with { EarlyStopping = new EarlyStopping(0) },
            _ => Everything with { EvaluateEvery = 0 },
        };
        Assert.Contains(mentioned, Training.Train(Training.Start(Net(1), options), AllSets, options).Match(_ => "", e => e.Message));
    }
}
