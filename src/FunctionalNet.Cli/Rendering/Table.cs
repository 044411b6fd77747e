namespace FunctionalNet.Cli;

/// <summary>Plain-text tables: a header, a rule, and aligned columns (numbers to the right, words to the left).</summary>
public static class Table
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>, indented by two spaces.</summary>
    public static void Write(TextWriter o, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, c) => all.Select(r => c < r.Count ? r[c].Length : 0).Append(h.Length).Max()).ToArray();
        var numeric = headers.Select((_, c) => all.Count > 0 && all.All(r => c >= r.Count || IsNumber(r[c]))).ToArray();
        string Line(IReadOnlyList<string> cells) => "  " + string.Join("  ",
            cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        o.WriteLine(Line(headers));
        o.WriteLine("  " + string.Join("  ", widths.Select(w => new string('─', w))));
        foreach (var row in all) o.WriteLine(Line(row));
    }

    private static bool IsNumber(string cell) =>
        cell.Length == 0 || double.TryParse(cell.Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
