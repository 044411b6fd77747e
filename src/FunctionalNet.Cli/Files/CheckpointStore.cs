using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary>Checkpoint files on disk: atomic saves, and reads that refuse damage with one line.</summary>
public static class CheckpointStore
{
    /// <summary>The checkpoint's file name in a run's output directory.</summary>
    public const string FileName = "checkpoint.fnck";

    /// <summary>Saves atomically: a process killed mid-write leaves the previous checkpoint as it was.</summary>
    public static void Save<T>(string path, Checkpoint<T> checkpoint) where T : struct, IFloatingPointIeee754<T> =>
        AtomicFile.Write(path, CheckpointFile.Encode(checkpoint));

    /// <summary>A checkpoint's bytes, precision and run description, or a failure (exit code 1) naming the file and the reason.</summary>
    public static (byte[] Bytes, string Precision, JsonObject Run) Read(string path)
    {
        var bytes = RegularFile.Read(path, "checkpoint", RegularFile.ModelCap, $"checkpoint not found: {path}");
        var (precision, run) = CheckpointFile.ReadRun(bytes).Match(r => r, e => throw Refusal(path, e));
        return (bytes, precision, run);
    }

    /// <summary>The checkpoint in precision T, or a failure naming the file.</summary>
    public static Checkpoint<T> Decode<T>(string path, byte[] bytes) where T : struct, IFloatingPointIeee754<T> =>
        CheckpointFile.Decode<T>(bytes).Match(c => c, e => throw Refusal(path, e));

    private static ShellException Refusal(string path, Error e) => ShellException.Failure($"cannot resume from {path}: {e.Message}");
}
