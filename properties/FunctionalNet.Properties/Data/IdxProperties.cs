using FsCheck.Xunit;
using FunctionalNet.Data;
using LanguageExt;
using LanguageExt.Common;
using Xunit;

namespace FunctionalNet.Properties.Data;

/// <summary>
/// The IDX reader over generated files: what is written reads back unchanged, and a truncated or corrupted file
/// gives either a valid dataset or an error of a known kind — never an exception.
/// </summary>
[Properties(Arbitrary = [typeof(DataArbitraries)], MaxTest = 300)]
public class IdxProperties
{
    private static readonly string[] Names = ["train-images", "train-labels", "test-images", "test-labels"];

    private static Fin<(Dataset<double> Train, Dataset<double> Test)> Load(Func<FileRole, byte[]> file) =>
        from train in Dataset.Read<double>(file(FileRole.TrainImages), Names[0], file(FileRole.TrainLabels), Names[1])
        from test in Dataset.Read<double>(file(FileRole.TestImages), Names[2], file(FileRole.TestLabels), Names[3])
        from pair in Dataset.Pair(train, test)
        select pair;

    private static void IsAClearError(Error error, FileRole role)
    {
        Assert.True(Idx.ProblemOf(error).IsSome, $"an error of no known kind: {error}");
        Assert.StartsWith(Names[(int)role], error.Message);
    }

    [Property]
    public void WrittenFilesReadBackUnchanged(SmallFiles files)
    {
        var (train, test) = Load(files.File).ThrowIfFail();
        foreach (var (data, set) in new[] { (train, files.Train), (test, files.Test) })
        {
            Assert.Equal(set.Labels.Select(l => (int)l), data.Labels);
            Assert.Equal((set.Rows, set.Columns), (data.ImageRows, data.ImageColumns));
            // Column-major X is the file's pixel order; ×255 undoes the scaling exactly.
            Assert.Equal(set.Pixels.Select(p => (int)p), data.X.ToColumnMajorArray().Select(x => (int)Math.Round(x * 255)));
            Assert.Equal(set.Labels.Select(l => (int)l), Enumerable.Range(0, data.Count).Select(j => data.Y.Column(j).MaximumIndex()));
        }
        var images = Idx.ReadImages(files.File(FileRole.TrainImages), "images").ThrowIfFail();
        Assert.Equal(Idx.WriteImages(files.Train.Images), Idx.WriteImages(images));
    }

    private static bool Same(Dataset<double> first, Dataset<double> second) =>
        first.Labels.SequenceEqual(second.Labels) && FunctionalNet.Numerics.Linear.BitwiseEqual(first.X, second.X);

    [Property]
    public void AnyTruncationIsAClearErrorOrLosesNothing(Truncation truncation)
    {
        // Cutting only gzip's 8-byte trailer (CRC-32 and length) leaves the whole deflate stream, which .NET inflates
        // without complaint; then the data must be exactly the original's.
        var original = Load(truncation.Files.File).ThrowIfFail();
        var result = Load(role => role == truncation.Role ? truncation.Damaged : truncation.Files.File(role));
        result.Match(
            loaded => Assert.True(truncation.Files.Gzip && Same(loaded.Train, original.Train) && Same(loaded.Test, original.Test),
                $"a file cut to {truncation.Damaged.Length} of {truncation.Whole.Length} bytes gave different data"),
            error => IsAClearError(error, truncation.Role));
    }

    [Property]
    public void AnyCorruptionGivesADatasetOrAClearError(Corruption corruption)
    {
        var original = Load(corruption.Files.File).ThrowIfFail();
        var result = Load(role => role == corruption.Role ? corruption.Damaged : corruption.Files.File(role));
        result.Match(
            // gzip carries a CRC-32: a changed byte is caught, or it was in a field that does not touch the data.
            loaded => Assert.True(!corruption.Files.Gzip || Same(loaded.Train, original.Train) && Same(loaded.Test, original.Test),
                "a corrupted gzip file gave different data"),
            error =>
            {
                // A changed size can also surface as a mismatch between two files, named by both.
                if (!Idx.ProblemOf(error).Exists(p => p is IdxProblem.CountMismatch or IdxProblem.InconsistentDimensions))
                    IsAClearError(error, corruption.Role);
            });
    }

    [Property]
    public void AnAcceptedRawFileIsExactlyWhatItHolds(Corruption corruption)
    {
        // Nothing is silently dropped or invented: a damaged raw file that parses writes back byte for byte.
        var raw = corruption with { Files = corruption.Files with { Gzip = false } };
        var damaged = raw.Damaged;
        var rewritten = raw.Role is FileRole.TrainImages or FileRole.TestImages
            ? Idx.ReadImages(damaged, "images").Map(images => Idx.WriteImages(images))
            : Idx.ReadLabels(damaged, "labels").Map(labels => Idx.WriteLabels(labels.Span));
        rewritten.Match(bytes => Assert.Equal(damaged, bytes), error => Assert.True(Idx.ProblemOf(error).IsSome));
    }
}
