namespace FunctionalNet.Lessons;

/// <summary>The XOR lesson's inputs.</summary>
/// <param name="Hidden">Units of the hidden layer (2–4 suffice).</param>
/// <param name="LearningRate">η of full-batch gradient descent on ½Σ(y − ŷ)².</param>
/// <param name="Epochs">Epochs of each run.</param>
/// <param name="Seed">Seeds the first weights, drawn from U(−1, 1).</param>
/// <param name="Resolution">Grid points per axis of the decision-region map over [−0.5, 1.5]².</param>
public sealed record XorOptions(int Hidden = 3, double LearningRate = 2.0, int Epochs = 5000, int Seed = 1, int Resolution = 81);

/// <summary>One network trained on XOR.</summary>
/// <param name="Name">What it is.</param>
/// <param name="Sizes">Layer sizes, inputs first.</param>
/// <param name="LossPerEpoch">The loss at the start of each epoch.</param>
/// <param name="FinalLoss">The loss after training.</param>
/// <param name="Predictions">ŷ for (0,0), (0,1), (1,0), (1,1).</param>
/// <param name="Correct">How many decisions (ŷ &gt; 0.5) are right.</param>
/// <param name="Region">Region[i][j] = ŷ at (x₁, x₂) = (Axis[j], Axis[i]).</param>
public sealed record XorRun(string Name, Seq<int> Sizes, Seq<double> LossPerEpoch, double FinalLoss, Seq<double> Predictions,
    int Correct, Seq<Seq<double>> Region)
{
    /// <summary>The lowest loss the run ever reached.</summary>
    public double BestLoss => Math.Min(FinalLoss, LossPerEpoch.IsEmpty ? FinalLoss : LossPerEpoch.Min());
}

/// <summary>The XOR lesson's result.</summary>
public sealed record XorResult(XorOptions Options, Seq<double> Axis, XorRun SingleNeuron, XorRun HiddenLayer);

/// <summary>
/// Lesson 9: XOR. No line separates {(0,1), (1,0)} from {(0,0), (1,1)}, so one neuron σ(w·x + b) is wrong on at least
/// one of the four points whatever its weights, and its loss stalls high; one hidden layer bends the boundary.
/// </summary>
public static class XorLesson
{
    /// <summary>The four inputs as columns: (0,0), (0,1), (1,0), (1,1).</summary>
    public static Matrix<double> Inputs => Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } });

    /// <summary>x₁ XOR x₂.</summary>
    public static Matrix<double> Targets => Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

    /// <summary>The widest hidden layer the lesson trains: its four points need 2–4, and each unit costs every epoch.</summary>
    public const int MaxHidden = 1_000;

    /// <summary>Trains the single neuron (2-1) and the hidden-layer network (2-H-1) from the same seed.</summary>
    public static Fin<XorResult> Run(XorOptions options)
    {
        if (options.Hidden < 1) return Error.New($"the hidden layer needs at least 1 unit (got {options.Hidden})");
        if (options.Hidden > MaxHidden) return Error.New($"the hidden layer has at most {MaxHidden:N0} units here (got {options.Hidden:N0}); 2–4 suffice");
        if (Limits.LessonNetwork([2, options.Hidden, 1]).Bind(_ => Limits.Epochs(options.Epochs))
                .Bind(_ => Limits.Work(Limits.TrainingWork(options.Epochs, 4, 4.0 * options.Hidden + 1), "training the hidden layer")) is { IsFail: true } tooMuch)
            return tooMuch.Map(_ => default(XorResult)!);
        if (options.Resolution < 2) return Error.New($"the region map needs at least 2 points per axis (got {options.Resolution})");
        var axis = toSeq(Enumerable.Range(0, options.Resolution).Select(i => -0.5 + 2.0 * i / (options.Resolution - 1))).Strict();
        return from single in Train("one neuron", [2, 1], options, axis)
               from hidden in Train($"hidden layer of {options.Hidden}", [2, options.Hidden, 1], options, axis)
               select new XorResult(options, axis, single, hidden);
    }

    private static Fin<XorRun> Train(string name, int[] sizes, XorOptions options, Seq<double> axis)
    {
        var loss = new Loss.HalfSumSquares();
        var (x, y) = (Inputs, Targets);
        var grid = Matrix<double>.Build.Dense(2, axis.Count * axis.Count, (r, k) => r == 0 ? axis[k % axis.Count] : axis[k / axis.Count]);
        return from specs in LayerSpec.Stack(sizes, new Activation.Sigmoid(), new Activation.Sigmoid())
               from network in Initialization.Create<double>(specs, new Initializer.Uniform(-1, 1), options.Seed)
               from result in Training.Train(network, x, y, new TrainingOptions(loss, options.LearningRate, options.Epochs, new Batching.FullBatch()))
               let predictions = LectureData.FirstRow(Network.Predict(result.Network, x))
               let region = LectureData.FirstRow(Network.Predict(result.Network, grid))
               select new XorRun(name, toSeq(sizes).Strict(), result.History.Map(h => h.Loss).Strict(),
                   Network.Cost(result.Network, loss, x, y), predictions,
                   predictions.Zip(LectureData.FirstRow(y)).Count(p => (p.Item1 > 0.5 ? 1 : 0) == (int)p.Item2),
                   toSeq(Enumerable.Range(0, axis.Count).Select(i => region.Skip(i * axis.Count).Take(axis.Count).Strict())).Strict());
    }
}
