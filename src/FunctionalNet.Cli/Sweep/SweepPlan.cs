using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// One run of a sweep: its place in the grid, its directory's name (the swept values, e.g. <c>lr=0.1,seed=3</c>), the
/// configuration it belongs to (the same name without the seed), its <c>train</c> options, and the configuration
/// <c>train</c> reads them as (what its manifest must record for the run to count as done).
/// </summary>
public sealed record SweepRun(int Index, string Name, string Configuration, IReadOnlyList<KeyValuePair<string, string>> Options, int Seed, JsonObject Settings);

/// <summary>
/// A sweep's plan, kept in <c>DIR/sweep.json</c>: the command line that made it and its runs, each in its own
/// directory <c>DIR/NAME</c>. <c>sweep status</c> and <c>sweep collect</c> read it back.
/// </summary>
public sealed record SweepPlan(string Directory, IReadOnlyList<string> CommandLine, IReadOnlyList<SweepRun> Runs)
{
    /// <summary>The plan's file name in the sweep directory.</summary>
    public const string FileName = "sweep.json";

    /// <summary>
    /// Plans one run per combination of the swept values; every run's options are checked as <c>train</c> checks them,
    /// so a bad value is one usage error before any run starts.
    /// </summary>
    public static SweepPlan Of(string directory, IReadOnlyList<string> commandLine, IReadOnlyList<SweptOption> options)
    {
        var full = Path.GetFullPath(directory);
        var varied = options.Where(o => o.Values.Count > 1).Select(o => o.Name).ToHashSet();
        var names = new HashSet<string>();
        var runs = SweepGrid.Combinations(options).Select((combination, index) =>
        {
            var name = Label(combination.Where(o => varied.Contains(o.Key)), "run");
            if (!names.Add(name)) names.Add(name = $"{name}-{index}");
            var withoutSeed = combination.Where(o => o.Key != "--seed").ToArray();
            var configuration = Label(withoutSeed.Where(o => varied.Contains(o.Key)), Label(withoutSeed.Where(o => o.Key is not ("--dataset" or "--data-dir")), "defaults"));
            var settings = Settings(combination, name);
            return new SweepRun(index, name, configuration, combination, settings.Seed, settings.ToJson());
        }).ToArray();
        return new SweepPlan(full, commandLine, runs);
    }

    /// <summary>The run's directory.</summary>
    public string RunDirectory(SweepRun run) => Path.Combine(Directory, run.Name);

    /// <summary>The run's command line after <c>functionalnet</c>: exactly the <c>train</c> it stands for, writing to its directory.</summary>
    public IReadOnlyList<string> TrainArguments(SweepRun run) =>
        ["train", .. run.Options.SelectMany(o => new[] { o.Key, o.Value }), "--out", RunDirectory(run), "--json"];

    /// <summary>Writes <c>DIR/sweep.json</c>.</summary>
    public void Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var document = new JsonObject
        {
            ["functionalnet_version"] = Version.Library,
            ["command_line"] = Strings(CommandLine),
            ["runs"] = new JsonArray(Runs.Select(r => (JsonNode)new JsonObject
            {
                ["index"] = r.Index,
                ["name"] = r.Name,
                ["configuration"] = r.Configuration,
                ["options"] = Options(r.Options),
                ["seed"] = r.Seed,
                ["command_line"] = Strings(TrainArguments(r)),
                ["settings"] = r.Settings.DeepClone(),
            }).ToArray()),
        };
        AtomicFile.WriteText(Path.Combine(Directory, FileName), document.ToJsonString(Indented) + "\n");
    }

    /// <summary>Reads the plan of the sweep in <paramref name="directory"/>, or fails with one line.</summary>
    public static SweepPlan Read(string directory)
    {
        var full = Path.GetFullPath(directory);
        var path = Path.Combine(full, FileName);
        var text = RegularFile.ReadText(path, "sweep plan", RegularFile.TextCap, $"no sweep in {directory}: {FileName} not found");
        try
        {
            var document = JsonNode.Parse(text)!.AsObject();
            var runs = document["runs"]!.AsArray().Select(node =>
            {
                var r = node!.AsObject();
                var options = r["options"]!.AsObject().Select(o => KeyValuePair.Create(o.Key, (string)o.Value!)).ToArray();
                return new SweepRun((int)r["index"]!, (string)r["name"]!, (string)r["configuration"]!, options, (int)r["seed"]!, r["settings"]!.AsObject().DeepClone().AsObject());
            }).ToArray();
            return new SweepPlan(full, document["command_line"]!.AsArray().Select(a => (string)a!).ToArray(), runs);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw ShellException.Failure($"{path} is not a FunctionalNet sweep plan ({e.Message})");
        }
    }

    /// <summary>Options as a JSON object, in order: <c>{"--lr": "0.1", "--seed": "3"}</c>.</summary>
    public static JsonObject Options(IEnumerable<KeyValuePair<string, string>> options) =>
        new(options.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)JsonValue.Create(o.Value))));

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    // What train makes of the run's options; a bad one is a usage error naming the run.
    private static TrainSettings Settings(IReadOnlyList<KeyValuePair<string, string>> options, string name)
    {
        try { return TrainCommand.SettingsOf(options.SelectMany(o => new[] { o.Key, o.Value }).ToArray()); }
        catch (ShellException e) { throw new ShellException(e.ExitCode, $"run {name}: {e.Message}"); }
    }

    // "lr=0.1,seed=3" from the options, each value made safe for a directory name (784,16,10 → 784-16-10).
    private static string Label(IEnumerable<KeyValuePair<string, string>> options, string otherwise)
    {
        var parts = options.Select(o => $"{o.Key.TrimStart('-')}={Safe(o.Value)}").ToArray();
        return parts.Length == 0 ? otherwise : string.Join(",", parts);
    }

    private static string Safe(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value.Replace(',', '-'), "[^A-Za-z0-9._+-]", "_");
}
