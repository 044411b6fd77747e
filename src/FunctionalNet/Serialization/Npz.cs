using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace FunctionalNet.Serialization;

/// <summary>
/// One array of a NumPy file: its name in the archive (without <c>.npy</c>), its shape and its values in row-major
/// (C) order. Values are held as double, which holds every float32 exactly; <see cref="IsSingle"/> says which the file had.
/// </summary>
/// <param name="Name">The array's name (the key of <c>numpy.load(path)</c>).</param>
/// <param name="Shape">Its dimensions: () for a scalar, (n,) for a vector, (rows, columns) for a matrix.</param>
/// <param name="IsSingle">True for float32 (<c>&lt;f4</c>), false for float64 (<c>&lt;f8</c>).</param>
/// <param name="Values">Its values, row-major, whatever order the file stored them in.</param>
public sealed record NpyArray(string Name, Seq<long> Shape, bool IsSingle, double[] Values)
{
    /// <summary>The shape as NumPy prints it: (784, 32), (10,), ().</summary>
    public string ShapeText => Shape.Count == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}

/// <summary>
/// NumPy's <c>.npz</c> format, read and written over bytes: a zip archive of <c>.npy</c> files, one per named array,
/// stored (<c>numpy.savez</c>) or deflated (<c>numpy.savez_compressed</c>). An <c>.npy</c> file is the magic
/// <c>\x93NUMPY</c>, a version (1.0: a 2-byte header length; 2.0 and 3.0: 4 bytes, 3.0's header in UTF-8), a
/// little-endian header length, a Python dict literal <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }</c>
/// padded with spaces and ended by a newline, then the values in C (row-major) order, or column-major when
/// <c>fortran_order</c> is True. This writes version 1.0 in C order; it reads every version, both orders, and
/// little-endian float32 and float64, and refuses anything else with one line.
/// </summary>
public static class Npz
{
    /// <summary>The largest array read: more values than this are refused before anything is allocated.</summary>
    public const long MaxValues = 1L << 28;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The archive's bytes: one stored <c>NAME.npy</c> per array, in the order given, as <c>numpy.savez</c> writes them.</summary>
    public static byte[] Encode<T>(IEnumerable<(string Name, Matrix<T> Values)> arrays) where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, values) in arrays)
            {
                using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
                entry.Write(Npy(values));
            }
        return stream.ToArray();
    }

    /// <summary>One matrix as the bytes of an <c>.npy</c> version 1.0 file (float64 or float32, little-endian, C order).</summary>
    public static byte[] Npy<T>(Matrix<T> values) where T : struct, IFloatingPointIeee754<T>
    {
        var (descr, size) = typeof(T) == typeof(double) ? ("<f8", 8) : typeof(T) == typeof(float) ? ("<f4", 4)
            : throw new NotSupportedException($".npy export supports float64 and float32, not {typeof(T).Name}");
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({values.RowCount}, {values.ColumnCount}), }}";
        // magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
        var headerLength = (dict.Length + 1 + 10 + 63) / 64 * 64 - 10;
        var bytes = new byte[10 + headerLength + size * values.RowCount * values.ColumnCount];
        Magic.CopyTo(bytes, 0);
        (bytes[6], bytes[7]) = (1, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n").CopyTo(bytes, 10);
        var at = 10 + headerLength;
        foreach (var value in values.ToRowMajorArray())
        {
            if (size == 8) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at), double.CreateChecked(value));
            else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), float.CreateChecked(value));
            at += size;
        }
        return bytes;
    }

    /// <summary>
    /// Every array of an <c>.npz</c> archive, in the archive's order, or one line saying why the bytes are not one
    /// (not a zip, truncated, an entry that is not <c>.npy</c>, a bad header, another dtype, a length that does not
    /// match the shape).
    /// </summary>
    public static Fin<Seq<NpyArray>> Decode(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
            return Error.New("not an .npz file (NumPy's zip of .npy arrays): it does not start like a zip archive");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var arrays = new List<NpyArray>();
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    return Error.New($"the .npz file holds '{Shown(entry.FullName)}', which is not an .npy array");
                var name = entry.FullName[..^4];
                if (entry.Length > 128 + 8 * MaxValues)
                    return Error.New($"array {Shown(name)} is larger than {MaxValues:N0} values");
                var content = new byte[entry.Length];
                using (var input = entry.Open())
                {
                    var read = 0;
                    while (read < content.Length && input.Read(content, read, content.Length - read) is var n and > 0) read += n;
                    if (read < content.Length) return Error.New($"array {Shown(name)} ends after {read} of its {content.Length} bytes");
                }
                var array = DecodeNpy(name, content);
                if (array.IsFail) return array.Match(_ => default(Fin<Seq<NpyArray>>), e => e);
                arrays.Add(array.ThrowIfFail());
            }
            if (arrays.Count == 0) return Error.New("the .npz file holds no arrays");
            var repeated = arrays.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1);
            return repeated is null ? toSeq(arrays).Strict() : Error.New($"the .npz file holds array {Shown(repeated.Key)} twice");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return Error.New($"not a readable .npz file (a damaged or truncated zip archive): {OneLine(e.Message)}");
        }
    }

    /// <summary>One <c>.npy</c> file's array, or one line saying why it is refused; <paramref name="name"/> names it in the refusal.</summary>
    public static Fin<NpyArray> DecodeNpy(string name, ReadOnlySpan<byte> bytes)
    {
        var what = $"array {Shown(name)}";
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic)) return Error.New($"{what} is not an .npy array (no \\x93NUMPY magic)");
        var major = bytes[6];
        if (major is < 1 or > 3) return Error.New($"{what} has .npy version {major}.{bytes[7]} (expected 1.0, 2.0 or 3.0)");
        var lengthSize = major == 1 ? 2 : 4;
        if (bytes.Length < 8 + lengthSize) return Error.New($"{what} ends inside its header");
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        var start = 8 + lengthSize;
        if (bytes.Length - start < headerLength) return Error.New($"{what} ends inside its header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(start, (int)headerLength)).Trim();
        var fields = Header(header, what);
        if (fields.IsFail) return fields.Match(_ => default(Fin<NpyArray>), e => e);
        var parsed = fields.ThrowIfFail();
        return Values(parsed, bytes[(start + (int)headerLength)..], what).Map(values => new NpyArray(name, parsed.Shape, parsed.Descr == "<f4", values));
    }

    private sealed record HeaderFields(string Descr, bool FortranOrder, Seq<long> Shape);

    // The header dict: exactly the keys descr, fortran_order and shape, as NumPy writes them (any order, spaces free).
    private static readonly Regex DictPattern = new(
        @"^\{\s*(?:'(?<key>descr|fortran_order|shape)'\s*:\s*(?:'(?<descr>[^']*)'|(?<order>True|False)|\((?<shape>[\d\s,]*)\))\s*,?\s*){3}\}$",
        RegexOptions.CultureInvariant);

    private static Fin<HeaderFields> Header(string header, string what)
    {
        var match = DictPattern.Match(header);
        var keys = match.Groups["key"].Captures.Select(c => c.Value).ToArray();
        if (!match.Success || keys.Distinct().Count() != 3 || match.Groups["descr"].Captures.Count != 1
            || match.Groups["order"].Captures.Count != 1 || match.Groups["shape"].Captures.Count != 1)
            return Error.New($"{what} has a header that is not NumPy's {{'descr', 'fortran_order', 'shape'}} dict: {Shown(header)}");
        var descr = match.Groups["descr"].Value;
        if (descr is not ("<f4" or "<f8"))
            return Error.New($"{what} has dtype '{Shown(descr)}'; import reads little-endian float32 ('<f4') or float64 ('<f8')");
        var parts = match.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 1 && parts[^1] == "") parts = parts[..^1];
        if (parts is [""]) parts = [];
        var dimensions = new List<long>();
        foreach (var part in parts)
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= int.MaxValue) dimensions.Add(d);
            else return Error.New($"{what} has a shape that is not a tuple of sizes: ({Shown(match.Groups["shape"].Value)})");
        return new HeaderFields(descr, match.Groups["order"].Value == "True", toSeq(dimensions).Strict());
    }

    // The values after the header: exactly the shape's count of them, in C order (transposed from Fortran order).
    private static Fin<double[]> Values(HeaderFields fields, ReadOnlySpan<byte> data, string what)
    {
        var count = fields.Shape.Fold((Int128)1, (product, d) => product * d);
        var size = fields.Descr == "<f4" ? 4 : 8;
        if (count > MaxValues) return Error.New($"{what} has {count:N0} values, more than {MaxValues:N0}");
        if (data.Length != count * size)
            return Error.New($"{what} has {data.Length:N0} bytes of values; its shape {ShapeText(fields.Shape)} of {fields.Descr} needs {count * size:N0}");
        var stored = new double[(long)count];
        for (var k = 0; k < stored.Length; k++)
            stored[k] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[(4 * k)..]) : BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * k)..]);
        if (!fields.FortranOrder || fields.Shape.Count < 2) return stored;
        // Fortran order is the C order of the reversed shape: index (i, j, …) at i + n₀·(j + n₁·…).
        var shape = fields.Shape.ToArray();
        var values = new double[stored.Length];
        var index = new long[shape.Length];
        for (long c = 0; c < values.Length; c++)
        {
            long fortran = 0, stride = 1;
            for (var axis = 0; axis < shape.Length; axis++) { fortran += index[axis] * stride; stride *= shape[axis]; }
            values[c] = stored[fortran];
            for (var axis = shape.Length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--) index[axis] = 0;
        }
        return values;
    }

    private static string ShapeText(Seq<long> shape) => new NpyArray("", shape, false, []).ShapeText;

    // A file's own text in a refusal: one line, at most 60 characters.
    private static string Shown(string text) => OneLine(text.Length > 60 ? text[..60] + "…" : text);

    private static string OneLine(string text) => Regex.Replace(text, @"[\x00-\x1f\x7f]", " ");
}
