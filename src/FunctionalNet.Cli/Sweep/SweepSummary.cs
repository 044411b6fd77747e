using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>The runs of one configuration (the same options but the seed) and the spread of each measured quantity over them.</summary>
public sealed record ConfigurationSummary(string Name, IReadOnlyList<RunResult> Runs, IReadOnlyDictionary<string, Spread?> Spreads)
{
    /// <summary>The runs that are done.</summary>
    public IEnumerable<RunResult> Done => Runs.Where(r => r.Status == RunStatus.Done);
}

/// <summary>
/// A sweep's results: per configuration the mean, sample standard deviation (n − 1), minimum and maximum of train,
/// validation and test accuracy and loss and of wall time, and every run with its options, seed, model hash and
/// metrics. Written as <c>summary.json</c>, <c>summary.csv</c> (one row per configuration) and <c>runs.csv</c>.
/// </summary>
public sealed record SweepSummary(IReadOnlyList<RunResult> Runs, IReadOnlyList<ConfigurationSummary> Configurations)
{
    /// <summary>The quantities summarised: the manifest's metrics, then the wall time of the run's process.</summary>
    public static readonly string[] Quantities = [.. RunResult.MetricNames, "wall_seconds"];

    /// <summary>What "std" means in every output.</summary>
    public const string StandardDeviationMeaning = "sample standard deviation over the configuration's done runs: divides by n − 1 (none for one run)";

    /// <summary>Summarises the runs, configurations in the order of their first run.</summary>
    public static SweepSummary Of(IReadOnlyList<RunResult> runs) => new(runs, runs.GroupBy(r => r.Run.Configuration)
        .Select(g => new ConfigurationSummary(g.Key, g.ToArray(), Quantities.ToDictionary(q => q,
            q => Spread.Of(g.Where(r => r.Status == RunStatus.Done).Select(r => Value(r, q)).OfType<double>()))))
        .ToArray());

    /// <summary>Quantity <paramref name="name"/> of a run: one of its metrics or its wall time, if known.</summary>
    public static double? Value(RunResult run, string name) =>
        name == "wall_seconds" ? run.WallSeconds : run.Metrics?[name] is JsonValue v && v.TryGetValue<double>(out var x) ? x : null;

    /// <summary>How many runs have <paramref name="status"/>.</summary>
    public int Count(RunStatus status) => Runs.Count(r => r.Status == status);

    /// <summary><c>summary.json</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["runs_total"] = Runs.Count,
        ["runs_done"] = Count(RunStatus.Done),
        ["runs_failed"] = Count(RunStatus.Failed),
        ["runs_unfinished"] = Count(RunStatus.Started) + Count(RunStatus.Pending),
        ["standard_deviation"] = StandardDeviationMeaning,
        ["configurations"] = new JsonArray(Configurations.Select(c => (JsonNode)new JsonObject
        {
            ["configuration"] = c.Name,
            ["runs"] = c.Runs.Count,
            ["done"] = c.Done.Count(),
            ["failed"] = c.Runs.Count(r => r.Status == RunStatus.Failed),
            ["seeds"] = new JsonArray(c.Runs.Select(r => (JsonNode)r.Run.Seed).ToArray()),
            ["statistics"] = new JsonObject(Quantities.Select(q => KeyValuePair.Create(q, c.Spreads[q] is { } s ? (JsonNode?)new JsonObject
            {
                ["n"] = s.Count, ["mean"] = s.Mean, ["std"] = s.StandardDeviation, ["min"] = s.Minimum, ["max"] = s.Maximum,
            } : null))),
        }).ToArray()),
        ["runs"] = new JsonArray(Runs.Select(r =>
        {
            var run = new JsonObject
            {
                ["name"] = r.Run.Name,
                ["configuration"] = r.Run.Configuration,
                ["options"] = SweepPlan.Options(r.Run.Options),
                ["seed"] = r.Run.Seed,
                ["status"] = r.Status.ToString().ToLowerInvariant(),
                ["model_hash"] = r.ModelHash,
            };
            foreach (var name in RunResult.MetricNames) run[name] = Value(r, name);
            run["epochs"] = r.Metrics?["epochs"]?.DeepClone();
            run["train_seconds"] = r.Metrics?["seconds"]?.DeepClone();
            run["wall_seconds"] = r.WallSeconds;
            run["error"] = r.Error;
            return (JsonNode)run;
        }).ToArray()),
    };

    /// <summary><c>summary.csv</c>: one row per configuration, for each quantity its n, mean, std, min and max.</summary>
    public string ConfigurationsCsv()
    {
        var header = new[] { "configuration", "runs", "done", "failed" }
            .Concat(Quantities.SelectMany(q => new[] { "n", "mean", "std", "min", "max" }.Select(s => $"{q}_{s}")));
        var rows = Configurations.Select(c => new[] { Csv(c.Name), Number(c.Runs.Count), Number(c.Done.Count()), Number(c.Runs.Count(r => r.Status == RunStatus.Failed)) }
            .Concat(Quantities.SelectMany(q => c.Spreads[q] is { } s
                ? new[] { Number(s.Count), Number(s.Mean), Number(s.StandardDeviation), Number(s.Minimum), Number(s.Maximum) }
                : ["0", "", "", "", ""])));
        return Lines(header, rows);
    }

    /// <summary><c>runs.csv</c>: one row per run.</summary>
    public string RunsCsv()
    {
        var header = new[] { "name", "configuration", "seed", "status", "model_hash" }.Concat(Quantities).Append("error");
        var rows = Runs.Select(r => new[] { Csv(r.Run.Name), Csv(r.Run.Configuration), Number(r.Run.Seed), r.Status.ToString().ToLowerInvariant(), r.ModelHash ?? "" }
            .Concat(Quantities.Select(q => Number(Value(r, q)))).Append(Csv(r.Error ?? "")));
        return Lines(header, rows);
    }

    private static string Lines(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        string.Join("\n", rows.Prepend(header).Select(cells => string.Join(",", cells))) + "\n";

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    // RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
    private static string Csv(string text) => text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}
