using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// What a checkpoint records about its run besides the training state, so that <c>train --resume FILE</c> needs
/// nothing else: the original command line (parsed again to rebuild the options), the configuration it meant then
/// (compared with what it means now), where the data was, how often to checkpoint, and the data's hash.
/// </summary>
/// <param name="CommandLine">The original arguments, starting with <c>train</c>.</param>
/// <param name="Configuration">The run's <see cref="TrainSettings.ToJson"/>.</param>
/// <param name="DatasetPath">The dataset as an absolute directory (or <c>mnist</c> / <c>fashion</c>).</param>
/// <param name="DataDirectory">MNIST's directory if one was given, absolute.</param>
/// <param name="CheckpointEvery">Updates between checkpoints.</param>
/// <param name="DatasetSha256">The combined SHA-256 of the four data files.</param>
public sealed record CheckpointRun(IReadOnlyList<string> CommandLine, JsonObject Configuration, string DatasetPath, string? DataDirectory,
    int CheckpointEvery, string DatasetSha256)
{
    /// <summary>The description a checkpoint of <paramref name="settings"/> carries.</summary>
    public static CheckpointRun Of(TrainSettings settings, IReadOnlyList<string> commandLine, int checkpointEvery, DatasetHashes data) =>
        new(commandLine, settings.ToJson(), Directory.Exists(settings.Dataset) ? Path.GetFullPath(settings.Dataset) : settings.Dataset,
            settings.DataDirectory is { } d ? Path.GetFullPath(d) : null, checkpointEvery, data.Combined);

    /// <summary>As JSON, for <see cref="FunctionalNet.Serialization.Checkpoint{T}.Run"/>.</summary>
    public JsonObject ToJson() => new()
    {
        ["functionalnet_version"] = Version.Library,
        ["command_line"] = new JsonArray(CommandLine.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["configuration"] = Configuration.DeepClone(),
        ["dataset_path"] = DatasetPath,
        ["data_dir"] = DataDirectory,
        ["checkpoint_every"] = CheckpointEvery,
        ["dataset_sha256"] = DatasetSha256,
    };

    /// <summary>Reads the description back, or fails (exit code 1) naming the file.</summary>
    public static CheckpointRun FromJson(JsonObject run, string path)
    {
        try
        {
            if ((int)run["checkpoint_every"]! < 1)
                throw ShellException.Failure($"cannot resume from {path}: checkpoint_every must be at least 1 (got {(int)run["checkpoint_every"]!})");
            return new CheckpointRun(run["command_line"]!.AsArray().Select(a => (string)a!).ToArray(), run["configuration"]!.AsObject(),
                (string)run["dataset_path"]!, (string?)run["data_dir"], (int)run["checkpoint_every"]!, (string)run["dataset_sha256"]!);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or OverflowException)
        {
            throw ShellException.Failure($"cannot resume from {path}: it does not describe a train run ({e.Message})");
        }
    }
}
