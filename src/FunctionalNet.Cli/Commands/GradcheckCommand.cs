using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary>What <c>functionalnet gradcheck</c> checks: a network from layer sizes and a seed, a random batch, and the check's options.</summary>
/// <param name="Sizes">Layer sizes, inputs first (e.g. 6,5,4,3).</param>
/// <param name="Hidden">The hidden layers' activation.</param>
/// <param name="Output">The output layer's activation.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Maxout">Some(k): the hidden layers are maxout layers of k pieces.</param>
/// <param name="Initializer">How the weights are drawn.</param>
/// <param name="Seed">Seeds the weights, the batch and the sample.</param>
/// <param name="Batch">Examples in the batch.</param>
/// <param name="Check">The check's options.</param>
public sealed record GradcheckSettings(int[] Sizes, Activation Hidden, Activation Output, Loss Loss, LanguageExt.Option<int> Maxout,
    Initializer Initializer, int Seed, int Batch, GradientCheckOptions Check)
{
    /// <summary>The network and batch in precision T: the float32 network and batch are the float64 ones, rounded.</summary>
    public LanguageExt.Fin<(Network<T> Network, Matrix<T> X, Matrix<T> Y)> Problem<T>() where T : struct, IFloatingPointIeee754<T> =>
        from stack in LayerSpec.Stack(Sizes, Hidden, Output)
        let specs = Maxout.Match(pieces => LayerSpec.MaxoutHidden(stack, pieces), () => stack)
        from network in Initialization.Create<T>(specs, Initializer, Seed)
        from batch in SyntheticBatch.Create<T>(Loss, Sizes[0], Sizes[^1], Batch, Seed)
        select (network, batch.X, batch.Y);

    /// <summary>The network in a few words: <c>6-5-4-3, tanh hidden, softmax output</c>.</summary>
    public string Description =>
        $"{string.Join("-", Sizes)}, " + Maxout.Match(k => $"maxout({k})", () => Hidden.ToString()) + $" hidden, {Output} output";
}

/// <summary>
/// <c>functionalnet gradcheck</c>: backpropagation's gradient against central differences on a seeded network and
/// batch; exits 1 when an entry away from a kink exceeds the threshold. <c>--sweep</c> draws the error against h.
/// </summary>
public static class GradcheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var layers = SharedOptions.Layers("6,5,4,3");
        var activation = SharedOptions.Activation("tanh");
        var output = SharedOptions.OutputActivation();
        var loss = SharedOptions.Loss("softmax-ce");
        var maxout = new Option<int?>("--maxout") { Description = "make the hidden layers maxout layers of K ≥ 2 pieces" };
        var init = SharedOptions.Initializer("glorot");
        var seed = SharedOptions.Seed(1, "the weights, the batch and the sample");
        // Not the shared --batch of training (a batching: N, 1 or full): here the size of one synthetic batch.
        var batch = new Option<int>("--batch") { Description = "examples in the random batch", DefaultValueFactory = _ => 4 };
        var step = new Option<double>("--h") { Description = "the central difference's step h", DefaultValueFactory = _ => GradientCheckOptions.DefaultStep };
        var sample = new Option<int?>("--sample") { Description = "check N seeded entries of each parameter matrix instead of all" };
        var threshold = new Option<double>("--threshold") { Description = "fail above this relative error", DefaultValueFactory = _ => new GradientCheckOptions().Threshold };
        var worst = new Option<int>("--worst") { Description = "how many of the worst entries to list", DefaultValueFactory = _ => new GradientCheckOptions().Worst };
        var floor = new Option<double>("--floor") { Description = "the relative error's smallest denominator, as a fraction of the round-off scale S", DefaultValueFactory = _ => new GradientCheckOptions().Floor };
        var export = new Option<string?>("--export-gradients") { Description = "write the analytic gradients to this NumPy .npz file (arrays W1, b1, …)" };
        var sweep = new Option<bool>("--sweep") { Description = "sweep h from 1e-1 to 1e-12 in float64 and float32 instead of one check" };
        var plot = SharedOptions.Plot("the error-vs-h curves of --sweep (log-log)");
        var directions = new Option<int?>("--directions") { Description = "check K seeded random unit directions over all parameters instead of entries: O(K) forward passes" };
        var json = SharedOptions.Json();

        var command = new Command("gradcheck",
            "Check backpropagation against central differences (C(θ+h) − C(θ−h)) / 2h on a seeded network and random batch.\n" +
            "Entries whose ±h interval crosses a kink (ReLU, leaky ReLU, step, ELU at 0; maxout ties) are reported, not failed.\n" +
            "Exits 1 when the largest relative error away from kinks is above the threshold.\n" +
            "Examples:\n  functionalnet gradcheck --layers 6,5,4,3 --activation tanh --loss softmax-ce --seed 1\n" +
            "  functionalnet gradcheck --layers 784,16,16,10 --activation sigmoid --loss mse --sample 20 --json\n" +
            "  functionalnet gradcheck --activation relu --loss half-sse --maxout 2 --export-gradients grads.npz\n" +
            "  functionalnet gradcheck --sweep --plot docs/gradcheck-sweep.png\n" +
            "  functionalnet gradcheck --layers 784,800,800,10 --activation relu --directions 16")
        {
            layers, activation, output, loss, maxout, init, seed, batch, step, sample, threshold, worst, floor, export, sweep, plot, json,
            directions,
        };
        command.SetAction(result =>
        {
            var hidden = Names.Activation("--activation", result.GetValue(activation)!);
            var lossValue = Names.Loss("--loss", result.GetValue(loss)!);
            var settings = new GradcheckSettings(
                Parse.Sizes("--layers", result.GetValue(layers)!),
                hidden,
                result.GetValue(output) is { } name ? Names.Activation("--output-activation", name) : RecipeMerge.OutputFor(lossValue, hidden),
                lossValue,
                Optional(result.GetValue(maxout)).Map(k => Parse.AtLeast("--maxout", k, 2)),
                Names.Initializer("--init", result.GetValue(init)!),
                result.GetValue(seed),
                Parse.AtLeast("--batch", result.GetValue(batch), 1),
                new GradientCheckOptions
                {
                    Step = Positive("--h", result.GetValue(step)),
                    Sample = Optional(result.GetValue(sample)).Map(n => Parse.AtLeast("--sample", n, 1)),
                    Threshold = Parse.NonNegative("--threshold", result.GetValue(threshold)),
                    Worst = Parse.AtLeast("--worst", result.GetValue(worst), 0),
                    Floor = Positive("--floor", result.GetValue(floor)),
                    Seed = result.GetValue(seed),
                    Directions = Optional(result.GetValue(directions)).Map(k => Parse.AtLeast("--directions", k, 1)),
                });
            var plotPath = result.GetValue(plot);
            if (plotPath is not null && !result.GetValue(sweep)) throw ShellException.Usage("--plot draws the sweep: add --sweep");
            if (settings.Check.Directions.IsSome && (result.GetValue(sweep) || result.GetValue(sample) is not null || result.GetValue(export) is not null))
                throw ShellException.Usage("--directions checks random directions over all parameters: it does not combine with --sweep, --sample or --export-gradients");
            if (settings.Check.Directions.IsSome) return GradcheckDirections.Check(io.Out, settings, result.GetValue(json));
            return result.GetValue(sweep)
                ? Sweep(io.Out, settings, result.GetValue(json), plotPath)
                : Check(io.Out, settings, result.GetValue(json), result.GetValue(export));
        });
        return command;
    }

    private static double Positive(string option, double value) =>
        Parse.NonNegative(option, value) > 0 ? value : throw ShellException.Usage($"{option} must be > 0 (got {Number.Precise(value)})");

    private static int Check(TextWriter o, GradcheckSettings settings, bool json, string? exportPath)
    {
        var (network, x, y) = settings.Problem<double>().OrUsage();
        var check = GradientCheck.Run(network, settings.Loss, x, y, settings.Check).OrUsage();
        if (exportPath is not null)
            Npz.Write(exportPath, network.ParameterNames.Zip(Backpropagation.Run(network, settings.Loss, x, y).Gradients.Layers)
                .SelectMany(layer => layer.Item1.Zip(layer.Item2)).Select(p => (p.Item1, p.Item2)));
        if (json) PrintJson(o, settings, check, exportPath);
        else Print(o, settings, check, exportPath);
        return check.Passed ? Exit.Ok
            : throw ShellException.Failure($"gradient check failed: max relative error {Scientific(check.MaxRelativeError)} > threshold " +
                $"{Scientific(check.Options.Threshold)} at {Where(check.Entries.Where(e => !e.Kink).MaxBy(e => e.RelativeError)!)}");
    }

    private static void Print(TextWriter o, GradcheckSettings s, GradientCheckResult r, string? exportPath)
    {
        o.WriteLine($"Gradient check: {s.Description}, loss {s.Loss}, batch {s.Batch}, seed {s.Seed}, {s.Initializer.Name} weights");
        o.WriteLine($"  central difference (C(θ+h) − C(θ−h)) / 2h with h = {Scientific(r.Options.Step)}, in float64, at C = {Number.Precise(r.Loss)}");
        o.WriteLine($"  relative error |a − n| / max(|a|, |n|, {Scientific(r.Options.Floor)}·S), round-off scale S = |C| + Σ|a·∂C/∂a| = {Scientific(r.RoundOffScale)}");
        o.WriteLine($"  {r.Entries.Count} entries checked" + r.Options.Sample.Match(n => $" (a seeded sample of up to {n} per parameter)", () => " (all)") +
            $", {r.Kinks} across a kink, {r.Zeros} exactly 0 on both sides");
        if (r.Zeros == r.Entries.Count)
            o.WriteLine("  note: every derivative checked is exactly 0 (dead ReLU units? a step layer?): this check cannot tell right from wrong");
        o.WriteLine();
        o.WriteLine("  layer  entries  kinks  max relative error");
        foreach (var l in r.Layers) o.WriteLine($"  {l.Layer,5}  {l.Checked,7}  {l.Kinks,5}  {Scientific(l.MaxRelativeError),18}");
        o.WriteLine();
        o.WriteLine($"  worst {r.Worst.Count} entries away from kinks");
        o.WriteLine("  parameter  row  column          analytic           numeric  relative error");
        foreach (var e in r.Worst)
            o.WriteLine($"  {e.Parameter,9}  {e.Row,3}  {e.Column,6}  {e.Analytic,16:0.000000000e+00}  {e.Numeric,16:0.000000000e+00}  {Scientific(e.RelativeError),14}");
        o.WriteLine();
        var kinks = r.Entries.Where(e => e.Kink).Take(r.Options.Worst).ToArray();
        if (kinks.Length > 0)
        {
            o.WriteLine($"  entries whose ±h step crosses a kink (reported, not failed), first {kinks.Length} of {r.Kinks}");
            foreach (var e in kinks)
                o.WriteLine($"  {e.Parameter,9}  {e.Row,3}  {e.Column,6}  {e.Analytic,16:0.000000000e+00}  {e.Numeric,16:0.000000000e+00}  {Scientific(e.RelativeError),14}");
            o.WriteLine();
        }
        if (exportPath is not null) o.WriteLine($"  analytic gradients written to {exportPath}");
        o.WriteLine($"  max relative error {Scientific(r.MaxRelativeError)} {(r.Passed ? "≤" : ">")} threshold {Scientific(r.Options.Threshold)}: " +
            (r.Passed ? "PASSED" : "FAILED"));
    }

    private static void PrintJson(TextWriter o, GradcheckSettings s, GradientCheckResult r, string? exportPath)
    {
        foreach (var l in r.Layers)
            Json.Line(o, new { @event = "layer", layer = l.Layer, @checked = l.Checked, kinks = l.Kinks, max_relative_error = l.MaxRelativeError });
        foreach (var e in r.Worst.Concat(r.Entries.Where(e => e.Kink).Take(r.Options.Worst)))
            Json.Line(o, new { @event = e.Kink ? "kink" : "entry", layer = e.Layer, parameter = e.Parameter, row = e.Row, column = e.Column,
                analytic = e.Analytic, numeric = e.Numeric, relative_error = e.RelativeError });
        Json.Line(o, new
        {
            @event = "summary", layers = s.Sizes, activation = s.Hidden.Name, output_activation = s.Output.Name, loss = s.Loss.Name,
            maxout = s.Maxout.ToNullable(), batch = s.Batch, seed = s.Seed, h = r.Options.Step, loss_value = r.Loss, round_off_scale = r.RoundOffScale, floor = r.Options.Floor,
            sample = r.Options.Sample.ToNullable(), @checked = r.Entries.Count, kinks = r.Kinks, zeros = r.Zeros,
            threshold = r.Options.Threshold, max_relative_error = r.MaxRelativeError, passed = r.Passed, gradients = exportPath,
        });
    }

    private static int Sweep(TextWriter o, GradcheckSettings settings, bool json, string? plotPath)
    {
        var steps = GradientCheck.SweepSteps;
        var float64 = SweepIn<double>(settings, steps);
        var float32 = SweepIn<float>(settings, steps);
        var rows = float64.Zip(float32).ToArray();
        var best64 = float64.OrderBy(p => p.MaxRelativeError).First();
        var best32 = float32.OrderBy(p => p.MaxRelativeError).First();
        if (json)
        {
            foreach (var (a, b) in rows)
                Json.Line(o, new { @event = "step", h = a.Step, float64_max = a.MaxRelativeError, float64_median = a.MedianRelativeError,
                    float32_max = b.MaxRelativeError, float32_median = b.MedianRelativeError });
            Json.Line(o, new { @event = "summary", best_h_float64 = best64.Step, best_max_relative_error_float64 = best64.MaxRelativeError,
                best_h_float32 = best32.Step, best_max_relative_error_float32 = best32.MaxRelativeError, default_h = GradientCheckOptions.DefaultStep });
        }
        else
        {
            o.WriteLine($"Step sweep: {settings.Description}, loss {settings.Loss}, batch {settings.Batch}, seed {settings.Seed}; relative error of (C(θ+h) − C(θ−h)) / 2h");
            o.WriteLine();
            o.WriteLine("         h   float64 max  float64 median   float32 max  float32 median");
            foreach (var (a, b) in rows)
                o.WriteLine($"  {Scientific(a.Step),8}  {Scientific(a.MaxRelativeError),12}  {Scientific(a.MedianRelativeError),14}  " +
                    $"{Scientific(b.MaxRelativeError),12}  {Scientific(b.MedianRelativeError),14}");
            o.WriteLine();
            o.WriteLine($"  smallest max error: float64 {Scientific(best64.MaxRelativeError)} at h = {Scientific(best64.Step)}, " +
                $"float32 {Scientific(best32.MaxRelativeError)} at h = {Scientific(best32.Step)}; default h = {Scientific(GradientCheckOptions.DefaultStep)}");
        }
        if (plotPath is not null) PlotSweep(plotPath, settings, float64, float32);
        return Exit.Ok;
    }

    private static LanguageExt.Seq<StepError> SweepIn<T>(GradcheckSettings settings, LanguageExt.Seq<double> steps) where T : struct, IFloatingPointIeee754<T>
    {
        var (network, x, y) = settings.Problem<T>().OrUsage();
        return GradientCheck.Sweep(network, settings.Loss, x, y, steps, settings.Check).OrUsage();
    }

    private static void PlotSweep(string path, GradcheckSettings settings, LanguageExt.Seq<StepError> float64, LanguageExt.Seq<StepError> float32)
    {
        Series Line(string label, LanguageExt.Seq<StepError> points, Func<StepError, double> error) =>
            new(label, points.Map(p => p.Step).ToArray(), points.Map(error).ToArray());
        var (blue, orange) = (new Color(31, 119, 180), new Color(255, 127, 14));
        LogLogChart.Lines(path, $"Central difference vs backpropagation: {settings.Description}, {settings.Loss}", "step h", "relative error",
        [
            new LogLogLine(Line("float64, max", float64, p => p.MaxRelativeError), blue),
            new LogLogLine(Line("float64, median", float64, p => p.MedianRelativeError), blue, Dashed: true),
            new LogLogLine(Line("float32, max", float32, p => p.MaxRelativeError), orange),
            new LogLogLine(Line("float32, median", float32, p => p.MedianRelativeError), orange, Dashed: true),
        ], (GradientCheckOptions.DefaultStep, $"default h = {Scientific(GradientCheckOptions.DefaultStep)}"));
    }

    private static string Where(GradientEntry e) => $"{e.Parameter}[{e.Row},{e.Column}]";

    private static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
