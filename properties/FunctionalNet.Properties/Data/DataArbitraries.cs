using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Data;

namespace FunctionalNet.Properties.Data;

/// <summary>A small labelled image set: Labels.Length images of Rows × Columns, pixels image by image, row by row.</summary>
public sealed record SmallSet(int Rows, int Columns, byte[] Pixels, byte[] Labels)
{
    /// <summary>The images as the IDX reader returns them.</summary>
    public IdxImages Images => new(Labels.Length, Rows, Columns, Pixels);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Labels.Length} images of {Rows}×{Columns}, labels [{string.Join(",", Labels)}], pixels [{string.Join(",", Pixels)}]";
}

/// <summary>Which of a dataset's four files.</summary>
public enum FileRole { TrainImages, TrainLabels, TestImages, TestLabels }

/// <summary>A training and a test set of the same image size, and whether their files are gzip-compressed.</summary>
public sealed record SmallFiles(SmallSet Train, SmallSet Test, bool Gzip)
{
    /// <summary>The bytes of one of the four files.</summary>
    public byte[] File(FileRole role) => role switch
    {
        FileRole.TrainImages => Idx.WriteImages(Train.Images, Gzip),
        FileRole.TrainLabels => Idx.WriteLabels(Train.Labels, Gzip),
        FileRole.TestImages => Idx.WriteImages(Test.Images, Gzip),
        FileRole.TestLabels => Idx.WriteLabels(Test.Labels, Gzip),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}

/// <summary>A valid file cut short: <see cref="Cut"/> picks the length, always below the full one.</summary>
public sealed record Truncation(SmallFiles Files, FileRole Role, int Cut)
{
    /// <summary>The full file.</summary>
    public byte[] Whole => Files.File(Role);

    /// <summary>The first (Cut mod length) bytes.</summary>
    public byte[] Damaged => Whole[..(Cut % Whole.Length)];
}

/// <summary>A valid file with one byte changed: the byte at (Position mod length) XOR Mask (Mask ≠ 0).</summary>
public sealed record Corruption(SmallFiles Files, FileRole Role, int Position, byte Mask)
{
    /// <summary>The full, undamaged file.</summary>
    public byte[] Whole => Files.File(Role);

    /// <summary>The file with the one byte changed.</summary>
    public byte[] Damaged
    {
        get
        {
            var bytes = Whole;
            bytes[Position % bytes.Length] ^= Mask;
            return bytes;
        }
    }
}

/// <summary>Generators and shrinkers for IDX files: valid small datasets, and truncated or corrupted copies of them.</summary>
public static class DataArbitraries
{
    private static Gen<byte> Bytes => Gen.Choose(0, 255).Select(b => (byte)b);

    private static Gen<SmallSet> Set(int rows, int columns) =>
        from count in Gen.Choose(1, 6)
        from pixels in Gen.ArrayOf(Bytes, count * rows * columns)
        from labels in Gen.ArrayOf(Gen.Choose(0, 9).Select(l => (byte)l), count)
        select new SmallSet(rows, columns, pixels, labels);

    private static Gen<SmallFiles> FilesGen =>
        from rows in Gen.Choose(1, 5)
        from columns in Gen.Choose(1, 5)
        from train in Set(rows, columns)
        from test in Set(rows, columns)
        from gzip in Gen.Elements(false, true)
        select new SmallFiles(train, test, gzip);

    private static Gen<FileRole> Roles => Gen.Elements(Enum.GetValues<FileRole>());

    // Fewer images, then zero pixels and labels: a failing case shrinks to the fewest, plainest bytes.
    private static IEnumerable<SmallSet> ShrinkSet(SmallSet set)
    {
        var perImage = set.Rows * set.Columns;
        if (set.Labels.Length > 1) yield return set with { Pixels = set.Pixels[..^perImage], Labels = set.Labels[..^1] };
        if (set.Pixels.Any(p => p != 0)) yield return set with { Pixels = new byte[set.Pixels.Length] };
        if (set.Labels.Any(l => l != 0)) yield return set with { Labels = new byte[set.Labels.Length] };
    }

    private static IEnumerable<SmallFiles> ShrinkFiles(SmallFiles files) =>
        ShrinkSet(files.Train).Select(train => files with { Train = train })
            .Concat(ShrinkSet(files.Test).Select(test => files with { Test = test }))
            .Concat(files.Gzip ? [files with { Gzip = false }] : []);

    /// <summary>Valid small datasets.</summary>
    public static Arbitrary<SmallFiles> Files() => Arb.From(FilesGen, ShrinkFiles);

    /// <summary>A valid file and a shorter length.</summary>
    public static Arbitrary<Truncation> Truncations() => Arb.From(
        from files in FilesGen
        from role in Roles
        from cut in Gen.Choose(0, int.MaxValue)
        select new Truncation(files, role, cut),
        t => ShrinkFiles(t.Files).Select(files => t with { Files = files })
            .Concat(t.Cut % t.Whole.Length > 0 ? [t with { Cut = t.Cut % t.Whole.Length / 2 }] : []));

    /// <summary>A valid file and one byte to change in it.</summary>
    public static Arbitrary<Corruption> Corruptions() => Arb.From(
        from files in FilesGen
        from role in Roles
        from position in Gen.Choose(0, int.MaxValue)
        from mask in Gen.Choose(1, 255)
        select new Corruption(files, role, position, (byte)mask),
        c => ShrinkFiles(c.Files).Select(files => c with { Files = files })
            .Concat(c.Position % c.Whole.Length > 0 ? [c with { Position = c.Position % c.Whole.Length / 2 }] : []));
}
