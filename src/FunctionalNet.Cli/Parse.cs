using LanguageExt;

namespace FunctionalNet.Cli;

/// <summary>Parsers for option values; a malformed value is a usage error naming the option.</summary>
public static class Parse
{
    /// <summary>A comma-separated list of numbers such as <c>-0.2,0.4,-1.0</c>.</summary>
    public static Seq<double> Numbers(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null).ToArray();
        if (values.Any(v => v is null || !double.IsFinite(v.Value)))
            throw ShellException.Usage($"{option} expects comma-separated numbers such as -0.2,0.4,-1.0 (got '{text}')");
        return toSeq(values.Select(v => v!.Value)).Strict();
    }

    /// <summary>A comma-separated list of positive integers such as <c>784,16,16,10</c>.</summary>
    public static int[] Sizes(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null).ToArray();
        if (values.Length < 2 || values.Any(v => v is null))
            throw ShellException.Usage($"{option} expects at least two positive integers separated by commas, such as 784,16,16,10 (got '{text}')");
        return values.Select(v => v!.Value).ToArray();
    }

    /// <summary>Refuses a negative or non-finite number.</summary>
    public static double NonNegative(string option, double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw ShellException.Usage($"{option} must be a finite number ≥ 0 (got {value.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>Refuses a number outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static int Between(string option, int value, int minimum, int maximum) =>
        value >= minimum && value <= maximum ? value
            : throw ShellException.Usage(FormattableString.Invariant($"{option} must be from {minimum:N0} to {maximum:N0} (got {value:N0})"));

    /// <summary>Refuses a number below <paramref name="minimum"/>.</summary>
    public static int AtLeast(string option, int value, int minimum) =>
        value >= minimum ? value : throw ShellException.Usage($"{option} must be ≥ {minimum} (got {value})");
}
