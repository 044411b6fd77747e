using System.IO.Compression;
using System.Text;

namespace FunctionalNet.Cli;

/// <summary>
/// NumPy's <c>.npz</c> format: a zip archive of <c>.npy</c> files, one per named array, as <c>numpy.savez</c>
/// writes it, so <c>numpy.load(path)["W1"]</c> gives the matrix with its shape. Each array is an <c>.npy</c>
/// version 1.0 file: the magic <c>\x93NUMPY</c>, the version, a little-endian header length, a Python dict
/// literal (dtype, order, shape) padded with spaces to a multiple of 64 bytes, then the values in C (row-major) order.
/// </summary>
public static class Npz
{
    /// <summary>Writes the arrays to <paramref name="path"/> (through a temporary file, so a failed write leaves no half file).</summary>
    public static void Write<T>(string path, IEnumerable<(string Name, Matrix<T> Values)> arrays) where T : struct, IFloatingPointIeee754<T>
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (name, values) in arrays)
            {
                using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
                entry.Write(Npy(values));
            }
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>One matrix as the bytes of an <c>.npy</c> version 1.0 file (float64 or float32, little-endian).</summary>
    public static byte[] Npy<T>(Matrix<T> values) where T : struct, IFloatingPointIeee754<T>
    {
        var (descr, size) = typeof(T) == typeof(double) ? ("<f8", 8) : typeof(T) == typeof(float) ? ("<f4", 4)
            : throw new NotSupportedException($".npy export supports float64 and float32, not {typeof(T).Name}");
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({values.RowCount}, {values.ColumnCount}), }}";
        // magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
        var headerLength = (dict.Length + 1 + 10 + 63) / 64 * 64 - 10;
        var header = Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n");
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(headerLength & 0xFF), (byte)(headerLength >> 8)]);
        stream.Write(header);
        var buffer = new byte[size];
        for (var i = 0; i < values.RowCount; i++)
            for (var j = 0; j < values.ColumnCount; j++)
            {
                if (size == 8) System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(buffer, double.CreateChecked(values[i, j]));
                else System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(buffer, float.CreateChecked(values[i, j]));
                stream.Write(buffer);
            }
        return stream.ToArray();
    }
}
