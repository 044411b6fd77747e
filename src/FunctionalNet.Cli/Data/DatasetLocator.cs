using FunctionalNet.Data;

namespace FunctionalNet.Cli.Data;

/// <summary>One of a dataset's four files: where it is, and the SHA-256 it must have (if known).</summary>
public sealed record DataFile(string Path, string? Sha256)
{
    /// <summary>The file name, as errors show it.</summary>
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>Where a dataset's four IDX files are.</summary>
/// <param name="Title">A human name: "MNIST", "Fashion-MNIST" or the directory.</param>
/// <param name="Directory">The directory holding the files.</param>
/// <param name="TrainImages">The training images.</param>
/// <param name="TrainLabels">The training labels.</param>
/// <param name="TestImages">The test images.</param>
/// <param name="TestLabels">The test labels.</param>
/// <param name="ClassNames">What each label 0–9 means.</param>
public sealed record DataSource(string Title, string Directory, DataFile TrainImages, DataFile TrainLabels,
    DataFile TestImages, DataFile TestLabels, IReadOnlyList<string> ClassNames);

/// <summary>
/// Finds the data that <c>--dataset mnist|fashion|DIR</c> names, fetching MNIST on first use, and loads it through
/// the core. Every failure is a <see cref="ShellException"/>: a name that is neither a dataset nor a directory is
/// bad usage (exit 2); missing, damaged or forged files are runtime failures (exit 1).
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable that overrides MNIST's data directory.</summary>
    public const string DataDirectoryVariable = "FUNCTIONALNET_DATA";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs Fashion-MNIST.</summary>
    public const string FashionDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The standard names of the four files, in the order train images, train labels, test images, test labels.</summary>
    public static readonly IReadOnlyList<string> StandardNames = Mnist.Files.Select(f => f.Name).ToArray();

    private static readonly IReadOnlyList<string> Digits = Enumerable.Range(0, Dataset.Classes).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static readonly IReadOnlyList<string> Clothing =
        ["T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    /// <summary>MNIST's directory: <paramref name="dataDirectory"/>, else $FUNCTIONALNET_DATA, else ~/.cache/functionalnet/mnist.</summary>
    public static string MnistDirectory(string? dataDirectory) => MnistDirectory(dataDirectory, Environment.GetEnvironmentVariable);

    /// <summary>The same, reading the environment through <paramref name="environment"/>.</summary>
    internal static string MnistDirectory(string? dataDirectory, Func<string, string?> environment) =>
        Path.GetFullPath(dataDirectory is { Length: > 0 } given ? given
            : environment(DataDirectoryVariable) is { Length: > 0 } variable ? variable
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "functionalnet", "mnist"));

    /// <summary>
    /// The training and test sets that <paramref name="dataset"/> names (mnist, fashion or a directory), examples as
    /// columns in precision T. MNIST is fetched into its data directory if missing and checked by SHA-256 as it is read.
    /// Progress notes (a fetch) go to <paramref name="log"/> if given.
    /// </summary>
    public static (Dataset<T> Train, Dataset<T> Test) Load<T>(string dataset, string? dataDirectory, TextWriter? log = null)
        where T : struct, IFloatingPointIeee754<T> =>
        Load<T>(Locate(dataset, dataDirectory, log));

    /// <summary>The training and test sets in <paramref name="source"/>, each file read once and checked if it has a checksum.</summary>
    public static (Dataset<T> Train, Dataset<T> Test) Load<T>(DataSource source) where T : struct, IFloatingPointIeee754<T>
    {
        var train = Read<T>(source.TrainImages, source.TrainLabels);
        // The training files' bytes (47 MB for MNIST) are garbage now: collecting them before the test set is read
        // keeps them from adding to the peak memory of the load
        // (docs/performance.md, "Collecting the training files before the test set").
        GC.Collect();
        var test = Read<T>(source.TestImages, source.TestLabels);
        return Dataset.Pair(train, test).OrFailure();
    }

    /// <summary>Where the four files of <paramref name="dataset"/> are; fetches MNIST if any of its files is missing.</summary>
    public static DataSource Locate(string dataset, string? dataDirectory, TextWriter? log = null)
    {
        switch (dataset)
        {
            case "mnist":
            {
                var directory = MnistDirectory(dataDirectory);
                Mnist.Ensure(directory, log);
                var files = Mnist.Files.Select(f => new DataFile(Path.Combine(directory, f.Name), f.Sha256)).ToArray();
                return new DataSource("MNIST", directory, files[0], files[1], files[2], files[3], Digits);
            }
            case "fashion":
                if (!Directory.Exists(FashionDirectory))
                    throw ShellException.Failure($"Fashion-MNIST is not installed in {FashionDirectory}: install the Debian package " +
                        "dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist), or pass --dataset DIR");
                return InDirectory("Fashion-MNIST", FashionDirectory, Clothing);
            default:
                if (!Directory.Exists(dataset))
                    throw ShellException.Usage($"the dataset must be mnist, fashion or a directory holding the four IDX files (got '{dataset}', which is not a directory)");
                return InDirectory(Path.GetFullPath(dataset), Path.GetFullPath(dataset), Digits);
        }
    }

    // The standard names, each raw or with .gz (the raw file wins if both are there).
    private static DataSource InDirectory(string title, string directory, IReadOnlyList<string> classNames)
    {
        var files = StandardNames.Select(name =>
        {
            var raw = Path.Combine(directory, name);
            var found = RegularFile.Exists(raw, "dataset file") ? raw : RegularFile.Exists(raw + ".gz", "dataset file") ? raw + ".gz"
                : throw ShellException.Failure($"{directory} has no {name} (nor {name}.gz)");
            return new DataFile(found, null);
        }).ToArray();
        return new DataSource(title, directory, files[0], files[1], files[2], files[3], classNames);
    }

    private static Dataset<T> Read<T>(DataFile images, DataFile labels) where T : struct, IFloatingPointIeee754<T> =>
        Dataset.Read<T>(Bytes(images), images.Name, Bytes(labels), labels.Name).OrFailure();

    /// <summary>The bytes of one dataset file, checked against its SHA-256 when it has one.</summary>
    public static byte[] Bytes(DataFile file)
    {
        var bytes = RegularFile.Read(file.Path, "IDX file", Idx.MaxBytes, $"dataset file not found: {file.Path}");
        if (file.Sha256 is { } expected) Mnist.Verify(file.Path, bytes, expected);
        return bytes;
    }
}
