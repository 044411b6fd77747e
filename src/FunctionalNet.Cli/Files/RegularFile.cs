using System.Runtime.InteropServices;

namespace FunctionalNet.Cli;

/// <summary>
/// Reads files only when they are regular files, and never more than a cap. Opening a FIFO blocks until something
/// writes to it, and a device such as /dev/zero never ends: both are told apart from a regular file by its type,
/// asked of the file system without opening the file (Linux <c>statx</c>, which follows symbolic links, so a link to
/// a regular file is one). A FIFO, a device, a socket or a directory is one line on stderr and exit code 1, at once.
/// </summary>
public static class RegularFile
{
    /// <summary>The largest model or checkpoint file read: the most bytes one .NET array holds (about 2 GiB).</summary>
    public static readonly long ModelCap = System.Array.MaxLength;

    /// <summary>The largest manifest or run description read (16 MiB; a real one is a few kilobytes).</summary>
    public const long TextCap = 16L << 20;

    /// <summary>
    /// True if <paramref name="path"/> is a regular file (or a link to one), false if nothing is there; anything else
    /// is a failure (exit code 1) that names <paramref name="what"/>, the path and what it is.
    /// </summary>
    public static bool Exists(string path, string what) => Kind(path) switch
    {
        null => false,
        "regular file" => true,
        var other => throw ShellException.Failure($"{what} {path} is {other}, not a regular file"),
    };

    /// <summary>
    /// The bytes of the regular file at <paramref name="path"/>, refused (exit code 1) when it is not one, is missing
    /// (<paramref name="missing"/> is then the message), or holds more than <paramref name="cap"/> bytes. The read
    /// stops at the length the file had when it was checked, plus one byte to notice a file still growing.
    /// </summary>
    public static byte[] Read(string path, string what, long cap, string missing)
    {
        if (!Exists(path, what)) throw ShellException.Failure(missing);
        // The file is regular, so opening it does not block; its length is the opened file's (a link's target's).
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > cap) throw TooLarge(path, what, length, cap);
        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0) throw ShellException.Failure($"{what} {path} became shorter while it was read ({read} of {length} bytes)");
            read += n;
        }
        if (RandomAccess.Read(handle, new byte[1], length) != 0)
            throw ShellException.Failure($"{what} {path} grew while it was read (beyond {length} bytes)");
        return bytes;
    }

    /// <summary>The same, as UTF-8 text.</summary>
    public static string ReadText(string path, string what, long cap, string missing) =>
        System.Text.Encoding.UTF8.GetString(Read(path, what, cap, missing));

    private static ShellException TooLarge(string path, string what, long length, long cap) =>
        ShellException.Failure(FormattableString.Invariant($"{what} {path} is {length:N0} bytes, more than the limit of {cap:N0}"));

    /// <summary>"regular file", "a directory", "a FIFO", …, or null when nothing is at <paramref name="path"/>.</summary>
    internal static string? Kind(string path)
    {
        if (OperatingSystem.IsLinux() && Mode(path) is var (found, mode))
            return !found ? null : (mode & FileType) switch
            {
                Regular => "regular file",
                Directory => "a directory",
                Fifo => "a FIFO (named pipe)",
                CharacterDevice => "a character device",
                BlockDevice => "a block device",
                Socket => "a socket",
                _ => "not a regular file",
            };
        // Elsewhere .NET cannot tell a special file without opening it; a directory it can.
        return System.IO.Directory.Exists(path) ? "a directory" : File.Exists(path) ? "regular file" : null;
    }

    private const int FileType = 0xF000, Regular = 0x8000, Directory = 0x4000, Fifo = 0x1000, CharacterDevice = 0x2000,
        BlockDevice = 0x6000, Socket = 0xC000;

    // statx(2): its buffer has one layout on every Linux architecture; stx_mode is the u16 at offset 28.
    private const int CurrentDirectory = -100;
    private const uint TypeMask = 0x1;

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    private static (bool Found, int Mode)? Mode(string path)
    {
        if (path.Length == 0 || path.Contains('\0')) return (false, 0);
        var buffer = new byte[256];
        try
        {
            if (statx(CurrentDirectory, path, 0, TypeMask, buffer) == 0) return (true, BitConverter.ToUInt16(buffer, 28));
            return (false, 0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }
}
