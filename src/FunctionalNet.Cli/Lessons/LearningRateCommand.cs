using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson learning-rate</c>: too small, just right, too large.</summary>
public static class LearningRateCommand
{
    private static readonly string[] LectureNames = ["too small", "just right", "too large"];

    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var lecture = LearningRateOptions.Lecture;
        var rates = LessonShell.Option("--rates", string.Join(",", lecture.LearningRates.Map(Number.Precise)), "the learning rates to compare, comma-separated");
        var epochs = SharedOptions.Epochs(lecture.Epochs, "per rate, one full-batch step each");
        var start = LessonShell.Option("--start", "-1,2", "(w, b) where every run starts (use --start=… when the first is negative)");
        var noise = LessonShell.Option("--noise", lecture.Noise, "standard deviation of the noise on the line's points");
        var seed = SharedOptions.Seed(lecture.Seed, "the noise");
        return LessonShell.Define(io, "learning-rate",
            "Too small, just right, too large: one two-parameter problem, three learning rates, loss curves and descent paths.",
            "A linear neuron ŷ = w·x + b fits noisy points of y = 2x − 1 by (1/m)Σ(ŷ − y)²; the paths are drawn on the loss's contours.",
            ["functionalnet lesson learning-rate", "functionalnet lesson learning-rate --plot learning-rate.png", "functionalnet lesson learning-rate --rates 0.1,0.3,0.44 --epochs 50"],
            [rates, epochs, start, noise, seed],
            (result, output) =>
            {
                var begin = LessonShell.Numbers("--start", result.GetValue(start)!, 2);
                var options = lecture with
                {
                    LearningRates = Parse.Numbers("--rates", result.GetValue(rates)!).Map(r => Parse.NonNegative("--rates", r)).Strict(),
                    Epochs = Parse.AtLeast("--epochs", result.GetValue(epochs), 1), Start = (begin[0], begin[1]),
                    Noise = Parse.NonNegative("--noise", result.GetValue(noise)), Seed = result.GetValue(seed),
                };
                var lesson = LearningRateLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static string Name(LearningRateResult r, int index) =>
        r.Runs.Count == LectureNames.Length ? LectureNames[index] : $"run {index + 1}";

    // Read from the run itself: the loss went up, or most steps turned back, or neither.
    private static string Behaviour(DescentPath run) =>
        run.Diverged ? "diverges"
        : run.Reversals >= (run.Path.Count - 2) / 2 ? "zig-zags, converges"
        : "steady";

    private static void Print(TextWriter o, LearningRateResult r)
    {
        o.WriteLine($"Fit ŷ = w·x + b to {r.X.Count} noisy points of y = {Number.Precise(r.Options.Slope)}x + ({Number.Precise(r.Options.Intercept)}), " +
            $"loss L = (1/m)Σ(ŷ − y)², from (w, b) = ({Number.Precise(r.Options.Start.W)}, {Number.Precise(r.Options.Start.B)}).");
        o.WriteLine($"The best line (least squares) is w = {Number.Fixed(r.Minimum.W, 3)}, b = {Number.Fixed(r.Minimum.B, 3)}. The loss is a bowl whose steepest");
        o.WriteLine($"curvature is λ_max = {Number.Fixed(r.LargestCurvature, 3)}: a step multiplies the distance along it by (1 − η·λ_max), so η above");
        o.WriteLine($"1/λ_max = {Number.Fixed(1 / r.LargestCurvature, 3)} overshoots and zig-zags, and η above 2/λ_max = {Number.Fixed(r.CriticalRate, 3)} diverges.");
        o.WriteLine();
        Table.Write(o, ["", "η", "η·λ_max", "loss at start", $"after {r.Options.Epochs} epochs", "lowest", "reversals", "behaviour"],
            r.Runs.Select((run, i) => (IReadOnlyList<string>)[Name(r, i), Number.Precise(run.LearningRate), Number.Fixed(run.LearningRate * r.LargestCurvature, 2),
                Number.Fixed(run.Loss.Head, 4), Number.Precise(run.Loss.Last), Number.Precise(run.Loss.Min()),
                run.Reversals.ToString(CultureInfo.InvariantCulture), Behaviour(run)]));
        o.WriteLine();
        o.WriteLine("Reversals count the steps that point back against the previous one (the zig-zag across the valley).");
    }

    private static void PrintJson(LessonOutput output, LearningRateResult r)
    {
        foreach (var (run, i) in r.Runs.Select((run, i) => (run, i)))
            Json.Line(output.Out, new JsonObject { ["event"] = "run", ["name"] = Name(r, i), ["learning_rate"] = run.LearningRate, ["loss"] = Json.Array(run.Loss),
                ["path"] = Json.Array(run.Path, p => Json.Array(new[] { p.W, p.B })), ["diverged"] = run.Diverged, ["reversals"] = run.Reversals });
        LessonShell.Summary(output, "learning-rate", new JsonObject
        {
            ["minimum"] = Json.Array(new[] { r.Minimum.W, r.Minimum.B }), ["largest_curvature"] = r.LargestCurvature, ["critical_rate"] = r.CriticalRate,
            ["final_loss"] = Json.Array(r.Runs.Map(run => run.Loss.Last)), ["diverged"] = Json.Array(r.Runs.Map(run => run.Diverged)),
            ["reversals"] = Json.Array(r.Runs.Map(run => run.Reversals)),
        });
    }

    private static void Draw(string path, LearningRateResult r) => LessonCharts.Panels(path, 1, 2, 1400, 620, (plot, panel) =>
    {
        if (panel == 0)
        {
            foreach (var (run, i) in r.Runs.Select((run, i) => (run, i)))
                LessonCharts.Line(plot, LessonCharts.Counting(run.Loss.Count), run.Loss.Map(v => Math.Log10(v)),
                    $"{Name(r, i)}, η = {Number.Precise(run.LearningRate)}", LessonCharts.Colour(i));
            var losses = r.Runs.Bind(run => run.Loss).Filter(v => v > 0 && double.IsFinite(v));
            LessonCharts.LogTicks(plot, losses.Min(), losses.Max());
            LessonCharts.Label(plot, "Loss against epoch", "epoch", "L (log scale)");
            plot.ShowLegend(Alignment.LowerLeft);
            return;
        }
        var s = r.Surface;
        var grid = new Coordinates3d[s.B.Count, s.W.Count];
        for (var i = 0; i < s.B.Count; i++)
            for (var j = 0; j < s.W.Count; j++)
                grid[i, j] = new Coordinates3d(s.W[j], s.B[i], Math.Log10(s.Loss[i][j]));
        var contours = plot.Add.ContourLines(grid, 14);
        contours.LineColor = Colors.Gray;
        contours.LabelStyle.IsVisible = false;
        foreach (var (run, i) in r.Runs.Select((run, i) => (run, i)))
        {
            var line = LessonCharts.Line(plot, run.Path.Map(p => p.W), run.Path.Map(p => p.B), $"{Name(r, i)}, η = {Number.Precise(run.LearningRate)}", LessonCharts.Colour(i));
            line.MarkerSize = 5;
        }
        var minimum = plot.Add.Marker(r.Minimum.W, r.Minimum.B, MarkerShape.Cross, 16, Colors.Black);
        minimum.LegendText = "minimum";
        plot.Axes.SetLimits(s.W.Head, s.W.Last, s.B.Head, s.B.Last);
        plot.Axes.SquareUnits();
        LessonCharts.Label(plot, "Descent paths on the loss's contours", "w", "b");
        plot.ShowLegend(Alignment.LowerLeft);
    });
}
