using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson testing</c>: both neurons on the four held-out points.</summary>
public static class TestingCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var neuron = new NeuronLessonOptions();
        return LessonShell.Define(io, "testing",
            "\"We can't just test it on one example\": both neurons on the four held-out points, with the 0.5 threshold.",
            "Test points [0,0,0], [0,1,0], [1,0,0], [1,1,0] (none in training); the right answer is the second input.",
            ["functionalnet lesson testing", "functionalnet lesson testing --epochs 1000 --plot testing.png"],
            neuron.All,
            (result, output) =>
            {
                var lesson = TestingLesson.Run(neuron.Read(result)).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static string Point(TestPrediction t) => $"[{string.Join(",", t.Input)}]";

    private static string Verdict(TestPrediction t) => (t.Correct ? "right" : "WRONG") + (t.OnThreshold ? " (ŷ is exactly 0.5: a tie)" : "");

    private static void Print(TextWriter o, TestingResult r)
    {
        o.WriteLine($"Decision: 1 if ŷ > {Number.Precise(r.Threshold)}, else 0. The label of each test point is its second input.");
        o.WriteLine($"Runs as on the slides: {r.Options.Epochs} epochs; no bias with η = {Number.Precise(r.Options.LearningRate)}; " +
            $"b(0) = {Number.Precise(r.Options.InitialBias)} with η = {Number.Precise(r.Options.BiasLearningRate)}.");
        o.WriteLine();
        var (without, with) = (r.Runs[0], r.Runs[1]);
        Table.Write(o, ["test point", "label", "ŷ no bias", "decision", "", "ŷ with bias", "decision", ""],
            without.Run.Test.Zip(with.Run.Test).Select(p => (IReadOnlyList<string>)[Point(p.Item1), p.Item1.Target.ToString(CultureInfo.InvariantCulture),
                Number.Fixed(p.Item1.Prediction, 5), p.Item1.Decision.ToString(CultureInfo.InvariantCulture), Verdict(p.Item1),
                Number.Fixed(p.Item2.Prediction, 5), p.Item2.Decision.ToString(CultureInfo.InvariantCulture), Verdict(p.Item2)]));
        o.WriteLine();
        foreach (var run in r.Runs)
        {
            var wrong = run.Run.Test.Filter(t => !t.Correct).Map(Point);
            var ties = run.Run.Test.Filter(t => t.OnThreshold).Map(Point);
            o.WriteLine($"{run.Name}: {run.Correct}/{run.Run.Test.Count} right (accuracy {Number.Fixed(run.Accuracy, 2)})" +
                (wrong.IsEmpty ? "" : $"; wrong on {string.Join(", ", wrong)}") +
                (ties.IsEmpty ? "" : $"; {string.Join(", ", ties)} sits exactly on the threshold, so its 'right' answer is the tie rule's, not the neuron's"));
        }
        o.WriteLine();
        o.WriteLine("One test point ([1,1,0] without bias, [0,0,0] with bias) looks like success; all four show what each neuron really learned.");
    }

    private static void PrintJson(LessonOutput output, TestingResult r)
    {
        foreach (var run in r.Runs)
            foreach (var t in run.Run.Test)
                Json.Line(output.Out, new JsonObject { ["event"] = "test", ["run"] = run.Name, ["input"] = Json.Array(t.Input), ["label"] = t.Target,
                    ["prediction"] = t.Prediction, ["decision"] = t.Decision, ["correct"] = t.Correct, ["on_threshold"] = t.OnThreshold });
        LessonShell.Summary(output, "testing", new JsonObject
        {
            ["threshold"] = r.Threshold,
            ["runs"] = Json.Array(r.Runs, run => new JsonObject { ["name"] = run.Name, ["correct"] = run.Correct, ["accuracy"] = run.Accuracy,
                ["predictions"] = Json.Array(run.Run.Test.Map(t => t.Prediction)) }),
        });
    }

    private static void Draw(string path, TestingResult r) => LessonCharts.Single(path, 900, 500, plot =>
    {
        var points = r.Runs[0].Run.Test;
        foreach (var (run, index) in r.Runs.Select((run, i) => (run, i)))
        {
            var bars = run.Run.Test.Select((t, i) => new Bar
            {
                Position = i * 3 + index, Value = t.Prediction, FillColor = LessonCharts.Colour(index),
                Label = Number.Fixed(t.Prediction, 3) + (t.Correct ? "" : " wrong"),
            }).ToArray();
            var plottable = plot.Add.Bars(bars);
            plottable.ValueLabelStyle.FontSize = 13;
            var ties = run.Run.Test.Count(t => t.OnThreshold);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{run.Name}: {run.Correct}/4 right" + (ties > 0 ? $" ({ties} by a tie at 0.5)" : ""),
                FillColor = LessonCharts.Colour(index) });
        }
        plot.Add.HorizontalLine(r.Threshold, 2, Colors.Black, LinePattern.Dashed);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "threshold 0.5", LineColor = Colors.Black, LinePattern = LinePattern.Dashed, LineWidth = 2 });
        plot.Axes.Bottom.SetTicks(points.Select((_, i) => i * 3 + 0.5).ToArray(),
            points.Map(t => $"{Point(t)}, label {t.Target}").ToArray());
        plot.Axes.SetLimitsY(0, 1.45);
        LessonCharts.Label(plot, "Four held-out test points: ŷ of both neurons", "", "ŷ");
        plot.ShowLegend(Alignment.UpperCenter);
    });
}
