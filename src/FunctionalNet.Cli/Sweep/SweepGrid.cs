namespace FunctionalNet.Cli;

/// <summary>One <c>train</c> option as the sweep was given it: its name and the values it takes, in order.</summary>
public sealed record SweptOption(string Name, IReadOnlyList<string> Values);

/// <summary>
/// The grid of a sweep: each <c>train</c> option given as a list (<c>0.1,0.05</c>) or, for whole numbers, a range
/// (<c>1-10</c>), and every combination of their values, one run each.
/// </summary>
public static class SweepGrid
{
    /// <summary>The most runs one sweep plans.</summary>
    public const int MaxRuns = 10_000;

    /// <summary>
    /// The values of <paramref name="option"/> from each time it was given: split at commas unless
    /// <paramref name="splitCommas"/> is false (a value that is a list itself, such as <c>--layers 784,16,10</c>: such
    /// an option is repeated to sweep it), and <c>A-B</c> read as the whole numbers A to B when
    /// <paramref name="wholeNumbers"/>. A value given twice is kept once.
    /// </summary>
    public static IReadOnlyList<string> Values(string option, IEnumerable<string> given, bool wholeNumbers, bool splitCommas)
    {
        var values = new List<string>();
        foreach (var text in given)
            foreach (var part in splitCommas ? text.Split(',', StringSplitOptions.TrimEntries) : [text.Trim()])
            {
                if (part.Length == 0) throw ShellException.Usage($"{option}: an empty value in '{text}'");
                values.AddRange(wholeNumbers && Range(part) is var (first, last) ? Expand(option, first, last) : [part]);
            }
        return values.Distinct().ToArray();
    }

    /// <summary>
    /// Every combination of the options' values, the last option varying fastest; each combination lists
    /// (option, value) in the options' order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Combinations(IReadOnlyList<SweptOption> options)
    {
        var count = options.Aggregate(1L, (n, o) => n * o.Values.Count);
        if (count > MaxRuns) throw ShellException.Usage($"the grid has {count:N0} runs; a sweep plans at most {MaxRuns:N0}");
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> combinations = [[]];
        foreach (var option in options)
            combinations = combinations.SelectMany(prefix => option.Values.Select(value =>
                (IReadOnlyList<KeyValuePair<string, string>>)[.. prefix, KeyValuePair.Create(option.Name, value)])).ToArray();
        return combinations.ToArray();
    }

    // "A-B" with whole numbers A and B (each may carry a minus sign: -3--1), else none.
    private static (long First, long Last)? Range(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(-?\d+)-(-?\d+)$");
        return match.Success && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var last) ? (first, last) : null;
    }

    private static IEnumerable<string> Expand(string option, long first, long last)
    {
        if (last < first) throw ShellException.Usage($"{option}: the range {first}-{last} is empty (write the smaller end first)");
        if (last - first >= MaxRuns) throw ShellException.Usage($"{option}: the range {first}-{last} has more than {MaxRuns:N0} values");
        for (var v = first; v <= last; v++) yield return v.ToString(CultureInfo.InvariantCulture);
    }
}
