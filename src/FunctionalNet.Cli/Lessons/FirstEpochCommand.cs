using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson first-epoch</c>: the slide's hand calculation of one epoch.</summary>
public static class FirstEpochCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var weights = SharedOptions.Weights();
        var learningRate = SharedOptions.LearningRate(LectureData.LearningRate);
        return LessonShell.Define(io, "first-epoch",
            "The slide's first epoch by hand: ŷ, the column (y − ŷ)ŷ(1 − ŷ), the gradient, w(1), L(w(0)) and L(w(1)).",
            "The single sigmoid neuron ŷ = σ(w·x) with L = ½Σ(y − ŷ)², one full-batch step of gradient descent.",
            ["functionalnet lesson first-epoch", "functionalnet lesson first-epoch --lr 0.5 --plot first-epoch.png"],
            [weights, learningRate],
            (result, output) =>
            {
                var options = new FirstEpochOptions(LessonShell.Numbers("--weights", result.GetValue(weights)!, 3), LessonShell.Rate(result, learningRate));
                var lesson = FirstEpochLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static string Three(double v) => Number.Fixed(v, 3);

    private static string Vector(IEnumerable<double> values) => Number.Vector(values, Three);

    private static void Print(TextWriter o, FirstEpochResult r)
    {
        o.WriteLine($"One epoch of the neuron ŷ = σ(w·x), L = ½ Σ (y − ŷ)², w(0) = {Vector(r.Options.InitialWeights)}, η = {Number.Precise(r.Options.LearningRate)}");
        o.WriteLine();
        Table.Write(o, ["x", "y", "z = w·x", "ŷ = σ(z)", "(y − ŷ)·ŷ·(1 − ŷ)"], r.Rows.Select(row => (IReadOnlyList<string>)[
            $"[{string.Join(",", row.Input)}]", row.Target.ToString(CultureInfo.InvariantCulture), Three(row.Z), Three(row.Prediction), Three(row.Term)]));
        o.WriteLine();
        o.WriteLine("The gradient, ∂L/∂w_j = −Σ_i (y_i − ŷ_i)·ŷ_i·(1 − ŷ_i)·x_ij, the column above dotted with each input column:");
        o.WriteLine($"  ∂L/∂w          = {Vector(r.Gradient)}");
        o.WriteLine($"  −∂L/∂w         = {Vector(r.SlideGradient)}   ← the slide's \"∂L/∂w₁ = (0 1 1 0)·column = {Three(r.SlideGradient[0])}\"");
        o.WriteLine("  The slide's number is −∂L/∂w₁ (it drops the minus sign of the derivative). Gradient descent subtracts the");
        o.WriteLine($"  gradient, w₁(1) = w₁(0) − η·∂L/∂w₁ = w₁(0) + η·{Three(r.SlideGradient[0])}, which is why w₁ grows.");
        o.WriteLine($"  w(1) = w(0) − η·∂L/∂w = {Vector(r.WeightsAfter)}   (slide: (−0.094, 0.695, −0.799))");
        o.WriteLine($"  L(w(0)) = {Three(r.LossBefore)} → L(w(1)) = {Three(r.LossAfter)}   (slide: 0.51 → 0.38)");
        o.WriteLine($"  to nine digits: w(1) = {Number.Vector(r.WeightsAfter, Number.Precise)}, L(w(0)) = {Number.Precise(r.LossBefore)}, L(w(1)) = {Number.Precise(r.LossAfter)}");
    }

    private static void PrintJson(LessonOutput output, FirstEpochResult r)
    {
        foreach (var row in r.Rows)
            Json.Line(output.Out, new JsonObject { ["event"] = "example", ["x"] = Json.Array(row.Input), ["y"] = row.Target, ["z"] = row.Z,
                ["prediction"] = row.Prediction, ["term"] = row.Term });
        LessonShell.Summary(output, "first-epoch", new JsonObject
        {
            ["column"] = Json.Array(r.Rows.Map(row => row.Term)), ["gradient"] = Json.Array(r.Gradient), ["slide_gradient"] = Json.Array(r.SlideGradient),
            ["weights_before"] = Json.Array(r.Options.InitialWeights), ["weights_after"] = Json.Array(r.WeightsAfter), ["loss_before"] = r.LossBefore,
            ["loss_after"] = r.LossAfter, ["learning_rate"] = r.Options.LearningRate,
        });
    }

    private static void Draw(string path, FirstEpochResult r) => LessonCharts.Panels(path, 1, 2, 1200, 500, (plot, panel) =>
    {
        if (panel == 0)
        {
            var bars = plot.Add.Bars(r.Rows.Select((_, i) => (double)i).ToArray(), r.Rows.Map(row => row.Term).ToArray());
            foreach (var (bar, row) in bars.Bars.Zip(r.Rows)) { bar.Label = Three(row.Term); bar.FillColor = LessonCharts.Colour(row.Term < 0 ? 3 : 2); }
            bars.ValueLabelStyle.FontSize = 14;
            plot.Axes.Bottom.SetTicks(r.Rows.Select((_, i) => (double)i).ToArray(), r.Rows.Map(row => $"x = [{string.Join(",", row.Input)}], y = {row.Target}").ToArray());
            plot.Axes.Margins(bottom: 0.15, top: 0.15);
            LessonCharts.Label(plot, "The slide's column (y − ŷ)·ŷ·(1 − ŷ)", "", "per-example term");
        }
        else
        {
            LessonCharts.Line(plot, r.StepSizes, r.LossAlongStep, "L(w(0) − t·∂L/∂w)");
            var start = plot.Add.Marker(0, r.LossBefore, MarkerShape.FilledCircle, 12, LessonCharts.Colour(1));
            start.LegendText = $"w(0): L = {Three(r.LossBefore)}";
            var step = plot.Add.Marker(r.Options.LearningRate, r.LossAfter, MarkerShape.FilledSquare, 12, LessonCharts.Colour(3));
            step.LegendText = $"w(1), t = η: L = {Three(r.LossAfter)}";
            LessonCharts.Label(plot, "The loss along the step of gradient descent", "step size t", "L = ½ Σ (y − ŷ)²");
            plot.ShowLegend(Alignment.UpperRight);
        }
    });
}
