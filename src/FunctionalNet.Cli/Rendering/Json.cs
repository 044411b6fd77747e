using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// Machine-readable output: one JSON object per line, names in snake_case; the last line is the summary. Every line is
/// a <see cref="JsonNode"/> built by hand: no reflection, so the output is the same on every runtime (reflection-based
/// serialization failed on linux-arm64) and the CLI can be trimmed or compiled ahead of time.
/// </summary>
public static class Json
{
    // Non-ASCII text (η, ŷ, ×) as it is, not as \u escapes: the lines are read by people too.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> as one line of JSON.</summary>
    public static void Line(TextWriter writer, JsonNode value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options)) Write(json, value);
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Numbers as a JSON array, each in its shortest round-trip form.</summary>
    public static JsonArray Array(IEnumerable<double> values) => Array(values, v => v);

    /// <summary>Single-precision numbers as a JSON array, each in its shortest float32 round-trip form.</summary>
    public static JsonArray Array(IEnumerable<float> values) => Array(values, v => v);

    /// <summary>Whole numbers as a JSON array.</summary>
    public static JsonArray Array(IEnumerable<int> values) => Array(values, v => v);

    /// <summary>Truth values as a JSON array.</summary>
    public static JsonArray Array(IEnumerable<bool> values) => Array(values, v => v);

    /// <summary>Strings as a JSON array.</summary>
    public static JsonArray Array(IEnumerable<string> values) => Array(values, v => v);

    /// <summary>Any items as a JSON array, each turned into JSON by <paramref name="item"/>.</summary>
    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> item) => new(items.Select(item).ToArray());

    // JSON has no NaN or infinities: they are written as the strings "NaN", "Infinity" and "-Infinity", as System.Text.Json's
    // AllowNamedFloatingPointLiterals writes them (and as a reader that allows them expects).
    private static void Write(Utf8JsonWriter json, JsonNode? node)
    {
        switch (node)
        {
            case null:
                json.WriteNullValue();
                break;
            case JsonObject obj:
                json.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    json.WritePropertyName(name);
                    Write(json, value);
                }
                json.WriteEndObject();
                break;
            case JsonArray array:
                json.WriteStartArray();
                foreach (var value in array) Write(json, value);
                json.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<double>(out var d) && !double.IsFinite(d):
                json.WriteStringValue(Named(d));
                break;
            case JsonValue value when value.TryGetValue<float>(out var f) && !float.IsFinite(f):
                json.WriteStringValue(Named(f));
                break;
            default:
                node.WriteTo(json);
                break;
        }
    }

    private static string Named(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
