using System.Text.Json.Nodes;
using static FunctionalNet.Cli.Number;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet gradcheck --directions K</c>: backpropagation against the scheme along K seeded random unit
/// directions over all parameters (<see cref="DirectionalCheck"/>); exits 1 when a direction away from kinks exceeds the threshold.
/// </summary>
public static class GradcheckDirections
{
    /// <summary>The probability with which the report states the size of a single wrong entry the check catches.</summary>
    public const double Confidence = 0.99;

    /// <summary>Runs the check in float64 and prints one line (or JSON object) per direction and the summary.</summary>
    public static int Check(TextWriter o, GradcheckSettings settings, bool json)
    {
        var (network, x, y) = settings.Problem<double>().OrUsage();
        var check = DirectionalCheck.Run(network, settings.Loss, x, y, settings.Check).OrUsage();
        if (json) PrintJson(o, settings, check);
        else Print(o, settings, check);
        return check.Passed ? Exit.Ok
            : throw ShellException.Failure($"directional gradient check failed: max relative error {Scientific(check.MaxRelativeError)} > threshold " +
                $"{Scientific(check.Options.Threshold)} along direction {check.Directions.Where(d => d.Counts).MaxBy(d => d.RelativeError)!.Index}");
    }

    private static void Print(TextWriter o, GradcheckSettings s, DirectionalCheckResult r)
    {
        var scheme = r.Options.Scheme;
        var step = Scientific(r.Options.Step) + (r.Options.StepKind == StepKind.Relative ? "·max(1, |vᵀθ|)" : "");
        o.WriteLine($"Directional gradient check: {s.Description}, loss {s.Loss}, batch {s.Batch}, seed {s.Seed}, {s.Initializer.Name} weights");
        o.WriteLine($"  {r.Directions.Count} seeded random unit directions v over all {r.Parameters:N0} parameters: vᵀ∇C against the " +
            $"{DifferenceSchemes.Name(scheme)} derivative of φ(t) = C(θ + t·v), {DifferenceSchemes.Formula(scheme)} along v, h = {step}, in float64");
        o.WriteLine($"  at C = {Precise(r.Loss)}, ‖∇C‖ = {Scientific(r.GradientNorm)}; relative error |a − n| / max(|a|, |n|, " +
            $"{Scientific(r.Options.Floor)}·S), round-off scale S = {Scientific(r.RoundOffScale)}");
        o.WriteLine();
        o.WriteLine("  direction     analytic vᵀ∇C           numeric  relative error");
        foreach (var d in r.Directions)
            o.WriteLine($"  {d.Index,9}  {d.Analytic,16:0.000000000e+00}  {d.Numeric,16:0.000000000e+00}  {Scientific(d.RelativeError),14}" +
                (d.Kink ? "  kink (reported, not failed)" : d.NotApplicable ? "  not applicable (reported, not failed)" : ""));
        o.WriteLine();
        o.WriteLine($"  {r.Directions.Count} directions: {r.Kinks} across a kink, {r.NotApplicable} not applicable, {r.Counted} counted");
        if (r.Counted == 0) o.WriteLine("  note: no direction counted: this check cannot tell right from wrong");
        else
            o.WriteLine($"  a single wrong entry off by {Scientific(r.ErrorCaughtWith(Confidence))} or more is caught with probability " +
                $"{Confidence:0%} at least (docs/gradient-checking.md)");
        o.WriteLine($"  max relative error {Scientific(r.MaxRelativeError)} {(r.Passed ? "≤" : ">")} threshold {Scientific(r.Options.Threshold)}: " +
            (r.Passed ? "PASSED" : "FAILED"));
    }

    private static void PrintJson(TextWriter o, GradcheckSettings s, DirectionalCheckResult r)
    {
        foreach (var d in r.Directions)
            Json.Line(o, new JsonObject { ["event"] = "direction", ["index"] = d.Index, ["analytic"] = d.Analytic, ["numeric"] = d.Numeric,
                ["relative_error"] = d.RelativeError, ["kink"] = d.Kink, ["not_applicable"] = d.NotApplicable });
        Json.Line(o, new JsonObject
        {
            ["event"] = "summary", ["layers"] = Json.Array(s.Sizes), ["activation"] = s.Hidden.Name, ["output_activation"] = s.Output.Name, ["loss"] = s.Loss.Name,
            ["maxout"] = s.Maxout.ToNullable(), ["batch"] = s.Batch, ["seed"] = s.Seed, ["scheme"] = DifferenceSchemes.Name(r.Options.Scheme), ["h"] = r.Options.Step,
            ["relative_step"] = r.Options.StepKind == StepKind.Relative, ["directions"] = r.Directions.Count, ["parameters"] = r.Parameters,
            ["counted"] = r.Counted, ["kinks"] = r.Kinks, ["not_applicable"] = r.NotApplicable, ["loss_value"] = r.Loss, ["gradient_norm"] = r.GradientNorm,
            ["round_off_scale"] = r.RoundOffScale, ["floor"] = r.Options.Floor, ["threshold"] = r.Options.Threshold, ["max_relative_error"] = r.MaxRelativeError,
            ["error_caught_99"] = r.Counted == 0 ? (double?)null : r.ErrorCaughtWith(Confidence), ["passed"] = r.Passed,
        });
    }
}
