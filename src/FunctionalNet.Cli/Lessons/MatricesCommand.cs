using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson matrices</c>: the deep network's matrices and their dimensions.</summary>
public static class MatricesCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var sizes = LessonShell.Option("--sizes", "784,16,16,10", "layer sizes, inputs first (each at most 100,000; at most 10,000,000 parameters)");
        var examples = LessonShell.Option("--check-examples", 5, "m of the real forward and backward pass whose shapes are checked (1 to 10,000)");
        var seed = SharedOptions.Seed(MatricesOptions.Lecture.Seed, "the first weights (U(−0.5, 0.5), as in the lecture's code) and the check batch");
        return LessonShell.Define(io, "matrices",
            "\"Let's define our matrices and their dimensions\": W, B, Z, A and the gradients of 784-16-16-10, checked.",
            "The forward, backpropagation and update equations with every shape written out; a real pass checks each shape.",
            ["functionalnet lesson matrices", "functionalnet lesson matrices --sizes 2,3,1 --plot matrices.png"],
            [sizes, examples, seed],
            (result, output) =>
            {
                var options = new MatricesOptions(LessonShell.Integers("--sizes", result.GetValue(sizes)!), result.GetValue(examples), result.GetValue(seed));
                var lesson = MatricesLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static string Shape((int Rows, int Columns) shape) => $"{shape.Rows}×{shape.Columns}";

    private static void Print(TextWriter o, MatricesResult r)
    {
        var n = r.Options.Sizes;
        o.WriteLine($"The network {string.Join("-", n)}: examples are the columns of X ({n[0]}×m for a batch of m), so every layer's Z and A is n×m.");
        o.WriteLine();
        Table.Write(o, ["layer", "W", "B", "parameters"], Enumerable.Range(1, n.Count - 1).Select(l => (IReadOnlyList<string>)[
            l.ToString(CultureInfo.InvariantCulture), $"W{l}: {n[l]}×{n[l - 1]}", $"B{l}: {n[l]}×1", (n[l] * n[l - 1] + n[l]).ToString(CultureInfo.InvariantCulture)]));
        o.WriteLine($"  total parameters: {r.Network.ParameterCount}");
        foreach (var (title, equations) in new[] { ("Forward propagation", r.Forward),
            ("Backpropagation, C = |A_L − Y|² (the slide's; the 1/m of the average sits in dZ)", r.Backward), ("Update, learning rate η", r.Update) })
        {
            o.WriteLine();
            o.WriteLine(title);
            var width = equations.Max(e => e.Equation.Length);
            foreach (var e in equations) o.WriteLine($"  {e.Equation.PadRight(width)}   {e.Shapes}");
        }
        o.WriteLine();
        var m = r.Options.CheckExamples;
        o.WriteLine(r.AllMatch
            ? $"Checked against the library: a real forward and backward pass with m = {m} produced all {r.Checks.Count} matrices with exactly these shapes."
            : $"MISMATCH: with m = {m} the library produced " + string.Join(", ", r.Checks.Filter(c => !c.Matches).Map(c => $"{c.Name} as {Shape(c.Actual)}, not {Shape(c.Expected)}")));
    }

    private static void PrintJson(LessonOutput output, MatricesResult r)
    {
        foreach (var c in r.Checks)
            Json.Line(output.Out, new JsonObject { ["event"] = "matrix", ["name"] = c.Name, ["expected"] = Json.Array(new[] { c.Expected.Rows, c.Expected.Columns }),
                ["actual"] = Json.Array(new[] { c.Actual.Rows, c.Actual.Columns }), ["matches"] = c.Matches });
        LessonShell.Summary(output, "matrices", new JsonObject
        {
            ["sizes"] = Json.Array(r.Options.Sizes), ["parameters"] = r.Network.ParameterCount, ["check_examples"] = r.Options.CheckExamples,
            ["all_match"] = r.AllMatch, ["forward"] = Equations(r.Forward), ["backward"] = Equations(r.Backward), ["update"] = Equations(r.Update),
        });
    }

    private static JsonArray Equations(LanguageExt.Seq<MatrixEquation> equations) =>
        Json.Array(equations, e => new JsonObject { ["equation"] = e.Equation, ["shapes"] = e.Shapes });

    // Each layer's W and, beside it, B, as images with square cells: the shapes are seen as they are.
    private static void Draw(string path, MatricesResult r) => LessonCharts.Panels(path, r.Network.Layers.Count, 1, 1400, 260 * r.Network.Layers.Count, (plot, l) =>
    {
        var (w, b) = (r.Network.Layers[l].Parameters[0], r.Network.Layers[l].Parameters[1]);
        var gap = Math.Max(2, w.ColumnCount / 40.0);
        ScottPlot.Plottables.Heatmap Image(Matrix<double> m, double left)
        {
            var map = plot.Add.Heatmap(m.ToArray());
            map.Extent = new CoordinateRect(left, left + m.ColumnCount, 0, m.RowCount);
            map.Colormap = new ScottPlot.Colormaps.Viridis();
            map.ManualRange = new ScottPlot.Range(-0.5, 0.5);
            return map;
        }
        plot.Add.ColorBar(Image(w, 0));
        Image(b, w.ColumnCount + gap);
        plot.Add.Text($"W{l + 1}: {w.RowCount}×{w.ColumnCount}", w.ColumnCount / 2.0, w.RowCount + 0.5).Alignment = Alignment.LowerCenter;
        plot.Add.Text($"B{l + 1}: {b.RowCount}×1", w.ColumnCount + gap + 0.5, w.RowCount + 0.5).Alignment = Alignment.LowerCenter;
        plot.Axes.SetLimits(-gap, w.ColumnCount + 3 * gap, -1, w.RowCount + 3);
        plot.Axes.SquareUnits();
        plot.HideGrid();
        LessonCharts.Label(plot, $"Layer {l + 1}: first weights and biases, U(−0.5, 0.5)", "column (input)", "row (neuron)");
    });
}
