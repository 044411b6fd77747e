using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>One line of a line chart.</summary>
public sealed record Series(string Label, double[] X, double[] Y);

/// <summary>PNG charts through ScottPlot: the shell draws, the core only supplies numbers.</summary>
public static class Charts
{
    /// <summary>A line chart of several series with a legend, written to <paramref name="path"/> as PNG.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var y = logY ? s.Y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : s.Y;
            var line = plot.Add.Scatter(s.X, y);
            line.LegendText = s.Label;
            line.MarkerSize = s.X.Length > 60 ? 0 : 4;
            line.LineWidth = 2;
        }
        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = v => $"1e{v:0}",
            };
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.MiddleRight);
        Save(plot, path, 800, 500);
    }

    /// <summary>Writes the plot as PNG, creating the directory; the write goes through a temporary file.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp.png";
        plot.SavePng(temporary, width, height);
        File.Move(temporary, full, overwrite: true);
    }
}
