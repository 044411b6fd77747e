using System.Buffers.Binary;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>
/// A tiny dataset in the four standard IDX files (3 training and 2 test images of 2×3 pixels), and one broken
/// variant per <see cref="IdxProblem"/>: the same four files with one of them damaged or forged.
/// </summary>
internal static class SmallFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static readonly byte[] TrainLabelValues = [3, 0, 9];
    public static readonly byte[] TestLabelValues = [7, 2];

    /// <summary>Pixel k of the set is (k·37 + offset) mod 256: every value distinct enough to catch a misplaced byte.</summary>
    public static byte[] PixelValues(int count, int offset) =>
        Enumerable.Range(0, count * 6).Select(k => (byte)((k * 37 + offset) % 256)).ToArray();

    public static IdxImages Images(int count, int offset, int rows = 2, int columns = 3) =>
        new(count, rows, columns, PixelValues(count, offset));

    public static Dictionary<string, byte[]> Valid(bool gzip = false) => new()
    {
        [TrainImages] = Idx.WriteImages(Images(3, 0), gzip),
        [TrainLabels] = Idx.WriteLabels(TrainLabelValues, gzip),
        [TestImages] = Idx.WriteImages(Images(2, 100), gzip),
        [TestLabels] = Idx.WriteLabels(TestLabelValues, gzip),
    };

    public static TheoryData<IdxProblem> Problems => new(Enum.GetValues<IdxProblem>());

    /// <summary>The four files with one broken the way <paramref name="problem"/> names; also which file it is.</summary>
    public static (Dictionary<string, byte[]> Files, string Broken) Broken(IdxProblem problem)
    {
        var files = Valid();
        var (name, bytes) = problem switch
        {
            IdxProblem.WrongMagic => (TrainImages, files[TrainLabels]),
            IdxProblem.WrongElementType => (TrainImages, With(files[TrainImages], 2, 0x0D)),
            IdxProblem.Truncated => (TrainLabels, files[TrainLabels][..6]),
            IdxProblem.HeaderExceedsData => (TrainImages, WithSize(files[TrainImages], 0, uint.MaxValue)),
            IdxProblem.TrailingData => (TestLabels, [.. files[TestLabels], 5]),
            IdxProblem.TooLarge => (TrainImages, Gzip(Header(Idx.ImagesMagic, 100_000, 100, 100))),
            IdxProblem.CorruptGzip => (TrainLabels, CorruptDeflate(Idx.WriteLabels(TrainLabelValues, gzip: true))),
            IdxProblem.Empty => (TrainImages, Header(Idx.ImagesMagic, 0, 2, 3)),
            IdxProblem.ZeroDimension => (TrainImages, Header(Idx.ImagesMagic, 3, 0, 3)),
            IdxProblem.CountMismatch => (TrainLabels, Idx.WriteLabels(TrainLabelValues[..2])),
            IdxProblem.LabelOutOfRange => (TrainLabels, Idx.WriteLabels([3, 10, 9])),
            IdxProblem.InconsistentDimensions => (TestImages, Idx.WriteImages(Images(2, 100, rows: 3, columns: 2))),
            IdxProblem.TruncatedGzip => (TrainLabels, Idx.WriteLabels(TrainLabelValues, gzip: true)[..^8]),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        files[name] = bytes;
        return (files, name);
    }

    /// <summary>The core's whole load: both sets, then the pair.</summary>
    public static Fin<(Dataset<double> Train, Dataset<double> Test)> Load(Dictionary<string, byte[]> files) =>
        from train in Dataset.Read<double>(files[TrainImages], TrainImages, files[TrainLabels], TrainLabels)
        from test in Dataset.Read<double>(files[TestImages], TestImages, files[TestLabels], TestLabels)
        from pair in Dataset.Pair(train, test)
        select pair;

    /// <summary>A fresh temporary directory holding the files.</summary>
    public static TemporaryDirectory Directory(Dictionary<string, byte[]> files, string suffix = "")
    {
        var directory = new TemporaryDirectory();
        foreach (var (name, bytes) in files) File.WriteAllBytes(directory[name + suffix], bytes);
        return directory;
    }

    public static byte[] Header(int magic, params uint[] sizes)
    {
        var bytes = new byte[4 + 4 * sizes.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var d = 0; d < sizes.Length; d++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        return bytes;
    }

    public static byte[] With(byte[] bytes, int position, byte value)
    {
        var copy = bytes.ToArray();
        copy[position] = value;
        return copy;
    }

    public static byte[] WithSize(byte[] bytes, int dimension, uint size)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(4 + 4 * dimension), size);
        return copy;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal)) gzip.Write(bytes);
        return output.ToArray();
    }

    // After gzip's 10-byte header comes the deflate stream: 0xFF there is a block of the reserved type 3, always invalid.
    private static byte[] CorruptDeflate(byte[] gzip) => With(gzip, 10, 0xFF);
}
