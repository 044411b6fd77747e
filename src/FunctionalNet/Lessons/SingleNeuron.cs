namespace FunctionalNet.Lessons;

/// <summary>The lecture's single-neuron walkthrough, with the slide's values as defaults.</summary>
/// <param name="InitialWeights">w(0).</param>
/// <param name="InitialBias">b(0) of the bias run.</param>
/// <param name="LearningRate">η of the run without bias (the slide's 1.0).</param>
/// <param name="BiasLearningRate">η of the run with bias (the slide's 0.1).</param>
/// <param name="Epochs">Epochs of each run (the slide's 100).</param>
public sealed record NeuronOptions(
    Seq<double> InitialWeights, double InitialBias = LectureData.InitialBias,
    double LearningRate = LectureData.LearningRate, double BiasLearningRate = LectureData.BiasLearningRate, int Epochs = LectureData.Epochs)
{
    /// <summary>The slide's values.</summary>
    public static NeuronOptions Lecture => new(toSeq(LectureData.InitialWeights).Strict());
}

/// <summary>A prediction ŷ for one test point.</summary>
public sealed record TestPrediction(Seq<double> Input, double Target, double Prediction)
{
    /// <summary>The lecture's decision: 1 if ŷ &gt; 0.5, else 0.</summary>
    public int Decision => Prediction > 0.5 ? 1 : 0;

    /// <summary>Whether the decision equals the target.</summary>
    public bool Correct => Decision == (int)Target;

    /// <summary>ŷ is exactly the threshold 0.5: the decision is then the tie rule's, not the neuron's.</summary>
    public bool OnThreshold => Prediction == 0.5;
}

/// <summary>One training run of the neuron: its final parameters, loss per epoch and test predictions.</summary>
public sealed record NeuronRun(Seq<double> Weights, Option<double> Bias, double LearningRate, Seq<double> LossPerEpoch,
    double FinalLoss, Seq<TestPrediction> Test);

/// <summary>Everything the slides compute: the hand-computed first epoch, then the two 100-epoch runs.</summary>
/// <param name="PredictionsBefore">ŷ for the four training examples with w(0).</param>
/// <param name="LossBefore">L(w(0)).</param>
/// <param name="Gradient">∂L/∂w at w(0).</param>
/// <param name="WeightsAfterOneEpoch">w(1) = w(0) − η·∂L/∂w.</param>
/// <param name="LossAfterOneEpoch">L(w(1)).</param>
/// <param name="WithoutBias">The run without bias.</param>
/// <param name="WithBias">The run with bias.</param>
/// <param name="Options">The options the walkthrough ran with.</param>
public sealed record NeuronReport(NeuronOptions Options, Seq<double> PredictionsBefore, double LossBefore, Seq<double> Gradient,
    Seq<double> WeightsAfterOneEpoch, double LossAfterOneEpoch, NeuronRun WithoutBias, NeuronRun WithBias);

/// <summary>
/// The single sigmoid neuron ŷ = σ(w·x + b) trained by the library itself (a one-layer network, loss ½Σ(y − ŷ)²,
/// full-batch gradient descent), in double precision.
/// </summary>
public static class SingleNeuron
{
    /// <summary>The neuron as a network: one dense layer of one sigmoid unit, with or without bias.</summary>
    public static Network<double> Create(Seq<double> weights, Option<double> bias) =>
        new(Seq1<Layer<double>>(new DenseLayer<double>(
            Matrix<double>.Build.Dense(1, weights.Count, weights.ToArray()),
            bias.Map(b => Matrix<double>.Build.Dense(1, 1, b)),
            new Activation.Sigmoid())));

    /// <summary>Refuses options the walkthrough cannot run: not three weights, a negative η or epoch count.</summary>
    public static Fin<NeuronOptions> Validate(NeuronOptions options)
    {
        if (options.InitialWeights.Count != 3) return Error.New($"the neuron has 3 weights (got {options.InitialWeights.Count})");
        if (!(options.LearningRate >= 0) || !(options.BiasLearningRate >= 0))
            return Error.New("the learning rate must be ≥ 0");
        if (options.Epochs < 0) return Error.New($"the number of epochs must be ≥ 0 (got {options.Epochs})");
        if (!double.IsFinite(options.InitialBias)) return Error.New($"the bias b(0) must be a finite number (got {options.InitialBias})");
        return Limits.Epochs(options.Epochs).Map(_ => options);
    }

    /// <summary>The two training runs of the slides: without a bias (η), then with b(0) (the bias run's η).</summary>
    public static Fin<(NeuronRun WithoutBias, NeuronRun WithBias)> Runs(NeuronOptions options) =>
        from _ in Validate(options)
        from withoutBias in TrainRun(Create(options.InitialWeights, None), options.LearningRate, options.Epochs)
        from withBias in TrainRun(Create(options.InitialWeights, options.InitialBias), options.BiasLearningRate, options.Epochs)
        select (withoutBias, withBias);

    /// <summary>Runs the walkthrough: the first epoch of <see cref="FirstEpochLesson"/>, then the two runs.</summary>
    public static Fin<NeuronReport> Run(NeuronOptions options) =>
        from _ in Validate(options)
        from first in FirstEpochLesson.Run(new FirstEpochOptions(options.InitialWeights, options.LearningRate))
        from runs in Runs(options)
        select new NeuronReport(options, first.Rows.Map(r => r.Prediction).Strict(), first.LossBefore, first.Gradient,
            first.WeightsAfter, first.LossAfter, runs.WithoutBias, runs.WithBias);

    /// <summary>Full-batch training of the neuron on the lecture's four examples, then its test predictions.</summary>
    public static Fin<NeuronRun> TrainRun(Network<double> neuron, double learningRate, int epochs)
    {
        var x = LectureData.AsColumns<double>(LectureData.Inputs);
        var y = LectureData.AsRow<double>(LectureData.Targets);
        var options = TrainingOptionsFor(learningRate, epochs);
        return Training.Train(neuron, x, y, options).Map(result =>
        {
            var layer = (DenseLayer<double>)result.Network.Layers[0];
            var predictions = LectureData.FirstRow(Network.Predict(result.Network, LectureData.AsColumns<double>(LectureData.TestInputs)));
            var test = toSeq(LectureData.TestInputs.Select((point, i) =>
                new TestPrediction(toSeq(point).Strict(), LectureData.TestTargets[i], predictions[i]))).Strict();
            return new NeuronRun(WeightsOf(result.Network), layer.Bias.Map(b => b[0, 0]), learningRate,
                result.History.Map(h => h.Loss), Network.Cost(result.Network, options.Loss, x, y), test);
        });
    }

    /// <summary>The slides' training: loss ½Σ(y − ŷ)², full-batch gradient descent.</summary>
    public static TrainingOptions TrainingOptionsFor(double learningRate, int epochs) =>
        new(new Loss.HalfSumSquares(), learningRate, epochs, new Batching.FullBatch());

    private static Seq<double> WeightsOf(Network<double> neuron) => LectureData.FirstRow(((DenseLayer<double>)neuron.Layers[0]).Weights);
}
