using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>
/// A sweep's picture: for each configuration, the test (filled) and train (open) accuracy of every done run as a
/// strip of points, spread sideways by seed so that equal values stay visible (test points labelled with their seed),
/// with the mean as a bar across.
/// </summary>
public static class SweepChart
{
    /// <summary>Draws <paramref name="summary"/> to <paramref name="path"/>.</summary>
    public static void Strip(string path, SweepSummary summary, string title)
    {
        var configurations = summary.Configurations;
        var labelled = configurations.Count > 4 || configurations.Any(c => c.Name.Length > 24);
        LessonCharts.Single(path, Math.Max(700, 160 * configurations.Count + 200), labelled ? 640 : 560, plot =>
        {
            foreach (var (quantity, offset, shape, colour, label) in new[]
            {
                ("test_accuracy", -0.15, MarkerShape.FilledCircle, LessonCharts.Colour(0), "test accuracy"),
                ("train_accuracy", 0.15, MarkerShape.OpenCircle, LessonCharts.Colour(1), "train accuracy"),
            })
            {
                var first = true;
                foreach (var (configuration, c) in configurations.Select((c, i) => (c, i)))
                {
                    // Seeds spread over ±0.1 around the strip's centre, each at its place among the configuration's runs.
                    var n = configuration.Runs.Count;
                    var done = configuration.Runs.Select((r, k) => (Run: r, X: c + offset + (n > 1 ? 0.2 * k / (n - 1) - 0.1 : 0)))
                        .Where(p => p.Run.Status == RunStatus.Done).ToArray();
                    var xs = done.Select(p => p.X).ToArray();
                    var ys = done.Select(p => 100 * (SweepSummary.Value(p.Run, quantity) ?? double.NaN)).ToArray();
                    if (xs.Length == 0) continue;
                    var markers = plot.Add.Markers(xs, ys, shape, 9, colour);
                    if (quantity == "test_accuracy" && done.Length <= 20)
                        foreach (var (p, y) in done.Zip(ys))
                        {
                            var seed = plot.Add.Text($"{p.Run.Run.Seed}", p.X - 0.012, y);
                            seed.LabelFontSize = 11;
                            seed.LabelAlignment = Alignment.MiddleRight;
                        }
                    if (first) markers.LegendText = label;
                    first = false;
                    if (configuration.Spreads[quantity] is { } s)
                    {
                        var mean = plot.Add.Line(c + offset - 0.13, 100 * s.Mean, c + offset + 0.13, 100 * s.Mean);
                        mean.LineWidth = 3;
                        mean.LineColor = colour;
                    }
                }
            }
            plot.Axes.Bottom.SetTicks(configurations.Select((_, i) => (double)i).ToArray(),
                configurations.Select(c => $"{c.Name}\n{c.Done.Count()} run{(c.Done.Count() == 1 ? "" : "s")}").ToArray());
            if (labelled) plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
            plot.Axes.SetLimitsX(-0.6, configurations.Count - 0.4);
            LessonCharts.Label(plot, title, "", "accuracy (%), one point per seed (numbered); bar: mean");
            plot.ShowLegend(Alignment.LowerRight);
        });
    }
}
