using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>Where a run of a sweep stands.</summary>
public enum RunStatus
{
    /// <summary>
    /// Its process ended with exit code 0, and its manifest and model are there and agree: the configuration it was
    /// planned with, the model hash it reports.
    /// </summary>
    Done,
    /// <summary>It ended without a consistent manifest and model (a train error, a divergence, a kill by the scheduler).</summary>
    Failed,
    /// <summary>It started and has not ended (or was killed with the sweep).</summary>
    Started,
    /// <summary>It has not started.</summary>
    Pending,
}

/// <summary>
/// A run as its directory shows it: the manifest's metrics and model hash once done, the exit code and the last line
/// of standard error if it failed, and the wall time the launcher measured (<c>exit.json</c>).
/// </summary>
public sealed record RunResult(SweepRun Run, RunStatus Status, string? ModelHash, JsonObject? Metrics, double? WallSeconds, string? Error)
{
    /// <summary>Written by the launcher (local or the Slurm script) when the run's process ends: exit code and wall seconds.</summary>
    public const string ExitFileName = "exit.json";

    /// <summary>The run's standard output (<c>train --json</c>: one object per evaluation, then the summary).</summary>
    public const string OutputFileName = "train.jsonl";

    /// <summary>The run's standard error.</summary>
    public const string ErrorFileName = "train.err";

    /// <summary>The files a new attempt starts without: a stale one must never make an unfinished run look done.</summary>
    public static readonly string[] AttemptFiles = [ExitFileName, Manifest.FileName, TrainRunner.ModelFileName];

    /// <summary>The metrics of a run, as its manifest names them.</summary>
    public static readonly string[] MetricNames = ["train_accuracy", "validation_accuracy", "test_accuracy", "train_loss", "validation_loss", "test_loss"];

    /// <summary>Reads run <paramref name="run"/> of <paramref name="plan"/> from its directory.</summary>
    public static RunResult Read(SweepPlan plan, SweepRun run)
    {
        var directory = plan.RunDirectory(run);
        var (exitCode, wall) = ReadExit(Path.Combine(directory, ExitFileName));
        // Until the launcher records the exit, the process may still be writing into the directory: not done yet.
        if (exitCode is not { } code)
            return new RunResult(run, File.Exists(Path.Combine(directory, OutputFileName)) ? RunStatus.Started : RunStatus.Pending, null, null, null, null);
        if (code == 0 && Consistent(directory, run) is var (hash, metrics))
            return new RunResult(run, RunStatus.Done, hash, metrics, wall, null);
        return new RunResult(run, RunStatus.Failed, null, null, wall, LastErrorLine(directory) ?? (code == 0
            ? "the process ended without a consistent manifest and model"
            : $"exit code {code}"));
    }

    /// <summary>
    /// The model hash and metrics of a finished run: its manifest describes the planned configuration and names the
    /// hash of the model file beside it. Anything else (missing, unreadable, another configuration, another model) is none.
    /// </summary>
    private static (string Hash, JsonObject Metrics)? Consistent(string directory, SweepRun run)
    {
        var manifestPath = Path.Combine(directory, Manifest.FileName);
        var modelPath = Path.Combine(directory, TrainRunner.ModelFileName);
        if (!File.Exists(manifestPath) || !File.Exists(modelPath)) return null;
        try
        {
            var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            var hash = (string?)manifest["model_hash"];
            if (hash is null || !JsonNode.DeepEquals(manifest["configuration"], run.Settings)) return null;
            return ModelStore.Load(modelPath).ModelHash == hash ? (hash, manifest["metrics"]!.AsObject().DeepClone().AsObject()) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ShellException or IOException)
        {
            return null;
        }
    }

    private static (int? Exit, double? WallSeconds) ReadExit(string path)
    {
        try
        {
            if (!File.Exists(path)) return (null, null);
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            return ((int?)node["exit"], (double?)node["wall_seconds"]);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or IOException)
        {
            return (null, null);
        }
    }

    private static string? LastErrorLine(string directory)
    {
        var path = Path.Combine(directory, ErrorFileName);
        return File.Exists(path) ? File.ReadLines(path).Where(l => l.Trim().Length > 0).LastOrDefault()?.Trim() : null;
    }
}
