using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson xor</c>: one neuron cannot learn XOR, one hidden layer can.</summary>
public static class XorCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var defaults = new XorOptions();
        var hidden = SharedOptions.Hidden(defaults.Hidden, $"2–4 suffice; at most {XorLesson.MaxHidden:N0}");
        var learningRate = SharedOptions.LearningRate(defaults.LearningRate, "full-batch gradient descent");
        var epochs = SharedOptions.Epochs(defaults.Epochs, "of each run, 0 to 1,000,000");
        var seed = SharedOptions.Seed(defaults.Seed, "the first weights, drawn from U(−1, 1)");
        return LessonShell.Define(io, "xor",
            "XOR: one neuron cannot learn it (its best loss stays high), one hidden layer can; the decision regions of both.",
            "Both networks are sigmoid throughout, trained on the four points by L = ½Σ(y − ŷ)² from the same seed.",
            ["functionalnet lesson xor", "functionalnet lesson xor --hidden 2 --plot xor.png", "functionalnet lesson xor --seed 7 --json"],
            [hidden, learningRate, epochs, seed],
            (result, output) =>
            {
                var options = defaults with
                {
                    Hidden = result.GetValue(hidden), LearningRate = LessonShell.Rate(result, learningRate),
                    Epochs = Parse.AtLeast("--epochs", result.GetValue(epochs), 0), Seed = result.GetValue(seed),
                };
                var lesson = XorLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static readonly string[] Points = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"];

    private static void Print(TextWriter o, XorResult r)
    {
        o.WriteLine($"XOR: y = 1 for (0,1) and (1,0), 0 for (0,0) and (1,1). η = {Number.Precise(r.Options.LearningRate)}, {r.Options.Epochs} epochs, seed {r.Options.Seed}.");
        o.WriteLine();
        Table.Write(o, ["network", "sizes", .. Points.Select(p => $"ŷ{p}"), "right", "best loss", "final loss"],
            new[] { r.SingleNeuron, r.HiddenLayer }.Select(run => (IReadOnlyList<string>)[run.Name, string.Join("-", run.Sizes),
                .. run.Predictions.Map(p => Number.Fixed(p, 3)), $"{run.Correct}/4", Number.Fixed(run.BestLoss, 4), Number.Fixed(run.FinalLoss, 4)]));
        o.WriteLine();
        o.WriteLine("No line separates {(0,1), (1,0)} from {(0,0), (1,1)}, and one neuron's decision boundary σ(w·x + b) = 0.5 is a line:");
        o.WriteLine($"it is wrong somewhere whatever its weights, and its loss stalls (all outputs 0.5 would give 0.5). The hidden layer's");
        o.WriteLine("units each draw a line, and the output combines them into a region no single line can make.");
        if (r.SingleNeuron.Predictions.ForAll(p => Math.Abs(p - 0.5) < 0.01))
            o.WriteLine("Here the single neuron settled on ŷ ≈ 0.5 everywhere: the least bad answer a line can give; its 2/4 'right' are the tie rule's.");
    }

    private static void PrintJson(LessonOutput output, XorResult r)
    {
        foreach (var run in new[] { r.SingleNeuron, r.HiddenLayer })
            Json.Line(output.Out, new JsonObject { ["event"] = "network", ["name"] = run.Name, ["sizes"] = Json.Array(run.Sizes),
                ["predictions"] = Json.Array(run.Predictions), ["correct"] = run.Correct, ["best_loss"] = run.BestLoss, ["final_loss"] = run.FinalLoss,
                ["loss_per_epoch"] = Json.Array(run.LossPerEpoch) });
        LessonShell.Summary(output, "xor", new JsonObject
        {
            ["single_neuron"] = new JsonObject { ["correct"] = r.SingleNeuron.Correct, ["best_loss"] = r.SingleNeuron.BestLoss, ["final_loss"] = r.SingleNeuron.FinalLoss },
            ["hidden_layer"] = new JsonObject { ["hidden"] = r.Options.Hidden, ["correct"] = r.HiddenLayer.Correct, ["best_loss"] = r.HiddenLayer.BestLoss,
                ["final_loss"] = r.HiddenLayer.FinalLoss },
        });
    }

    private static void Draw(string path, XorResult r) => LessonCharts.Panels(path, 1, 2, 1300, 580, (plot, panel) =>
    {
        var run = panel == 0 ? r.SingleNeuron : r.HiddenLayer;
        var n = r.Axis.Count;
        // Heatmap rows run top to bottom; Region[i] is x₂ = Axis[i] from the bottom, so the rows are flipped.
        var values = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                values[n - 1 - i, j] = run.Region[i][j];
        var map = plot.Add.Heatmap(values);
        map.Extent = new CoordinateRect(r.Axis.Head, r.Axis.Last, r.Axis.Head, r.Axis.Last);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(map).Label = "ŷ";
        var inputs = XorLesson.Inputs;
        var targets = XorLesson.Targets;
        for (var k = 0; k < 4; k++)
            plot.Add.Marker(inputs[0, k], inputs[1, k], targets[0, k] == 1 ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 18,
                targets[0, k] == 1 ? Colors.White : Colors.Red);
        plot.Axes.SetLimits(r.Axis.Head, r.Axis.Last, r.Axis.Head, r.Axis.Last);
        LessonCharts.Label(plot, $"{run.Name}: {run.Correct}/4 right, loss {Number.Fixed(run.FinalLoss, 3)}", "x₁", "x₂");
    });
}
