using Microsoft.AspNetCore.Http;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// Reads and validates a request's query parameters: a value that is malformed or out of its range is a
/// <see cref="ShellException.Usage"/> naming the parameter, which the server answers with 400 and that one line.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    /// <summary>The longest text one parameter may have.</summary>
    public const int MaxLength = 200;

    /// <summary>The raw text of a parameter, if given once.</summary>
    public string? Text(string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0) return null;
        if (values.Count > 1) throw ShellException.Usage($"{name} is given {values.Count} times");
        var text = values[0] ?? "";
        return text.Length > MaxLength ? throw ShellException.Usage($"{name} is longer than {MaxLength} characters") : text;
    }

    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int Int(string name, int fallback, int minimum, int maximum)
    {
        if (Text(name) is not { } text) return fallback;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value : throw ShellException.Usage(FormattableString.Invariant($"{name} must be a whole number from {minimum} to {maximum} (got '{text}')"));
    }

    /// <summary>A finite number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public double Double(string name, double fallback, double minimum, double maximum)
    {
        if (Text(name) is not { } text) return fallback;
        return ParseNumber(text) is { } value && value >= minimum && value <= maximum
            ? value : throw ShellException.Usage(FormattableString.Invariant($"{name} must be a number from {minimum} to {maximum} (got '{text}')"));
    }

    /// <summary>Exactly <paramref name="count"/> comma-separated numbers, each in [−<paramref name="bound"/>, <paramref name="bound"/>].</summary>
    public double[] Doubles(string name, double[] fallback, int count, double bound)
    {
        if (Text(name) is not { } text) return fallback;
        var values = text.Split(',').Select(p => ParseNumber(p.Trim())).ToArray();
        return values.Length == count && values.All(v => v is { } x && Math.Abs(x) <= bound) ? values.Select(v => v!.Value).ToArray()
            : throw ShellException.Usage(FormattableString.Invariant($"{name} must be {count} comma-separated numbers from {-bound} to {bound} (got '{text}')"));
    }

    /// <summary>Up to <paramref name="maxCount"/> comma-separated whole numbers in [1, <paramref name="maximum"/>]; empty text is none.</summary>
    public int[] Sizes(string name, int[] fallback, int maxCount, int maximum)
    {
        if (Text(name) is not { } text) return fallback;
        if (text.Trim().Length == 0) return [];
        var values = text.Split(',').Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        return values.Length <= maxCount && values.All(v => v >= 1 && v <= maximum) ? values
            : throw ShellException.Usage($"{name} must be at most {maxCount} comma-separated whole numbers from 1 to {maximum} (got '{text}')");
    }

    /// <summary>One of <paramref name="choices"/>.</summary>
    public string Choice(string name, string fallback, IReadOnlyList<string> choices)
    {
        if (Text(name) is not { } text) return fallback;
        return choices.Contains(text) ? text : throw ShellException.Usage($"{name} must be one of {string.Join(", ", choices)} (got '{text}')");
    }

    /// <summary>0/1 or false/true.</summary>
    public bool Flag(string name, bool fallback) => Text(name) switch
    {
        null => fallback,
        "1" or "true" => true,
        "0" or "false" => false,
        var text => throw ShellException.Usage($"{name} must be 0 or 1 (got '{text}')"),
    };

    private static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
