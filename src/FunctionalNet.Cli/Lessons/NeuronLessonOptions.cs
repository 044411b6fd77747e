using FunctionalNet.Lessons;

namespace FunctionalNet.Cli;

/// <summary>
/// The options of the commands that retrain the slides' neuron (<c>neuron</c>, and the lessons <c>bias</c> and
/// <c>testing</c>), with the slides' values as defaults.
/// </summary>
public sealed class NeuronLessonOptions
{
    private readonly Option<string> weights = SharedOptions.Weights();
    private readonly Option<double> bias = SharedOptions.Bias();
    private readonly Option<double> learningRate = SharedOptions.LearningRate(LectureData.LearningRate, "the run without bias");
    private readonly Option<double> biasLearningRate = SharedOptions.BiasLearningRate();
    private readonly Option<int> epochs = SharedOptions.Epochs(LectureData.Epochs, "of each run, 0 to 1,000,000");

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
