namespace FunctionalNet.Cli;

/// <summary>
/// Writes that lose nothing: the bytes go to a temporary file in the same directory, are flushed to disk, and
/// only then replace the target by a rename. A process killed mid-write leaves the previous file intact.
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (TestHooks.WritePause > 0)
                {
                    stream.Write(bytes[..(bytes.Length / 2)]);
                    stream.Flush(flushToDisk: true);
                    Thread.Sleep(TestHooks.WritePause);
                    bytes = bytes[(bytes.Length / 2)..];
                }
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with UTF-8 text atomically.</summary>
    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
