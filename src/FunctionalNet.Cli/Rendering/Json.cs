using System.Text.Json;

namespace FunctionalNet.Cli;

/// <summary>Machine-readable output: one JSON object per line, names in snake_case; the last line is the summary.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="value"/> as one line of JSON.</summary>
    public static void Line(TextWriter writer, object value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
