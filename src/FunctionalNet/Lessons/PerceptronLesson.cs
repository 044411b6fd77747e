namespace FunctionalNet.Lessons;

/// <summary>The perceptron lesson's inputs, with the lecture's values as defaults.</summary>
/// <param name="InitialWeights">w(0), the slide's (−0.2, 0.4, −1.0).</param>
/// <param name="InitialBias">b(0); used only with <paramref name="UseBias"/>.</param>
/// <param name="UseBias">Whether the rule also updates a bias (the lecture's first neuron has none).</param>
/// <param name="LearningRate">η of the rule w ← w + η(y − ŷ)x.</param>
/// <param name="MaxEpochs">The rule stops earlier when an epoch makes no mistake.</param>
public sealed record PerceptronLessonOptions(
    Seq<double> InitialWeights, double InitialBias = 0, bool UseBias = false, double LearningRate = 1.0, int MaxEpochs = 20)
{
    /// <summary>The slide's values.</summary>
    public static PerceptronLessonOptions Lecture => new(toSeq(LectureData.InitialWeights).Strict());
}

/// <summary>What the perceptron lesson shows.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="InitialOutputs">step(w(0)·x + b(0)) on the four training examples, before any update.</param>
/// <param name="Rule">The perceptron rule's run: outputs, mistakes and weights per epoch.</param>
/// <param name="Test">The final step neuron on the four held-out points.</param>
/// <param name="StepGradient">
/// ∂L/∂w of the step neuron at w(0) under L = ½Σ(y − ŷ)², from the library's backpropagation: all zero, because
/// step′(z) = 0 wherever it exists. This is why gradient descent cannot train a perceptron.
/// </param>
public sealed record PerceptronLessonResult(PerceptronLessonOptions Options, Seq<int> InitialOutputs, PerceptronResult Rule,
    Seq<TestPrediction> Test, Seq<double> StepGradient);

/// <summary>Lesson 1: the step neuron and the perceptron rule on the lecture's four examples.</summary>
public static class PerceptronLesson
{
    /// <summary>Runs the rule, then asks backpropagation for the step neuron's gradient.</summary>
    public static Fin<PerceptronLessonResult> Run(PerceptronLessonOptions options)
    {
        if (Limits.Epochs(options.MaxEpochs) is { IsFail: true } tooMany) return tooMany.Map(_ => default(PerceptronLessonResult)!);
        var labels = LectureData.Targets.Select(t => (int)t).ToArray();
        var bias = options.UseBias ? options.InitialBias : 0;
        return Perceptron.Train(LectureData.Inputs, labels, options.InitialWeights.ToArray(), bias,
                options.LearningRate, options.MaxEpochs, options.UseBias)
            .Map(rule => new PerceptronLessonResult(options,
                toSeq(LectureData.Inputs.Select(x => Perceptron.Output(options.InitialWeights, bias, x))).Strict(),
                rule,
                toSeq(LectureData.TestInputs.Select((x, i) =>
                    new TestPrediction(toSeq(x).Strict(), LectureData.TestTargets[i], Perceptron.Output(rule.Weights, rule.Bias, x)))).Strict(),
                StepGradient(options.InitialWeights)));
    }

    private static Seq<double> StepGradient(Seq<double> weights)
    {
        var neuron = new Network<double>(Seq1<Layer<double>>(new DenseLayer<double>(
            Matrix<double>.Build.Dense(1, weights.Count, weights.ToArray()), None, new Activation.Step())));
        var (gradients, _) = Backpropagation.Run(neuron, new Loss.HalfSumSquares(),
            LectureData.AsColumns<double>(LectureData.Inputs), LectureData.AsRow<double>(LectureData.Targets));
        return toSeq(gradients.Layers[0][0].Enumerate()).Strict();
    }
}
