namespace FunctionalNet.Lessons;

/// <summary>One run judged on the held-out points.</summary>
/// <param name="Name">"without bias" or "with bias".</param>
/// <param name="Run">The training run, whose <see cref="NeuronRun.Test"/> holds the four predictions.</param>
public sealed record TestedRun(string Name, NeuronRun Run)
{
    /// <summary>How many of the four decisions (ŷ &gt; 0.5 → 1) equal the label.</summary>
    public int Correct => Run.Test.Count(t => t.Correct);

    /// <summary>Correct / number of test points.</summary>
    public double Accuracy => (double)Correct / Run.Test.Count;
}

/// <summary>The testing lesson's result: both runs on the four points none of them trained on.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="Threshold">The decision threshold, 0.5: ŷ above it means 1.</param>
/// <param name="Runs">Without bias, then with bias.</param>
public sealed record TestingResult(NeuronOptions Options, double Threshold, Seq<TestedRun> Runs);

/// <summary>
/// Lesson 4: "we can't just test it on one example". Both neurons of the slides are asked about [0,0,0], [0,1,0],
/// [1,0,0] and [1,1,0], which are not in the training data; the right answer is the second input.
/// </summary>
public static class TestingLesson
{
    /// <summary>Trains both neurons and judges them on the test points.</summary>
    public static Fin<TestingResult> Run(NeuronOptions options) =>
        SingleNeuron.Runs(options).Map(runs => new TestingResult(options, 0.5,
            Seq(new TestedRun("without bias", runs.WithoutBias), new TestedRun("with bias", runs.WithBias))));
}
