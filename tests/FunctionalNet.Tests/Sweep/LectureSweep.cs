using System.Text.Json.Nodes;

namespace FunctionalNet.Tests.Sweep;

/// <summary>
/// The acceptance sweep: the lecture's network and training (784-16-16-10, ReLU, squared error, full-batch gradient
/// descent) on an MNIST subset for a few epochs, 2 learning rates × 3 seeds; and how two summaries are compared.
/// </summary>
internal static class LectureSweep
{
    public static readonly string[] LearningRates = ["0.1", "0.05"];
    public static readonly int[] Seeds = [1, 2, 3];
    public const string Epochs = "40";

    /// <summary>The options of every run but the swept ones (and --out).</summary>
    public static string[] Fixed(MnistSubset data) => ["--recipe", "lecture", "--dataset", data.Path, "--epochs", Epochs];

    /// <summary><c>sweep</c>'s command line into <paramref name="directory"/>, then <paramref name="more"/>.</summary>
    public static string[] Arguments(MnistSubset data, string directory, params string[] more) =>
        ["sweep", .. Fixed(data), "--lr", string.Join(",", LearningRates), "--seed", $"{Seeds[0]}-{Seeds[^1]}", "--out", directory, .. more];

    /// <summary><c>DIR/summary.json</c>.</summary>
    public static JsonObject Summary(string directory) => JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!.AsObject();

    /// <summary>The summary without its times (wall and training seconds): what two sweeps of the same grid must share.</summary>
    public static string WithoutTimes(JsonObject summary) => Strip(summary.DeepClone())!.ToJsonString();

    private static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(k => k.EndsWith("seconds", StringComparison.Ordinal)).ToArray()) o.Remove(key);
                foreach (var p in o.ToArray()) Strip(p.Value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
        return node;
    }
}
