using LanguageExt;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>The pictures of a training run: curves, the confusion matrix, and the digits it got wrong.</summary>
public static class TrainingCharts
{
    /// <summary>Loss and accuracy per evaluated epoch for train, validation and test: two PNGs.</summary>
    public static void Curves(string lossPath, string accuracyPath, Seq<EpochSummary> history, string title)
    {
        var evaluated = history.Filter(h => h.Train.IsSome).ToArray();
        Series Of(string name, Func<EpochSummary, LanguageExt.Option<Evaluation>> set, Func<Evaluation, double> value) =>
            new(name, evaluated.Where(h => set(h).IsSome).Select(h => (double)h.Epoch).ToArray(),
                evaluated.Where(h => set(h).IsSome).Select(h => value((Evaluation)set(h).Case!)).ToArray());
        IEnumerable<Series> All(Func<Evaluation, double> value) =>
            new[] { Of("train", h => h.Train, value), Of("validation", h => h.Validation, value), Of("test", h => h.Test, value) }
                .Where(s => s.X.Length > 0);
        Charts.Lines(lossPath, $"{title}: loss per epoch", "epoch", "loss", All(e => e.Loss));
        Charts.Lines(accuracyPath, $"{title}: accuracy per epoch", "epoch", "accuracy (%)", All(e => 100 * e.Accuracy));
    }

    /// <summary>The confusion matrix as a heatmap with counts, actual classes as rows.</summary>
    public static void Confusion(string path, ConfusionMatrix confusion, IReadOnlyList<string> classNames, string title)
    {
        var plot = new Plot();
        var k = confusion.Classes;
        // Row-normalised shares, so a class with fewer examples is not paler; the numbers printed are counts.
        // The heatmap's first row is drawn at the top, like the table; darker means a larger share.
        var shares = new double[k, k];
        for (var a = 0; a < k; a++)
        {
            var total = Math.Max(1, Enumerable.Range(0, k).Sum(p => confusion[a, p]));
            for (var p = 0; p < k; p++) shares[a, p] = 1 - (double)confusion[a, p] / total;
        }
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues();
        heatmap.Rectangle = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        for (var a = 0; a < k; a++)
            for (var p = 0; p < k; p++)
            {
                var text = plot.Add.Text(confusion[a, p].ToString(CultureInfo.InvariantCulture), p, k - 1 - a);
                text.LabelFontSize = 11;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = shares[a, p] < 0.5 ? Colors.White : Colors.Black;
            }
        var ticks = Enumerable.Range(0, k).Select(i => new Tick(i, classNames[i])).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, k).Select(i => new Tick(k - 1 - i, classNames[i])).ToArray());
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("label");
        Charts.Save(plot, path, 720, 680);
    }

    /// <summary>A grid of test images the network got wrong, each captioned "predicted 9 / label 2".</summary>
    public static void Misclassified(string path, IReadOnlyList<(double[] Pixels, int Predicted, int Label)> digits,
        int imageRows, int imageColumns, IReadOnlyList<string> classNames, string title)
    {
        var plot = new Plot();
        const int perRow = 6;
        var shown = digits.Take(24).ToArray();
        for (var n = 0; n < shown.Length; n++)
        {
            var (pixels, predicted, label) = shown[n];
            var image = new double[imageRows, imageColumns];
            for (var r = 0; r < imageRows; r++)
                for (var c = 0; c < imageColumns; c++) image[r, c] = pixels[r * imageColumns + c];
            var (column, row) = (n % perRow, n / perRow);
            var heatmap = plot.Add.Heatmap(image);
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
            heatmap.Rectangle = new CoordinateRect(column * 1.2, column * 1.2 + 1, -row * 1.4 - 1, -row * 1.4);
            var caption = plot.Add.Text($"predicted {classNames[predicted]} / label {classNames[label]}", column * 1.2 + 0.5, -row * 1.4 + 0.05);
            caption.LabelFontSize = 11;
            caption.LabelAlignment = Alignment.LowerCenter;
        }
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Title(title);
        var rows = Math.Max(1, (shown.Length + perRow - 1) / perRow);
        plot.Axes.SetLimits(-0.2, perRow * 1.2, -rows * 1.4 - 0.1, 0.35);
        Charts.Save(plot, path, 960, 80 + rows * 170);
    }
}
