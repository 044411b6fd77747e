using FunctionalNet.Lessons;

namespace FunctionalNet.Cli;

/// <summary>The options of the lessons that retrain the slides' neuron (<c>bias</c>, <c>testing</c>), as in <c>neuron</c>.</summary>
public sealed class NeuronLessonOptions
{
    private readonly Option<string> weights = LessonShell.Option("--weights", "-0.2,0.4,-1.0", "w(0) as three comma-separated numbers (use --weights=… when the first is negative)");
    private readonly Option<double> bias = LessonShell.Option("--bias", LectureData.InitialBias, "b(0) of the run with bias");
    private readonly Option<double> learningRate = LessonShell.Option("--lr", 1.0, "η of the run without bias");
    private readonly Option<double> biasLearningRate = LessonShell.Option("--bias-lr", 0.1, "η of the run with bias");
    private readonly Option<int> epochs = LessonShell.Option("--epochs", 100, "epochs of each run");

    /// <summary>The options, to add to a command.</summary>
    public Option[] All => [weights, bias, learningRate, biasLearningRate, epochs];

    /// <summary>The parsed options as the core's record.</summary>
    public NeuronOptions Read(ParseResult result) => new(
        LessonShell.Numbers("--weights", result.GetValue(weights)!, 3),
        result.GetValue(bias),
        LessonShell.Rate(result, learningRate),
        LessonShell.Rate(result, biasLearningRate),
        Parse.AtLeast("--epochs", result.GetValue(epochs), 0));
}
