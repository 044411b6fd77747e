using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>The IDX reader: valid files round-trip, and every kind of broken file is refused with its own problem.</summary>
public class IdxTests
{
    [Theory]
    [MemberData(nameof(SmallFiles.Problems), MemberType = typeof(SmallFiles))]
    public void EachKindOfBrokenFileIsRefusedWithItsOwnProblem(IdxProblem problem)
    {
        var (files, broken) = SmallFiles.Broken(problem);
        var error = SmallFiles.Load(files).Match(_ => throw new Xunit.Sdk.XunitException($"{broken} was accepted"), e => e);
        Assert.Equal(Some(problem), Idx.ProblemOf(error));
        Assert.Contains(problem == IdxProblem.InconsistentDimensions ? "test images are 3×2" : broken, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheSmallFilesLoad()
    {
        var (train, test) = SmallFiles.Load(SmallFiles.Valid()).ThrowIfFail();
        Assert.Equal([3, 0, 9], train.Labels.ToArray());
        Assert.Equal([7, 2], test.Labels.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenFilesReadBackUnchanged(bool gzip)
    {
        var images = SmallFiles.Images(3, 11);
        var read = Idx.ReadImages(Idx.WriteImages(images, gzip), "images").ThrowIfFail();
        Assert.Equal((3, 2, 3), (read.Count, read.Rows, read.Columns));
        Assert.Equal(images.Pixels.ToArray(), read.Pixels.ToArray());
        Assert.Equal(SmallFiles.TrainLabelValues, Idx.ReadLabels(Idx.WriteLabels(SmallFiles.TrainLabelValues, gzip), "labels").ThrowIfFail().ToArray());
    }

    [Fact]
    public void GzipIsRecognisedByItsMagicNotByName()
    {
        var gzip = Idx.WriteLabels(SmallFiles.TrainLabelValues, gzip: true);
        Assert.Equal((0x1f, 0x8b), (gzip[0], gzip[1]));
        Assert.True(Idx.IsGzip(gzip));
        Assert.False(Idx.IsGzip(Idx.WriteLabels(SmallFiles.TrainLabelValues)));
    }

    [Fact]
    public void TheHeaderIsBigEndian()
    {
        // 00 00 08 03, then count 2, rows 2, columns 3, each as four big-endian bytes.
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3 }, Idx.WriteImages(SmallFiles.Images(2, 0))[..16]);
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 3, 0, 9 }, Idx.WriteLabels(SmallFiles.TrainLabelValues));
    }

    [Fact]
    public void AFloatFileNamesItsElementType()
    {
        var error = Idx.ReadImages(SmallFiles.With(Idx.WriteImages(SmallFiles.Images(1, 0)), 2, 0x0D), "x").Match(_ => throw new Xunit.Sdk.XunitException("accepted"), e => e);
        Assert.Contains("32-bit float", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AForgedCountIsRefusedWithoutAllocatingWhatItClaims(bool gzip)
    {
        // The header claims MNIST's 60,000 images of 28×28 (47 MB); the file holds ten.
        var forged = SmallFiles.WithSize(Idx.WriteImages(new IdxImages(10, 28, 28, new byte[7840])), 0, 60_000);
        var file = gzip ? SmallFiles.Gzip(forged) : forged;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Idx.ReadImages(file, "forged");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Some(IdxProblem.HeaderExceedsData), result.Match(_ => None, e => Idx.ProblemOf(e)));
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AnImpossibleCountIsRefusedBeforeInflating()
    {
        var file = SmallFiles.Gzip(SmallFiles.Header(Idx.ImagesMagic, uint.MaxValue, uint.MaxValue, uint.MaxValue));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Idx.ReadImages(file, "forged");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Equal(Some(IdxProblem.TooLarge), result.Match(_ => None, e => Idx.ProblemOf(e)));
    }

    [Fact]
    public void AGzipBombStopsAtTheDeclaredSize()
    {
        // Ten labels declared, then 64 MB of zeros: reading stops one byte past the declared size.
        var bomb = SmallFiles.Gzip([.. SmallFiles.Header(Idx.LabelsMagic, 10), .. new byte[64 << 20]]);
        Assert.True(bomb.Length < 1 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Idx.ReadLabels(bomb, "bomb");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Equal(Some(IdxProblem.TrailingData), result.Match(_ => None, e => Idx.ProblemOf(e)));
    }

    [Fact]
    public void TheSizeLimitIsTheCallers()
    {
        var labels = Idx.WriteLabels(new byte[1000], gzip: true);
        Assert.True(Idx.ReadLabels(labels, "labels").IsSucc);
        Assert.Equal(Some(IdxProblem.TooLarge), Idx.ReadLabels(labels, "labels", maxBytes: 500).Match(_ => None, e => Idx.ProblemOf(e)));
    }

    [Fact]
    public void AGzipFileWithoutItsTrailerIsRefused()
    {
        var labels = Idx.WriteLabels([3, 0, 9], gzip: true);
        foreach (var cut in new[] { 8, 4, 1 })
        {
            var error = Idx.ReadLabels(labels[..^cut], "labels.gz").Match(_ => throw new Xunit.Sdk.XunitException($"cut {cut} was accepted"), e => e);
            Assert.Equal(Some(IdxProblem.TruncatedGzip), Idx.ProblemOf(error));
            Assert.StartsWith("labels.gz: the gzip file is truncated", error.Message);
        }
    }

    [Fact]
    public void SizesWhoseProductWraps32BitsAreRefused()
    {
        // One image of 65,536 × 65,537 pixels is 2³² + 65,536 bytes, which wraps to 65,536 in 32 bits: the bytes present.
        var file = (byte[])[.. SmallFiles.Header(Idx.ImagesMagic, 1, 65536, 65537), .. new byte[65536]];
        Assert.Equal(Some(IdxProblem.HeaderExceedsData), Idx.ReadImages(file, "wrapped").Match(_ => None, e => Idx.ProblemOf(e)));
        Assert.Equal(Some(IdxProblem.TooLarge), Idx.ReadImages(SmallFiles.Gzip(file), "wrapped").Match(_ => None, e => Idx.ProblemOf(e)));
    }
}
