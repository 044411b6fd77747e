using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>The lesson pictures' shared pieces: panels in a grid, lines, and a consistent look.</summary>
public static class LessonCharts
{
    /// <summary>A figure of <paramref name="rows"/> × <paramref name="columns"/> panels, each drawn by <paramref name="draw"/>(panel, index).</summary>
    public static void Panels(string path, int rows, int columns, int width, int height, Action<Plot, int> draw)
    {
        var figure = new Multiplot();
        figure.AddPlots(rows * columns);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (var i = 0; i < rows * columns; i++) draw(figure.GetPlot(i), i);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp.png";
        figure.SavePng(temporary, width, height);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>A single-panel figure.</summary>
    public static void Single(string path, int width, int height, Action<Plot> draw)
    {
        var plot = new Plot();
        draw(plot);
        Charts.Save(plot, path, width, height);
    }

    /// <summary>A labelled line of (x, y) points, without markers when there are many.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, IEnumerable<double> x, IEnumerable<double> y, string? label = null,
        Color? color = null, float width = 2, LinePattern? pattern = null)
    {
        var (xs, ys) = (x.ToArray(), y.ToArray());
        var line = plot.Add.Scatter(xs, ys, color);
        line.LineWidth = width;
        line.MarkerSize = xs.Length > 40 ? 0 : 4;
        if (pattern is { } p) line.LinePattern = p;
        if (label is not null) line.LegendText = label;
        return line;
    }

    /// <summary>Titles and axis labels in one call.</summary>
    public static void Label(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title, size: 14);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);
    }

    /// <summary>
    /// A logarithmic y axis for values already plotted as log₁₀: major ticks at the powers of ten between
    /// <paramref name="lowest"/> and <paramref name="highest"/> (the raw values), minor ticks at 2…9 times them.
    /// </summary>
    public static void LogTicks(Plot plot, double lowest, double highest)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var power = (int)Math.Floor(Math.Log10(lowest)); power <= (int)Math.Ceiling(Math.Log10(highest)); power++)
        {
            ticks.AddMajor(power, power switch { 0 => "1", 1 => "10", -1 => "0.1", _ => $"1e{power}" });
            for (var k = 2; k < 10; k++) ticks.AddMinor(power + Math.Log10(k));
        }
        plot.Axes.Left.TickGenerator = ticks;
    }

    /// <summary>0, 1, …, count − 1 as doubles: an x axis of epochs or updates.</summary>
    public static double[] Counting(int count) => Enumerable.Range(0, count).Select(i => (double)i).ToArray();

    /// <summary>The colour of series <paramref name="index"/> in every lesson picture.</summary>
    public static Color Colour(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
