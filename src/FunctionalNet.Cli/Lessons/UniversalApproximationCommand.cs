using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson universal-approximation</c>: N hidden units fit a 1-D function.</summary>
public static class UniversalApproximationCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var function = LessonShell.Option("--function", "sin", "sin, abs, step, or an expression of x such as \"sin(3*x) + x^2/2\" (+ − * / ^, sin cos tan exp log abs sqrt tanh step, pi, e)");
        var from = new Option<double?>("--from") { Description = "left end of the interval (default: −π for sin, −1 otherwise)" };
        var to = new Option<double?>("--to") { Description = "right end of the interval (default: π for sin, 1 otherwise)" };
        var units = LessonShell.Option("--units", "1,2,4,8,16,32", "the hidden-layer sizes N to try, comma-separated");
        var activation = SharedOptions.Activation("sigmoid",
            // The lesson refuses units that are linear or not element-wise.
            Names.Activations.Where(a => a is not (Activation.Identity or Activation.Softmax)));
        var epochs = SharedOptions.Epochs(3000, "of gradient descent after the start (0: the start alone)");
        var learningRate = SharedOptions.LearningRate(0.05, "gradient descent");
        var samples = LessonShell.Option("--samples", 200, "training points, evenly spaced on the interval");
        var steepness = LessonShell.Option("--steepness", 2.0, "the units' starting slope, in units of N/(interval width); above 0, at most 1,000");
        var start = LessonShell.Option("--start", "spread", "spread (units spread over the interval) or random (the lecture's U(−0.5, 0.5) weights)");
        var seed = SharedOptions.Seed(0, "the random start");
        return LessonShell.Define(io, "universal-approximation",
            "One hidden layer of N units and a linear output fit a 1-D function; the maximum error for N = 1 … 32.",
            "G(x) = Σ α_i σ(w_i x + b_i) + β: units spread over the interval, α and β by least squares, then gradient descent on all.",
            ["functionalnet lesson universal-approximation", "functionalnet lesson universal-approximation --function step --plot step.png",
             "functionalnet lesson universal-approximation --function \"exp(-x^2)*cos(4*x)\" --from -2 --to 2 --units 2,8,32"],
            [function, from, to, units, activation, epochs, learningRate, samples, steepness, start, seed],
            (result, output) =>
            {
                var target = TargetFunction.Of(result.GetValue(function)!, result.GetValue(from), result.GetValue(to)).OrUsage();
                var options = UniversalApproximationOptions.For(target) with
                {
                    Units = LessonShell.Integers("--units", result.GetValue(units)!), Activation = Names.Activation("--activation", result.GetValue(activation)!),
                    Epochs = result.GetValue(epochs), LearningRate = LessonShell.Rate(result, learningRate), Samples = result.GetValue(samples),
                    Steepness = result.GetValue(steepness), Start = ParseStart(result.GetValue(start)!), Seed = result.GetValue(seed),
                };
                var lesson = UniversalApproximationLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static UnitStart ParseStart(string name) => name.Trim().ToLowerInvariant() switch
    {
        "spread" => UnitStart.Spread,
        "random" => UnitStart.Random,
        _ => throw ShellException.Usage($"--start expects spread or random (got '{name}')"),
    };

    private static string Interval(UniversalApproximationOptions o) =>
        $"[{Number.Fixed(o.Function.From, 3)}, {Number.Fixed(o.Function.To, 3)}]";

    private static void Print(TextWriter o, UniversalApproximationResult r)
    {
        var opt = r.Options;
        o.WriteLine($"f(x) = {opt.Function.Name} on {Interval(opt)}, G(x) = Σ_i α_i {opt.Activation.Name}(w_i x + b_i) + β, " +
            $"{opt.Samples} training points, error measured on {opt.EvaluationPoints}.");
        o.WriteLine((opt.Start == UnitStart.Spread
                ? $"Start: units spread evenly with slope {Number.Precise(opt.Steepness)}·N/width, α and β by least squares"
                : $"Start: every weight and bias drawn from U(−0.5, 0.5) as in the lecture's code, seed {opt.Seed}") +
            $"; then {opt.Epochs} epochs of gradient descent, η = {Number.Precise(opt.LearningRate)}.");
        o.WriteLine();
        Table.Write(o, ["N", "max error at the start", "after descent", "at x", "training MSE"],
            r.Fits.Select(f => (IReadOnlyList<string>)[f.Units.ToString(CultureInfo.InvariantCulture), Number.Fixed(f.StartError, 4),
                Number.Fixed(f.MaxError, 4), Number.Fixed(f.WorstX, 3), Number.Precise(f.TrainingLoss)]));
        o.WriteLine();
        if (r.JumpFloor > 0.05)
        {
            o.WriteLine($"f jumps by {Number.Fixed(2 * r.JumpFloor, 3)} between neighbouring points: no continuous G comes closer than half the");
            o.WriteLine($"jump, {Number.Fixed(r.JumpFloor, 3)}, everywhere near it, however many units it has. The theorem is about continuous f;");
            o.WriteLine("here the error floor sits at the jump whatever N is.");
        }
        else
        {
            o.WriteLine("The theorem: for continuous f, some G with enough units is within any ε of f. It does not say how to find it,");
            o.WriteLine(opt.Start == UnitStart.Spread
                ? "and neither does backpropagation: here a good start does the finding. Compare --start random (the lecture's random weights)."
                : "and neither does backpropagation: from the lecture's random weights the same epochs stay far from what --start spread reaches.");
        }
    }

    private static void PrintJson(LessonOutput output, UniversalApproximationResult r)
    {
        foreach (var f in r.Fits)
            Json.Line(output.Out, new JsonObject { ["event"] = "fit", ["units"] = f.Units, ["start_error"] = f.StartError, ["max_error"] = f.MaxError,
                ["worst_x"] = f.WorstX, ["training_loss"] = f.TrainingLoss });
        LessonShell.Summary(output, "universal-approximation", new JsonObject
        {
            ["function"] = r.Options.Function.Name, ["from"] = r.Options.Function.From, ["to"] = r.Options.Function.To, ["activation"] = r.Options.Activation.Name,
            ["units"] = Json.Array(r.Fits.Map(f => f.Units)), ["max_error"] = Json.Array(r.Fits.Map(f => f.MaxError)),
            ["start_error"] = Json.Array(r.Fits.Map(f => f.StartError)), ["jump_floor"] = r.JumpFloor,
        });
    }

    private static void Draw(string path, UniversalApproximationResult r)
    {
        var columns = Math.Min(3, r.Fits.Count);
        var rows = (r.Fits.Count + columns - 1) / columns;
        LessonCharts.Panels(path, rows, columns, 500 * columns, 420 * rows, (plot, panel) =>
        {
            if (panel >= r.Fits.Count) return;
            var fit = r.Fits[panel];
            LessonCharts.Line(plot, r.X, r.Target, $"f = {r.Options.Function.Name}", Colors.Black, 3);
            LessonCharts.Line(plot, r.X, fit.Fit, $"G, N = {fit.Units}", LessonCharts.Colour(3), 2, LinePattern.Dashed);
            LessonCharts.Label(plot, $"N = {fit.Units}: max error {Number.Fixed(fit.MaxError, 4)}", "x", "");
            plot.ShowLegend(Alignment.UpperLeft);
        });
    }
}
