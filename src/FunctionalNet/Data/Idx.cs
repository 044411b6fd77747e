using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace FunctionalNet.Data;

/// <summary>
/// Why a data file was refused. Each is the <see cref="Error.Code"/> of the error that
/// <see cref="Idx"/> or <see cref="Dataset"/> returns, so a caller (or a test) can tell the kinds apart.
/// </summary>
public enum IdxProblem
{
    /// <summary>The first four bytes are not the expected magic number (wrong kind of file or number of dimensions).</summary>
    WrongMagic = 301,
    /// <summary>The magic number names an element type other than unsigned bytes (0x08).</summary>
    WrongElementType,
    /// <summary>The file ends inside its own header.</summary>
    Truncated,
    /// <summary>The header declares more data than the file holds.</summary>
    HeaderExceedsData,
    /// <summary>The file holds more bytes than its header declares.</summary>
    TrailingData,
    /// <summary>The header declares more data than <see cref="Idx.MaxBytes"/>: refused before any allocation.</summary>
    TooLarge,
    /// <summary>The file starts like gzip but does not decompress.</summary>
    CorruptGzip,
    /// <summary>The file declares zero items.</summary>
    Empty,
    /// <summary>An image dimension (rows or columns) is zero.</summary>
    ZeroDimension,
    /// <summary>The image file and the label file hold different numbers of items.</summary>
    CountMismatch,
    /// <summary>A label is outside 0–9.</summary>
    LabelOutOfRange,
    /// <summary>The training and test images have different sizes.</summary>
    InconsistentDimensions,
    /// <summary>The file is gzip but ends before its 8-byte trailer (CRC-32 and length) is complete.</summary>
    TruncatedGzip,
}

/// <summary>
/// The images of one IDX file: <paramref name="Count"/> images of <paramref name="Rows"/> × <paramref name="Columns"/>
/// gray values 0–255, stored as in the file: image by image, each row by row, so pixel (r, c) of image k is
/// <c>Pixels[k·Rows·Columns + r·Columns + c]</c>.
/// </summary>
public sealed record IdxImages(int Count, int Rows, int Columns, ReadOnlyMemory<byte> Pixels)
{
    /// <summary>Pixels per image: Rows × Columns.</summary>
    public int PixelsPerImage => Rows * Columns;
}

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST, read and written over bytes. A file is a big-endian header —
/// the magic number <c>00 00 08 d</c> (unsigned-byte elements, d dimensions), then d sizes of 32 bits — followed by
/// the elements. Images have magic 0x00000803 (count, rows, columns), labels 0x00000801 (count).
/// Either may be gzip-compressed; gzip is recognised by its first two bytes 1f 8b and inflated in memory,
/// with the header checked first so that a forged size can never cause a large allocation.
/// </summary>
public static class Idx
{
    /// <summary>The magic number of an image file: unsigned bytes, three dimensions.</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>The magic number of a label file: unsigned bytes, one dimension.</summary>
    public const int LabelsMagic = 0x00000801;
    /// <summary>The largest file (header and data, uncompressed) accepted from gzip: 256 MiB, over five times MNIST's largest.</summary>
    public const int MaxBytes = 256 << 20;

    private const byte UnsignedByte = 0x08;
    private const int FirstGrowth = 1 << 20;

    private sealed record Kind(string Noun, int Magic, int Dimensions);
    private static readonly Kind ImageFile = new("images", ImagesMagic, 3);
    private static readonly Kind LabelFile = new("labels", LabelsMagic, 1);

    private sealed record Header(int HeaderBytes, uint[] Sizes, UInt128 DataBytes);

    /// <summary>True if <paramref name="bytes"/> start with gzip's magic 1f 8b (an IDX file starts with 00 00).</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>
    /// The images of an IDX image file (raw or gzip). <paramref name="name"/> names the file in error messages.
    /// A raw file's pixels are a view of <paramref name="file"/>, not a copy; gzip input that declares more than
    /// <paramref name="maxBytes"/> is refused before it is inflated.
    /// </summary>
    public static Fin<IdxImages> ReadImages(ReadOnlyMemory<byte> file, string name, int maxBytes = MaxBytes) =>
        Read(file, name, ImageFile, maxBytes).Bind(raw => ParseImages(raw, name));

    /// <summary>The labels of an IDX label file (raw or gzip), one byte per item.</summary>
    public static Fin<ReadOnlyMemory<byte>> ReadLabels(ReadOnlyMemory<byte> file, string name, int maxBytes = MaxBytes) =>
        Read(file, name, LabelFile, maxBytes).Bind(raw => Body(raw.Span, name, LabelFile).Map(h => raw[h.HeaderBytes..]));

    /// <summary>An IDX image file holding <paramref name="images"/>; gzip-compressed if <paramref name="gzip"/>.</summary>
    public static byte[] WriteImages(IdxImages images, bool gzip = false)
    {
        if (images.Pixels.Length != (long)images.Count * images.PixelsPerImage)
            throw new ArgumentException($"{images.Pixels.Length} pixels do not make {images.Count} images of {images.Rows}×{images.Columns}");
        return Write(ImagesMagic, [images.Count, images.Rows, images.Columns], images.Pixels.Span, gzip);
    }

    /// <summary>An IDX label file holding <paramref name="labels"/>; gzip-compressed if <paramref name="gzip"/>.</summary>
    public static byte[] WriteLabels(ReadOnlySpan<byte> labels, bool gzip = false) =>
        Write(LabelsMagic, [labels.Length], labels, gzip);

    private static byte[] Write(int magic, int[] sizes, ReadOnlySpan<byte> data, bool gzip)
    {
        var raw = new byte[4 + 4 * sizes.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(raw, magic);
        for (var d = 0; d < sizes.Length; d++) BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4 + 4 * d), sizes[d]);
        data.CopyTo(raw.AsSpan(4 + 4 * sizes.Length));
        if (!gzip) return raw;
        using var output = new MemoryStream();
        using (var compressor = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) compressor.Write(raw);
        return output.ToArray();
    }

    // The casts to int cannot wrap: Body accepted the sizes only if their product (in 128 bits) equals the bytes present,
    // which one array holds, so count, rows, columns and rows × columns are all below 2³¹.
    private static Fin<IdxImages> ParseImages(ReadOnlyMemory<byte> raw, string name) =>
        Body(raw.Span, name, ImageFile).Map(h => new IdxImages((int)h.Sizes[0], (int)h.Sizes[1], (int)h.Sizes[2], raw[h.HeaderBytes..]));

    // Raw bytes pass through; gzip is inflated to exactly the size its IDX header declares.
    private static Fin<ReadOnlyMemory<byte>> Read(ReadOnlyMemory<byte> file, string name, Kind kind, int maxBytes) =>
        IsGzip(file.Span) ? Inflate(file, name, kind, maxBytes) : file;

    // The header, checked against the bytes that follow it: exactly DataBytes must be there.
    // A raw file is already in memory, so a forged size costs nothing: it is compared with the bytes present.
    private static Fin<Header> Body(ReadOnlySpan<byte> raw, string name, Kind kind)
    {
        var length = raw.Length;
        return ParseHeader(raw, name, kind).Bind(h =>
            (UInt128)(length - h.HeaderBytes) < h.DataBytes
                ? Fail<Header>(IdxProblem.HeaderExceedsData,
                    $"{name}: the header declares {Describe(h.Sizes, kind)} ({h.DataBytes} bytes) but only {length - h.HeaderBytes} bytes follow it")
            : (UInt128)(length - h.HeaderBytes) > h.DataBytes
                ? Fail<Header>(IdxProblem.TrailingData,
                    $"{name}: {(UInt128)(length - h.HeaderBytes) - h.DataBytes} bytes follow the {h.DataBytes} bytes of data its header declares")
            : Fin<Header>.Succ(h));
    }

    private static Fin<Header> ParseHeader(ReadOnlySpan<byte> raw, string name, Kind kind)
    {
        if (raw.Length < 4) return Fail<Header>(IdxProblem.Truncated, $"{name}: {raw.Length} bytes are too few for an IDX header");
        var magic = BinaryPrimitives.ReadInt32BigEndian(raw);
        if (raw[0] != 0 || raw[1] != 0)
            return Fail<Header>(IdxProblem.WrongMagic, $"{name}: not an IDX file (it starts with 0x{magic:X8}; expected {kind.Noun}, 0x{kind.Magic:X8})");
        if (raw[2] != UnsignedByte)
            return Fail<Header>(IdxProblem.WrongElementType,
                $"{name}: the elements are of type 0x{raw[2]:X2} ({ElementType(raw[2])}); only unsigned bytes (0x08) are supported");
        if (raw[3] != kind.Dimensions)
            return Fail<Header>(IdxProblem.WrongMagic,
                $"{name}: magic number 0x{magic:X8} declares {raw[3]} dimensions; {kind.Noun} have {kind.Dimensions} (0x{kind.Magic:X8})");
        var headerBytes = 4 + 4 * kind.Dimensions;
        if (raw.Length < headerBytes)
            return Fail<Header>(IdxProblem.Truncated, $"{name}: the file ends inside its header ({raw.Length} of {headerBytes} bytes)");
        var sizes = new uint[kind.Dimensions];
        for (var d = 0; d < sizes.Length; d++) sizes[d] = BinaryPrimitives.ReadUInt32BigEndian(raw[(4 + 4 * d)..]);
        if (sizes[0] == 0) return Fail<Header>(IdxProblem.Empty, $"{name}: the header declares no {kind.Noun}");
        if (sizes.Skip(1).Any(size => size == 0))
            return Fail<Header>(IdxProblem.ZeroDimension, $"{name}: the header declares {Describe(sizes, kind)}, which have no pixels");
        // At most three 32-bit factors: the product fits in 96 bits, so it cannot overflow.
        return new Header(headerBytes, sizes, sizes.Aggregate(UInt128.One, (product, size) => product * size));
    }

    /// <summary>
    /// Inflates gzip in memory. The IDX header comes out first and fixes the size; the buffer then grows by doubling
    /// from 1 MiB (or starts at the declared size when gzip's own length field agrees), so memory follows the data
    /// actually present, never a forged count.
    /// </summary>
    private static Fin<ReadOnlyMemory<byte>> Inflate(ReadOnlyMemory<byte> file, string name, Kind kind, int maxBytes)
    {
        var compressed = MemoryMarshal.TryGetArray(file, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(file.ToArray(), writable: false);
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            var head = new byte[4 + 4 * ImageFile.Dimensions];
            var headLength = ReadAtMost(gzip, head);
            return ParseHeader(head.AsSpan(0, headLength), name, kind)
                .Bind(header => Inflated(gzip, head.AsSpan(0, headLength), header, GzipLength(file.Span), name, kind, maxBytes));
        }
        catch (InvalidDataException e)
        {
            return Fail<ReadOnlyMemory<byte>>(IdxProblem.CorruptGzip, $"{name}: damaged gzip data ({e.Message})");
        }
    }

    // The rest of a gzip stream whose header (and perhaps a few data bytes) has been read into head.
    private static Fin<ReadOnlyMemory<byte>> Inflated(Stream gzip, ReadOnlySpan<byte> head, Header h, long lengthHint, string name, Kind kind, int maxBytes)
    {
        if ((UInt128)h.HeaderBytes + h.DataBytes > (UInt128)maxBytes)
            return Fail<ReadOnlyMemory<byte>>(IdxProblem.TooLarge,
                $"{name}: the header declares {Describe(h.Sizes, kind)} ({h.DataBytes} bytes), more than the limit of {maxBytes} bytes");
        var total = h.HeaderBytes + (int)h.DataBytes;
        if (head.Length > total) return Trailing(h, name);
        var buffer = new byte[lengthHint == total ? total : Math.Min(total, FirstGrowth)];
        head.CopyTo(buffer);
        var filled = head.Length;
        while (filled < total)
        {
            if (filled == buffer.Length) System.Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, total));
            var read = gzip.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
                return Fail<ReadOnlyMemory<byte>>(IdxProblem.HeaderExceedsData,
                    $"{name}: the header declares {Describe(h.Sizes, kind)} ({h.DataBytes} bytes) but the compressed file holds only {filled - h.HeaderBytes}");
            filled += read;
        }
        if (gzip.Read(new byte[1]) > 0) return Trailing(h, name);
        return lengthHint == total ? new ReadOnlyMemory<byte>(buffer)
            : Fail<ReadOnlyMemory<byte>>(IdxProblem.TruncatedGzip,
                $"{name}: the gzip file is truncated (it does not end with the 8-byte trailer that gives its length, {total} bytes)");
    }

    private static Fin<ReadOnlyMemory<byte>> Trailing(Header h, string name) =>
        Fail<ReadOnlyMemory<byte>>(IdxProblem.TrailingData, $"{name}: more bytes follow the {h.DataBytes} bytes of data its header declares");

    private static int ReadAtMost(Stream stream, byte[] buffer)
    {
        var filled = 0;
        for (int read; filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0;) filled += read;
        return filled;
    }

    // gzip's trailer ends with the uncompressed length mod 2³²: a hint for the buffer size, trusted only when it agrees,
    // and the proof that the file was not cut short (.NET's GZipStream ends quietly where the deflate data ends, without
    // reading a trailer). A single gzip member is expected, as MNIST's files are.
    private static long GzipLength(ReadOnlySpan<byte> file) =>
        file.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]) : -1;

    private static string Describe(uint[] sizes, Kind kind) =>
        kind.Dimensions == 3 ? $"{sizes[0]} images of {sizes[1]}×{sizes[2]} pixels" : $"{sizes[0]} {kind.Noun}";

    private static string ElementType(byte code) => code switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "unknown",
    };

    /// <summary>A failure of the given kind: the problem is the error's code.</summary>
    internal static Fin<A> Fail<A>(IdxProblem problem, string message) => Error.New((int)problem, message);

    /// <summary>The kind of a failure from <see cref="Idx"/> or <see cref="Dataset"/>, or None for any other error.</summary>
    public static Option<IdxProblem> ProblemOf(Error error) =>
        Enum.IsDefined(typeof(IdxProblem), error.Code) ? Some((IdxProblem)error.Code) : None;
}
