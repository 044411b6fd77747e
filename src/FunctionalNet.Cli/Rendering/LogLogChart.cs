using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>One line of a log-log chart: a <see cref="Series"/> with its colour and whether it is dashed.</summary>
public sealed record LogLogLine(Series Series, Color Color, bool Dashed = false);

/// <summary>Log-log line charts (both axes in decades), for quantities that span many orders of magnitude.</summary>
public static class LogLogChart
{
    /// <summary>
    /// The lines on log₁₀ axes, written to <paramref name="path"/> as PNG; points ≤ 0 cannot be drawn and are left out.
    /// An optional vertical marker (e.g. a default value) is drawn dotted with its label in the legend. The legend sits
    /// at <paramref name="legend"/> inside the plot, or to its right when null (for lines that fill every corner).
    /// </summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<LogLogLine> lines,
        (double X, string Label)? marker = null, Alignment? legend = Alignment.LowerLeft)
    {
        var plot = new Plot();
        foreach (var line in lines)
        {
            var (x, y) = (line.Series.X, line.Series.Y);
            var drawable = Enumerable.Range(0, x.Length).Where(i => x[i] > 0 && y[i] > 0).ToArray();
            var scatter = plot.Add.Scatter(drawable.Select(i => Math.Log10(x[i])).ToArray(), drawable.Select(i => Math.Log10(y[i])).ToArray());
            scatter.LegendText = line.Series.Label;
            scatter.Color = line.Color;
            scatter.LineWidth = 2;
            scatter.MarkerSize = line.Dashed ? 0 : 5;
            scatter.LinePattern = line.Dashed ? LinePattern.Dashed : LinePattern.Solid;
        }
        if (marker is { } m)
        {
            var vertical = plot.Add.VerticalLine(Math.Log10(m.X), 1.5f, Colors.Gray, LinePattern.Dotted);
            vertical.LegendText = m.Label;
        }
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => $"1e{v:0}",
            };
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend is { } inside)
        {
            plot.ShowLegend(inside);
            Charts.Save(plot, path, 900, 560);
        }
        else
        {
            plot.ShowLegend(Edge.Right);
            Charts.Save(plot, path, 1200, 560);
        }
    }
}
