namespace FunctionalNet.Cli;

/// <summary>A gray image drawn with characters, darkest to brightest, two per pixel so it keeps its shape.</summary>
public static class TerminalImage
{
    private const string Ramp = " .:-=+*#%@";

    /// <summary>The lines of the drawing, framed; <paramref name="pixels"/> are row by row in [0, 1].</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<double> pixels, int rows, int columns)
    {
        var border = "+" + new string('-', 2 * columns) + "+";
        yield return border;
        for (var r = 0; r < rows; r++)
            yield return "|" + string.Concat(Enumerable.Range(0, columns).Select(c => new string(Shade(pixels[r * columns + c]), 2))) + "|";
        yield return border;
    }

    private static char Shade(double value) => Ramp[(int)Math.Round(Math.Clamp(value, 0, 1) * (Ramp.Length - 1))];
}
