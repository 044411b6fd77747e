using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>manifest.json</c>: everything needed to repeat a run and check it — the exact command line, the configuration,
/// the seed, the data's hashes, the backend and its threads, the final metrics and the model hash.
/// </summary>
public static class Manifest
{
    /// <summary>The manifest's file name in a run's output directory.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Builds the manifest document.</summary>
    public static JsonObject Create(IReadOnlyList<string> arguments, TrainSettings settings, DatasetHashes data, JsonObject metrics,
        string modelHash, string modelFile) => new()
    {
        ["functionalnet_version"] = Version.Library,
        ["command_line"] = new JsonArray(arguments.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["configuration"] = settings.ToJson(),
        ["seed"] = settings.Seed,
        ["dataset"] = new JsonObject
        {
            ["name"] = settings.Dataset,
            ["sha256"] = data.Combined,
            ["files"] = new JsonObject(data.Files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
        },
        ["backend"] = BackendInfo.Describe(),
        ["runtime"] = new JsonObject
        {
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["processors"] = Environment.ProcessorCount,
        },
        ["metrics"] = metrics,
        ["model_file"] = modelFile,
        ["model_hash"] = modelHash,
    };

    /// <summary>Reads a manifest's command line, model hash and model file name (relative to the manifest), or fails with one line.</summary>
    public static (string[] Arguments, string ModelHash, string? ModelFile) Read(string path)
    {
        var text = RegularFile.ReadText(path, "manifest", RegularFile.TextCap, $"manifest not found: {path}");
        try
        {
            var document = JsonNode.Parse(text)!.AsObject();
            var arguments = document["command_line"]!.AsArray().Select(a => (string)a!).ToArray();
            return (arguments, (string)document["model_hash"]!, (string?)document["model_file"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw ShellException.Failure($"{path} is not a FunctionalNet manifest ({e.Message})");
        }
    }

    /// <summary>Writes the manifest atomically, indented for people.</summary>
    public static void Write(string path, JsonObject manifest) =>
        AtomicFile.WriteText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
}
