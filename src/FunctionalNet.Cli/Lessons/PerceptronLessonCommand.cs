using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson perceptron</c>: the step neuron and the perceptron rule.</summary>
public static class PerceptronLessonCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var lecture = PerceptronLessonOptions.Lecture;
        var weights = SharedOptions.Weights();
        var bias = SharedOptions.OptionalBias();
        var learningRate = SharedOptions.LearningRate(lecture.LearningRate, "the rule");
        var epochs = SharedOptions.Epochs(lecture.MaxEpochs, "at most; the rule stops after an epoch without mistakes");
        return LessonShell.Define(io, "perceptron",
            "The step neuron and the perceptron rule on the lecture's four examples, epoch by epoch.",
            "ŷ = step(w·x + b), w ← w + η(y − ŷ)x. Prints the outputs after every epoch and why gradient descent cannot train it.",
            ["functionalnet lesson perceptron", "functionalnet lesson perceptron --weights=0,0,0 --bias 0 --plot perceptron.png"],
            [weights, bias, learningRate, epochs],
            (result, output) =>
            {
                var b = result.GetValue(bias);
                var options = new PerceptronLessonOptions(LessonShell.Numbers("--weights", result.GetValue(weights)!, 3),
                    b ?? 0, b.HasValue, LessonShell.Rate(result, learningRate),
                    Parse.AtLeast("--epochs", result.GetValue(epochs), 1));
                var lesson = PerceptronLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static string Vector(IEnumerable<double> values) => Number.Vector(values, v => Number.Fixed(v, 3));

    private static void Print(TextWriter o, PerceptronLessonResult r)
    {
        var options = r.Options;
        o.WriteLine("The perceptron: ŷ = step(w·x + b), 1 if w·x + b ≥ 0 else 0, trained by the rule w ← w + η(y − ŷ)x");
        o.WriteLine($"on the lecture's data, Y = second input. w(0) = {Vector(options.InitialWeights)}, " +
            (options.UseBias ? $"b(0) = {Number.Fixed(options.InitialBias, 3)}" : "no bias") + $", η = {Number.Precise(options.LearningRate)}");
        o.WriteLine();
        var inputs = LectureData.Inputs.Select(x => $"ŷ[{string.Join(",", x)}]");
        Table.Write(o, ["epoch", .. inputs, "corrections", "w after the epoch", .. options.UseBias ? new[] { "b" } : []],
            new[] { (IReadOnlyList<string>)["target y", .. LectureData.Targets.Select(t => t.ToString(CultureInfo.InvariantCulture)), "", ""] }
                .Append(["0 (start)", .. r.InitialOutputs.Select(v => v.ToString(CultureInfo.InvariantCulture)), "", Vector(options.InitialWeights),
                    .. options.UseBias ? new[] { Number.Fixed(options.InitialBias, 3) } : []])
                .Concat(r.Rule.History.Select(e => (IReadOnlyList<string>)[e.Epoch.ToString(CultureInfo.InvariantCulture),
                    .. e.Outputs.Select(v => v.ToString(CultureInfo.InvariantCulture)), e.Mistakes.ToString(CultureInfo.InvariantCulture),
                    Vector(e.Weights), .. options.UseBias ? new[] { Number.Fixed(e.Bias, 3) } : []])));
        o.WriteLine();
        o.WriteLine(r.Rule.Converged
            ? $"Converged: epoch {r.Rule.History.Count} made no correction, so all four training examples are right."
            : $"Not converged after {r.Rule.History.Count} epochs: the rule is still correcting mistakes.");
        o.WriteLine();
        o.WriteLine("The final step neuron on the four held-out points:");
        Table.Write(o, ["x", "label", "ŷ", "right?"], r.Test.Select(t => (IReadOnlyList<string>)[
            $"[{string.Join(",", t.Input)}]", t.Target.ToString(CultureInfo.InvariantCulture),
            t.Prediction.ToString(CultureInfo.InvariantCulture), t.Correct ? "right" : "WRONG"]));
        if (!r.Options.UseBias)
            o.WriteLine("  ([0,0,0]: without a bias z = w·0 = 0 for every w, and step(0) = 1: the problem the bias lesson fixes.)");
        o.WriteLine();
        o.WriteLine("Why gradient descent cannot train it: step′(z) = 0 wherever it exists (and it does not exist at z = 0), so");
        o.WriteLine("∂L/∂w = −Σ(y − ŷ)·step′(z)·x = 0 however wrong the outputs are. The library's backpropagation on this neuron");
        o.WriteLine($"at w(0) gives ∂L/∂w = {Vector(r.StepGradient)}: a step of gradient descent never moves. The rule above");
        o.WriteLine("does not use a derivative; the sigmoid neuron replaces the step so that gradient descent can.");
    }

    private static void PrintJson(LessonOutput output, PerceptronLessonResult r)
    {
        foreach (var e in r.Rule.History)
            Json.Line(output.Out, new JsonObject { ["event"] = "epoch", ["epoch"] = e.Epoch, ["outputs"] = Json.Array(e.Outputs), ["corrections"] = e.Mistakes,
                ["weights"] = Json.Array(e.Weights), ["bias"] = e.Bias });
        LessonShell.Summary(output, "perceptron", new JsonObject
        {
            ["converged"] = r.Rule.Converged, ["epochs"] = r.Rule.History.Count, ["initial_outputs"] = Json.Array(r.InitialOutputs),
            ["weights"] = Json.Array(r.Rule.Weights), ["bias"] = r.Rule.Bias, ["step_gradient"] = Json.Array(r.StepGradient),
            ["test"] = Json.Array(r.Test, t => new JsonObject { ["input"] = Json.Array(t.Input), ["label"] = t.Target, ["output"] = t.Prediction, ["correct"] = t.Correct }),
        });
    }

    // The four examples in the (x₁, x₂) plane (x₃ = 1 for all), and the decision line w₁x₁ + w₂x₂ + w₃ + b = 0 of each epoch.
    private static void Draw(string path, PerceptronLessonResult r) => LessonCharts.Single(path, 700, 600, plot =>
    {
        // Epochs that leave w and b unchanged share one line: "after epochs 1–2".
        var lines = new[] { (First: 0, Last: 0, Weights: r.Options.InitialWeights, Bias: r.Options.UseBias ? r.Options.InitialBias : 0) }
            .Concat(r.Rule.History.Select(e => (First: e.Epoch, Last: e.Epoch, e.Weights, e.Bias)))
            .Aggregate(new List<(int First, int Last, LanguageExt.Seq<double> Weights, double Bias)>(), (merged, line) =>
            {
                if (merged.Count > 0 && merged[^1].Weights == line.Weights && merged[^1].Bias == line.Bias)
                    merged[^1] = merged[^1] with { Last = line.Last };
                else merged.Add(line);
                return merged;
            });
        var (low, high) = (-0.5, 1.5);
        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            var (w, b) = (line.Weights, line.Bias);
            (double[] X, double[] Y) ends = Math.Abs(w[1]) > 1e-12
                ? (new[] { -0.5, 1.5 }, new[] { -0.5, 1.5 }.Select(x1 => -(w[0] * x1 + w[2] + b) / w[1]).ToArray())
                : (Enumerable.Repeat(-(w[2] + b) / w[0], 2).ToArray(), new[] { -0.5, 1.5 });
            (low, high) = (Math.Min(low, ends.Y.Min()), Math.Max(high, ends.Y.Max()));
            var label = line.First == 0 ? "start, w(0)" : line.First == line.Last ? $"after epoch {line.First}" : $"after epochs {line.First}–{line.Last}";
            LessonCharts.Line(plot, ends.X, ends.Y, label, LessonCharts.Colour(index + 2), 2, index == 0 ? LinePattern.Dashed : null);
        }
        foreach (var label in new[] { 0, 1 })
        {
            var points = LectureData.Inputs.Where((_, i) => (int)LectureData.Targets[i] == label).ToArray();
            var markers = plot.Add.Markers(points.Select(x => x[0]).ToArray(), points.Select(x => x[1]).ToArray(),
                label == 1 ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 14, Colors.Black);
            markers.LegendText = $"y = {label}";
        }
        plot.Axes.SetLimits(-0.5, 1.5, Math.Max(low, -3) - 0.2, Math.Min(high, 4) + 0.2);
        LessonCharts.Label(plot, "Perceptron: the decision line w·x + b = 0 after each epoch", "x₁", "x₂ (the answer)");
        plot.ShowLegend(Alignment.LowerRight);
    });
}
