using System.Text.Json.Nodes;
using ScottPlot;
using StepErrors = LanguageExt.Seq<FunctionalNet.StepError>;
using FunctionalNet.Serialization;

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
        from fits in Limits.Layers(specs)
        from small in Limits.LessonNetwork(Sizes, Maxout.Match(k => (double)k, () => 1.0))
        from batch in Limits.Values((double)Batch * Sizes.Sum(s => (double)s), "the batch and its activations")
        from work in Limits.Work(Work(specs), "this check")
        from network in Initialization.Create<T>(specs, Initializer, Seed)
        from data in SyntheticBatch.Create<T>(Loss, Sizes[0], Sizes[^1], Batch, Seed)
        select (network, data.X, data.Y);

    // Each checked entry (or direction) costs a few loss evaluations (at most 8, Richardson's), each a forward pass of
    // about 2 multiply-adds per parameter and example.
    private double Work(LanguageExt.Seq<LayerSpec> specs)
    {
        var parameters = specs.Sum(s => s.ParameterCount);
        var matrices = specs.Sum(s => s is LayerSpec.Maxout m ? 2.0 * m.Pieces : 2.0);
        var entries = Check.Directions.Match(k => (double)k, () => Check.Sample.Match(n => Math.Min((double)n * matrices, parameters), () => parameters));
        return entries * 8 * 2 * parameters * Batch;
    }

    /// <summary>The network in a few words: <c>6-5-4-3, tanh hidden, softmax output</c>.</summary>
    public string Description =>
        $"{string.Join("-", Sizes)}, " + Maxout.Match(k => $"maxout({k})", () => Hidden.ToString()) + $" hidden, {Output} output";
}

/// <summary>
/// <c>functionalnet gradcheck</c>: backpropagation's gradient against a finite difference (<c>--scheme</c>, central by
/// default) on a seeded network and batch, with a diagnosis of each reported entry; exits 1 when an entry away from a
/// kink exceeds the threshold. <c>--sweep</c> draws every scheme's error against h. <c>--components</c> adds a user's
/// activations and losses (<see cref="ComponentAssembly"/>).
/// </summary>
public static class GradcheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        const string registered = "a name registered by --components";
        var layers = SharedOptions.Layers("6,5,4,3");
        var activation = SharedOptions.Activation("tanh", orElse: registered);
        var output = SharedOptions.OutputActivation(orElse: registered);
        var loss = SharedOptions.Loss("softmax-ce", orElse: registered);
        var components = new Option<string?>("--components")
        {
            Description = "a user's assembly (.dll) whose public static class has 'Components Register(Components registry)': " +
                "its activations and losses join the built-ins for --activation, --output-activation and --loss",
        };
        var maxout = new Option<int?>("--maxout") { Description = "make the hidden layers maxout layers of K ≥ 2 pieces (the network at most 10,000,000 parameters in all)" };
        var init = SharedOptions.Initializer("glorot");
        var seed = SharedOptions.Seed(1, "the weights, the batch and the sample");
        // Not the shared --batch of training (a batching: N, 1 or full): here the size of one synthetic batch.
        var batch = new Option<int>("--batch") { Description = "examples in the random batch (with the layers, at most 100,000,000 values; a check planning more than 1e11 multiply-adds is refused: use --sample or --directions)", DefaultValueFactory = _ => 4 };
        var scheme = new Option<string>("--scheme")
        {
            Description = $"the numeric derivative: {string.Join(" | ", DifferenceSchemes.Names)} (orders 1, 2, 4, 4, 2; --sweep draws them all)",
            DefaultValueFactory = _ => DifferenceSchemes.Name(DifferenceScheme.Central),
        };
        var stepKind = new Option<string>("--step")
        {
            Description = "absolute: h as given; relative: h·max(1, |θ|) for each entry θ", DefaultValueFactory = _ => "absolute",
        };
        var step = new Option<double?>("--h")
        {
            Description = "the step h (default: each scheme's own, " +
                string.Join(", ", Enum.GetValues<DifferenceScheme>().Select(s => $"{Number.Precise(DefaultStep(s))} for {DifferenceSchemes.Name(s)}")) + ")",
        };
        var sample = new Option<int?>("--sample") { Description = "check N seeded entries of each parameter matrix instead of all" };
        var threshold = new Option<double>("--threshold") { Description = "fail above this relative error", DefaultValueFactory = _ => new GradientCheckOptions().Threshold };
        var worst = new Option<int>("--worst") { Description = "how many of the worst entries (and of the entries across a kink) to list and diagnose", DefaultValueFactory = _ => new GradientCheckOptions().Worst };
        var floor = new Option<double>("--floor") { Description = "the relative error's smallest denominator, as a fraction of the round-off scale S", DefaultValueFactory = _ => new GradientCheckOptions().Floor };
        var export = new Option<string?>("--export-gradients") { Description = "write the analytic gradients to this NumPy .npz file (arrays W1, b1, …)" };
        var sweep = new Option<bool>("--sweep")
        {
            Description = "sweep h from 1e-1 to 1e-12 instead of one check: every scheme in float64, and central in float32",
        };
        var plot = SharedOptions.Plot("the error-vs-h curves of --sweep (log-log, every scheme)");
        var directions = new Option<int?>("--directions") { Description = "check K seeded random unit directions over all parameters instead of entries: O(K) forward passes" };
        var json = SharedOptions.Json();

        var command = new Command("gradcheck",
            "Check backpropagation against a finite difference on a seeded network and random batch: by default the central\n" +
            "difference (C(θ+h) − C(θ−h)) / 2h; --scheme forward | five-point | richardson | complex-step for the others.\n" +
            "Entries whose step points cross a kink (ReLU, leaky ReLU, step, ELU at 0; maxout ties) are reported, not failed.\n" +
            "The worst entries are diagnosed: absolute, relative and ulp error, the scheme's truncation and round-off, a likely cause.\n" +
            "Exits 1 when the largest relative error away from kinks is above the threshold.\n" +
            "Examples:\n  functionalnet gradcheck --layers 6,5,4,3 --activation tanh --loss softmax-ce --seed 1\n" +
            "  functionalnet gradcheck --layers 784,16,16,10 --activation sigmoid --loss mse --sample 20 --json\n" +
            "  functionalnet gradcheck --activation relu --loss half-sse --maxout 2 --export-gradients grads.npz\n" +
            "  functionalnet gradcheck --scheme five-point --h 1e-3\n" +
            "  functionalnet gradcheck --components samples/Extending/bin/Release/net10.0/Extending.dll --activation gelu --loss huber\n" +
            "  functionalnet gradcheck --sweep --plot docs/gradcheck-sweep.png\n" +
            "  functionalnet gradcheck --layers 784,800,800,10 --activation relu --directions 16")
        {
            layers, activation, output, loss, components, maxout, init, seed, batch, scheme, stepKind, step, sample, threshold, worst, floor,
            export, sweep, plot, json, directions,
        };
        command.SetAction(result =>
        {
            var registry = result.GetValue(components) is { } path ? ComponentAssembly.Load("--components", path) : Components.BuiltIn;
            var hidden = Names.Activation("--activation", result.GetValue(activation)!, registry);
            var lossValue = Names.Loss("--loss", result.GetValue(loss)!, registry);
            var schemeValue = Scheme(result.GetValue(scheme)!);
            var settings = new GradcheckSettings(
                Parse.Sizes("--layers", result.GetValue(layers)!),
                hidden,
                result.GetValue(output) is { } name ? Names.Activation("--output-activation", name, registry) : RecipeMerge.OutputFor(lossValue, hidden),
                lossValue,
                Optional(result.GetValue(maxout)).Map(k => Parse.AtLeast("--maxout", k, 2)),
                Names.Initializer("--init", result.GetValue(init)!),
                result.GetValue(seed),
                Parse.AtLeast("--batch", result.GetValue(batch), 1),
                new GradientCheckOptions
                {
                    Scheme = schemeValue,
                    StepKind = StepKindNamed(result.GetValue(stepKind)!),
                    Step = result.GetValue(step) is { } h ? Positive("--h", h) : DefaultStep(schemeValue),
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

    // The step when --h is not given: the library's default for the scheme.
    private static double DefaultStep(DifferenceScheme scheme) => GradientCheckOptions.DefaultStepFor(scheme);

    private static DifferenceScheme Scheme(string name) =>
        DifferenceSchemes.Parse(name).Match(s => s,
            _ => throw ShellException.Usage($"--scheme must be one of: {string.Join(" ", DifferenceSchemes.Names)} (got '{name}')"));

    private static StepKind StepKindNamed(string name) => name.Trim().ToLowerInvariant() switch
    {
        "absolute" => StepKind.Absolute,
        "relative" => StepKind.Relative,
        _ => throw ShellException.Usage($"--step must be one of: absolute relative (got '{name}')"),
    };

    private static double Positive(string option, double value) =>
        Parse.NonNegative(option, value) > 0 ? value : throw ShellException.Usage($"{option} must be > 0 (got {Number.Precise(value)})");

    private static int Check(TextWriter o, GradcheckSettings settings, bool json, string? exportPath)
    {
        var (network, x, y) = settings.Problem<double>().OrUsage();
        var check = GradientCheck.Run(network, settings.Loss, x, y, settings.Check).OrUsage();
        var diagnoses = GradientCheck.Diagnose(network, settings.Loss, x, y, check);
        if (exportPath is not null)
            AtomicFile.Write(exportPath, Npz.Encode(network.ParameterNames.Zip(Backpropagation.Run(network, settings.Loss, x, y).Gradients.Layers)
                .SelectMany(layer => layer.Item1.Zip(layer.Item2)).Select(p => (p.Item1, p.Item2))));
        if (json) PrintJson(o, settings, check, diagnoses, exportPath);
        else Print(o, settings, check, diagnoses, exportPath);
        return check.Passed ? Exit.Ok
            : throw ShellException.Failure($"gradient check failed: max relative error {Scientific(check.MaxRelativeError)} > threshold " +
                $"{Scientific(check.Options.Threshold)} at {Where(check.Entries.Where(e => !e.Kink).MaxBy(e => e.RelativeError)!)}");
    }

    private static void Print(TextWriter o, GradcheckSettings s, GradientCheckResult r, LanguageExt.Seq<GradientDiagnosis> diagnoses, string? exportPath)
    {
        var scheme = r.Options.Scheme;
        o.WriteLine($"Gradient check: {s.Description}, loss {s.Loss}, batch {s.Batch}, seed {s.Seed}, {s.Initializer.Name} weights");
        o.WriteLine($"  {Words(scheme)} {DifferenceSchemes.Formula(scheme)} with h = {Scientific(r.Options.Step)}" +
            (r.Options.StepKind == StepKind.Relative ? "·max(1, |θ|)" : "") + $", in float64, at C = {Number.Precise(r.Loss)}");
        o.WriteLine($"  relative error |a − n| / max(|a|, |n|, {Scientific(r.Options.Floor)}·S), round-off scale S = |C| + Σ|a·∂C/∂a| = {Scientific(r.RoundOffScale)}");
        o.WriteLine($"  {r.Entries.Count} entries checked" + r.Options.Sample.Match(n => $" (a seeded sample of up to {n} per parameter)", () => " (all)") +
            $", {r.Kinks} across a kink, {r.Zeros} exactly 0 on both sides");
        if (r.NotApplicable > 0)
            o.WriteLine($"  {r.NotApplicable} entries outside the {DifferenceSchemes.Name(scheme)} scheme (no analytic extension: a kink, a maximum): reported, not failed");
        if (r.NotApplicable == r.Entries.Count)
            o.WriteLine($"  note: the {DifferenceSchemes.Name(scheme)} scheme applies to no entry: this check cannot tell right from wrong");
        else if (r.Zeros == r.Entries.Count)
            o.WriteLine("  note: every derivative checked is exactly 0 (dead ReLU units? a step layer?): this check cannot tell right from wrong");
        o.WriteLine();
        o.WriteLine("  layer  entries  kinks  max relative error");
        foreach (var l in r.Layers) o.WriteLine($"  {l.Layer,5}  {l.Checked,7}  {l.Kinks,5}  {Scientific(l.MaxRelativeError),18}");
        o.WriteLine();
        o.WriteLine($"  worst {r.Worst.Count} entries away from kinks");
        o.WriteLine("  parameter  row  column          analytic           numeric  relative error");
        foreach (var e in r.Worst) o.WriteLine(EntryRow(e));
        o.WriteLine();
        if (!r.FirstKinks.IsEmpty)
        {
            var crossing = scheme == DifferenceScheme.Central ? "±h step crosses" : "step points cross";
            o.WriteLine($"  entries whose {crossing} a kink (reported, not failed), first {r.FirstKinks.Count} of {r.Kinks}");
            foreach (var e in r.FirstKinks) o.WriteLine(EntryRow(e));
            o.WriteLine();
        }
        if (!diagnoses.IsEmpty)
        {
            o.WriteLine($"  diagnosis of the entries above: ε = {Scientific(diagnoses.Head.Epsilon)} (float64); truncation |D(h) − D(2h)| / (2^{DifferenceSchemes.Order(scheme)} − 1), " +
                (scheme == DifferenceScheme.ComplexStep ? "round-off ε·|n|"
                    : $"round-off {Number.Precise(GradientDiagnosis.RoundOffFactor(scheme))}·ε·S/h"));
            o.WriteLine("  parameter  row  column  abs error       ulps  truncation  round-off  saturation  likely cause");
            foreach (var d in diagnoses)
                o.WriteLine($"  {d.Entry.Parameter,9}  {d.Entry.Row,3}  {d.Entry.Column,6}  {Scientific(d.AbsoluteError),9}  {Scientific(d.UlpError),9}  " +
                    $"{Scientific(d.Truncation),10}  {Scientific(d.RoundOff),9}  {Scientific(d.Saturation),10}  {GradientDiagnosis.Name(d.Cause)}");
            o.WriteLine();
        }
        if (exportPath is not null) o.WriteLine($"  analytic gradients written to {exportPath}");
        o.WriteLine($"  max relative error {Scientific(r.MaxRelativeError)} {(r.Passed ? "≤" : ">")} threshold {Scientific(r.Options.Threshold)}: " +
            (r.Passed ? "PASSED" : "FAILED"));
    }

    private static string EntryRow(GradientEntry e) =>
        $"  {e.Parameter,9}  {e.Row,3}  {e.Column,6}  {e.Analytic,16:0.000000000e+00}  {e.Numeric,16:0.000000000e+00}  {Scientific(e.RelativeError),14}";

    // The scheme in words, before its formula: "central difference (C(θ+h) − C(θ−h)) / 2h".
    private static string Words(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => "forward difference",
        DifferenceScheme.Central => "central difference",
        DifferenceScheme.FivePoint => "five-point difference",
        DifferenceScheme.Richardson => "Richardson extrapolation",
        DifferenceScheme.ComplexStep => "complex step",
        _ => throw new UnreachableException(),
    };

    private static void PrintJson(TextWriter o, GradcheckSettings s, GradientCheckResult r, LanguageExt.Seq<GradientDiagnosis> diagnoses, string? exportPath)
    {
        foreach (var l in r.Layers)
            Json.Line(o, new JsonObject { ["event"] = "layer", ["layer"] = l.Layer, ["checked"] = l.Checked, ["kinks"] = l.Kinks,
                ["max_relative_error"] = l.MaxRelativeError });
        foreach (var d in diagnoses)
        {
            var e = d.Entry;
            Json.Line(o, new JsonObject { ["event"] = e.Kink ? "kink" : "entry", ["layer"] = e.Layer, ["parameter"] = e.Parameter, ["row"] = e.Row,
                ["column"] = e.Column, ["analytic"] = e.Analytic, ["numeric"] = e.Numeric, ["relative_error"] = e.RelativeError,
                ["diagnosis"] = new JsonObject
                {
                    ["h"] = d.Step, ["absolute_error"] = d.AbsoluteError, ["relative_error"] = d.RelativeError, ["ulp_error"] = d.UlpError, ["epsilon"] = d.Epsilon,
                    ["truncation_error"] = d.Truncation, ["round_off_error"] = d.RoundOff, ["saturation"] = d.Saturation, ["cause"] = GradientDiagnosis.Name(d.Cause),
                },
            });
        }
        Json.Line(o, new JsonObject
        {
            ["event"] = "summary", ["layers"] = Json.Array(s.Sizes), ["activation"] = s.Hidden.Name, ["output_activation"] = s.Output.Name, ["loss"] = s.Loss.Name,
            ["maxout"] = s.Maxout.ToNullable(), ["batch"] = s.Batch, ["seed"] = s.Seed, ["h"] = r.Options.Step, ["loss_value"] = r.Loss,
            ["round_off_scale"] = r.RoundOffScale, ["floor"] = r.Options.Floor, ["sample"] = r.Options.Sample.ToNullable(), ["checked"] = r.Entries.Count,
            ["kinks"] = r.Kinks, ["zeros"] = r.Zeros, ["threshold"] = r.Options.Threshold, ["max_relative_error"] = r.MaxRelativeError, ["passed"] = r.Passed,
            ["gradients"] = exportPath, ["scheme"] = DifferenceSchemes.Name(r.Options.Scheme), ["order"] = DifferenceSchemes.Order(r.Options.Scheme),
            ["step"] = r.Options.StepKind == StepKind.Relative ? "relative" : "absolute", ["not_applicable"] = r.NotApplicable,
        });
    }

    private static int Sweep(TextWriter o, GradcheckSettings settings, bool json, string? plotPath)
    {
        var steps = GradientCheck.SweepSteps;
        var schemes = Enum.GetValues<DifferenceScheme>();
        // Every scheme in float64 (the central one is the float64 column of the table), and central in float32.
        var float64 = schemes.Select(scheme => SweepIn<double>(settings, steps, scheme)).ToArray();
        var float32 = SweepIn<float>(settings, steps, DifferenceScheme.Central);
        var central = float64[(int)DifferenceScheme.Central];
        var applies = schemes.Where(scheme => float64[(int)scheme].Exists(p => p.Counted > 0)).ToArray();
        var best64 = central.OrderBy(p => p.MaxRelativeError).First();
        var best32 = float32.OrderBy(p => p.MaxRelativeError).First();
        if (json)
        {
            for (var k = 0; k < steps.Count; k++)
            {
                var line = new JsonObject
                {
                    ["event"] = "step", ["h"] = steps[k],
                    ["float64_max"] = central[k].MaxRelativeError, ["float64_median"] = central[k].MedianRelativeError,
                    ["float32_max"] = float32[k].MaxRelativeError, ["float32_median"] = float32[k].MedianRelativeError,
                };
                foreach (var scheme in schemes)
                {
                    var point = float64[(int)scheme][k];
                    line[$"{Key(scheme)}_max"] = point.Counted > 0 ? point.MaxRelativeError : null;
                    line[$"{Key(scheme)}_median"] = point.Counted > 0 ? point.MedianRelativeError : null;
                }
                Json.Line(o, line);
            }
            var summary = new JsonObject
            {
                ["event"] = "summary", ["best_h_float64"] = best64.Step, ["best_max_relative_error_float64"] = best64.MaxRelativeError,
                ["best_h_float32"] = best32.Step, ["best_max_relative_error_float32"] = best32.MaxRelativeError, ["default_h"] = GradientCheckOptions.DefaultStep,
            };
            foreach (var scheme in schemes)
            {
                var points = float64[(int)scheme];
                var best = applies.Contains(scheme) ? points.Filter(p => p.Counted > 0).OrderBy(p => p.MaxRelativeError).First() : null;
                summary[$"best_h_{Key(scheme)}"] = best?.Step;
                summary[$"best_max_relative_error_{Key(scheme)}"] = best?.MaxRelativeError;
                summary[$"slope_{Key(scheme)}"] = SlopeOf(scheme, points).ToNullable();
            }
            Json.Line(o, summary);
        }
        else
        {
            o.WriteLine($"Step sweep: {settings.Description}, loss {settings.Loss}, batch {settings.Batch}, seed {settings.Seed}; relative error of (C(θ+h) − C(θ−h)) / 2h");
            o.WriteLine();
            o.WriteLine("         h   float64 max  float64 median   float32 max  float32 median");
            foreach (var (a, b) in central.Zip(float32))
                o.WriteLine($"  {Scientific(a.Step),8}  {Scientific(a.MaxRelativeError),12}  {Scientific(a.MedianRelativeError),14}  " +
                    $"{Scientific(b.MaxRelativeError),12}  {Scientific(b.MedianRelativeError),14}");
            o.WriteLine();
            o.WriteLine($"  smallest max error: float64 {Scientific(best64.MaxRelativeError)} at h = {Scientific(best64.Step)}, " +
                $"float32 {Scientific(best32.MaxRelativeError)} at h = {Scientific(best32.Step)}; default h = {Scientific(GradientCheckOptions.DefaultStep)}");
            o.WriteLine();
            o.WriteLine("  every scheme in float64: max relative error (n/a: the scheme does not apply to this network)");
            o.WriteLine("         h" + string.Concat(schemes.Select(scheme => $"  {DifferenceSchemes.Name(scheme),12}")));
            for (var k = 0; k < steps.Count; k++)
                o.WriteLine($"  {Scientific(steps[k]),8}" + string.Concat(schemes.Select(scheme => float64[(int)scheme][k] is var p && p.Counted > 0
                    ? $"  {Scientific(p.MaxRelativeError),12}" : $"  {"n/a",12}")));
            o.WriteLine();
            foreach (var scheme in schemes)
                o.WriteLine($"  {DifferenceSchemes.Name(scheme),12}: " + (applies.Contains(scheme) ? Summary(scheme, float64[(int)scheme]) : "does not apply to this network"));
        }
        if (plotPath is not null) PlotSweep(plotPath, settings, float64, float32, applies);
        return Exit.Ok;
    }

    private static LanguageExt.Seq<StepError> SweepIn<T>(GradcheckSettings settings, LanguageExt.Seq<double> steps, DifferenceScheme scheme)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (network, x, y) = settings.Problem<T>().OrUsage();
        return GradientCheck.Sweep(network, settings.Loss, x, y, steps, settings.Check with { Scheme = scheme }).OrUsage();
    }

    // The complex step has no round-off branch: below h ≈ 10⁻⁸, h² is under double's ε and its error is flat.
    private const double FlatBelow = 1e-8;

    // The slope a sweep shows: where truncation dominates for a real scheme (its order p); below FlatBelow for the complex step (0).
    private static LanguageExt.Option<double> SlopeOf(DifferenceScheme scheme, LanguageExt.Seq<StepError> points) =>
        StepError.Slope(scheme == DifferenceScheme.ComplexStep ? points.Filter(p => p.Step <= FlatBelow) : StepError.TruncationDominated(points));

    private static string Summary(DifferenceScheme scheme, LanguageExt.Seq<StepError> points)
    {
        var best = points.Filter(p => p.Counted > 0).OrderBy(p => p.MaxRelativeError).First();
        var slope = SlopeOf(scheme, points).Match(Slope, () => "too few points");
        var where = scheme == DifferenceScheme.ComplexStep ? $"for h ≤ {Scientific(FlatBelow)}" : "where truncation dominates";
        return $"O(h^{DifferenceSchemes.Order(scheme)}), slope {slope} {where}; smallest max error {Scientific(best.MaxRelativeError)} at h = {Scientific(best.Step)}";
    }

    private static string Slope(double slope) => Number.Fixed(slope, 2);

    // A scheme's name as a JSON key: five_point_max.
    private static string Key(DifferenceScheme scheme) => DifferenceSchemes.Name(scheme).Replace('-', '_');

    private static void PlotSweep(string path, GradcheckSettings settings, StepErrors[] float64, StepErrors float32, DifferenceScheme[] applies)
    {
        Series Line(string label, StepErrors points) =>
            new(label, points.Filter(p => p.Counted > 0).Map(p => p.Step).ToArray(), points.Filter(p => p.Counted > 0).Map(p => p.MaxRelativeError).ToArray());
        // Matplotlib's tab10, one colour a scheme; central in float32 in central's colour, dashed.
        Color[] colours = [new(214, 39, 40), new(31, 119, 180), new(44, 160, 44), new(148, 103, 189), new(255, 127, 14)];
        var lines = applies.Select(scheme =>
        {
            var slope = SlopeOf(scheme, float64[(int)scheme]).Match(Slope, () => "?");
            var label = scheme == DifferenceScheme.ComplexStep
                ? $"complex step, O(h^2): flat below h = {Scientific(FlatBelow)} (slope {slope})"
                : $"{DifferenceSchemes.Name(scheme)}, O(h^{DifferenceSchemes.Order(scheme)}): slope {slope}";
            return new LogLogLine(Line(label, float64[(int)scheme]), colours[(int)scheme]);
        }).Append(new LogLogLine(Line("central in float32", float32), colours[(int)DifferenceScheme.Central], Dashed: true));
        LogLogChart.Lines(path, $"Max relative error against h, float64: {settings.Description}, {settings.Loss}", "step h", "max relative error",
            lines, (GradientCheckOptions.DefaultStep, $"default h = {Scientific(GradientCheckOptions.DefaultStep)}"), legend: null);
    }

    private static string Where(GradientEntry e) => $"{e.Parameter}[{e.Row},{e.Column}]";

    private static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
