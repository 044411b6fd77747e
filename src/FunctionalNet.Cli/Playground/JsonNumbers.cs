using System.Text.Json.Nodes;

namespace FunctionalNet.Cli.Playground;

/// <summary>Numbers for the page's JSON: a value that is not finite (a diverged run) is written as null.</summary>
public static class JsonNumbers
{
    /// <summary>The number, or null when it is NaN or infinite.</summary>
    public static JsonNode? Of(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>The numbers as an array.</summary>
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(Of).ToArray());

    /// <summary>The numbers rounded to <paramref name="digits"/> decimals (for pictures: maps drawn as colours).</summary>
    public static JsonArray Rounded(IEnumerable<double> values, int digits) => new(values.Select(v => Of(Math.Round(v, digits))).ToArray());

    /// <summary>A matrix as an array of its rows.</summary>
    public static JsonArray Rows<T>(Matrix<T> matrix) where T : struct, IFloatingPointIeee754<T> =>
        new(Enumerable.Range(0, matrix.RowCount).Select(r => (JsonNode?)Array(matrix.Row(r).Select(v => double.CreateChecked(v)))).ToArray());
}
