namespace FunctionalNet.Lessons;

/// <summary>One run of the bias lesson: the neuron's training run and its output at the origin after every epoch.</summary>
/// <param name="Run">The run (weights, loss per epoch, test predictions).</param>
/// <param name="OriginPerEpoch">ŷ([0,0,0]) before training and after each epoch: always 0.5 without a bias.</param>
public sealed record BiasRun(NeuronRun Run, Seq<double> OriginPerEpoch);

/// <summary>The bias lesson: the same neuron trained without and with a bias.</summary>
public sealed record BiasResult(NeuronOptions Options, BiasRun WithoutBias, BiasRun WithBias);

/// <summary>
/// Lesson 3: why [0,0,0] always gives 0.5 without a bias. With x = 0, z = w·x = 0 for every w, so ŷ = σ(0) = ½ and
/// ∂L/∂w = −Σ(y − ŷ)ŷ(1 − ŷ)·x contributes nothing from that example: training cannot move the output there.
/// A bias b makes z = w·x + b, which the origin does see.
/// </summary>
public static class BiasLesson
{
    /// <summary>The origin, as a one-column batch.</summary>
    public static Matrix<double> Origin => Matrix<double>.Build.Dense(3, 1);

    /// <summary>Runs both trainings (the slides' η = 1 without bias, b(0) = −5 and η = 0.1 with bias).</summary>
    public static Fin<BiasResult> Run(NeuronOptions options) =>
        from runs in SingleNeuron.Runs(options)
        from withoutBias in OriginPerEpoch(SingleNeuron.Create(options.InitialWeights, None), options.LearningRate, options.Epochs)
        from withBias in OriginPerEpoch(SingleNeuron.Create(options.InitialWeights, options.InitialBias), options.BiasLearningRate, options.Epochs)
        select new BiasResult(options, new BiasRun(runs.WithoutBias, withoutBias), new BiasRun(runs.WithBias, withBias));

    /// <summary>ŷ at the origin for a neuron.</summary>
    public static double AtOrigin(Network<double> neuron) => Network.Predict(neuron, Origin)[0, 0];

    // The same run as SingleNeuron.TrainRun, scanned, so every epoch's network can be asked about the origin.
    private static Fin<Seq<double>> OriginPerEpoch(Network<double> neuron, double learningRate, int epochs) =>
        Training.Scan(neuron, LectureData.AsColumns<double>(LectureData.Inputs), LectureData.AsRow<double>(LectureData.Targets),
                SingleNeuron.TrainingOptionsFor(learningRate, epochs))
            .Map(results => AtOrigin(neuron).Cons(toSeq(results.Select(r => AtOrigin(r.Network)))).Strict());
}
