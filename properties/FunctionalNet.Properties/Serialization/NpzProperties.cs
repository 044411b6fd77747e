using System.Text;
using FunctionalNet.Serialization;

namespace FunctionalNet.Properties.Serialization;

/// <summary>
/// NumPy's .npz, written and read by the library: what is written reads back bit for bit, every .npy version and
/// Fortran order read as NumPy means them, and damage is a refusal, never an exception or a half-read array.
/// </summary>
public class NpzProperties
{
    private static Seq<NpyArray> Read(byte[] bytes) => Npz.Decode(bytes).Match(a => a, e => throw new InvalidOperationException(e.Message));

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool WrittenArraysReadBackWithTheirNamesShapesAndBits(NpzCase c)
    {
        var arrays = Read(c.Archive);
        return arrays.Count == c.Names.Length && arrays.Zip(c.Names).Select((p, k) => (p.Item1, p.Item2, k)).All(p =>
            p.Item1.Name == p.Item2 && p.Item1.IsSingle == c.Single &&
            p.Item1.Shape.SequenceEqual(Seq((long)c.Matrices[p.k].RowCount, (long)c.Matrices[p.k].ColumnCount)) &&
            p.Item1.Values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(c.Expected(p.k).Select(BitConverter.DoubleToInt64Bits)));
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryVersionAndFortranOrderReadAsTheSameRowMajorValues(NpzCase c)
    {
        var m = c.Matrices[0];
        var cOrder = Npz.DecodeNpy("a", c.FirstNpy).Match(a => a.Values, e => throw new InvalidOperationException(e.Message));
        return Enumerable.Range(1, 3).All(version =>
        {
            // MathNet stores column-major: exactly the bytes NumPy writes for fortran_order True.
            var values = m.ToColumnMajorArray();
            var fortran = Npy(version, c.Single ? "<f4" : "<f8", "True", $"({m.RowCount}, {m.ColumnCount})",
                c.Single ? values.SelectMany(v => BitConverter.GetBytes((float)v)).ToArray() : values.SelectMany(BitConverter.GetBytes).ToArray());
            var read = Npz.DecodeNpy("a", fortran).Match(a => a.Values, e => throw new InvalidOperationException(e.Message));
            return read.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(cOrder.Select(BitConverter.DoubleToInt64Bits));
        });
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ACutArchiveOrArrayIsRefused(NpzCase c)
    {
        var archive = c.Archive;
        var npy = c.FirstNpy;
        return Npz.Decode(archive[..(c.Position % archive.Length)]).IsFail && Npz.DecodeNpy("a", npy[..(c.Position % npy.Length)]).IsFail;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool AChangedByteIsReadOrRefusedButNeverThrows(NpzCase c)
    {
        var archive = c.Archive;
        archive[c.Position % archive.Length] ^= c.Mask;
        var npy = c.FirstNpy;
        npy[c.Position % npy.Length] ^= c.Mask;
        _ = Npz.Decode(archive);
        _ = Npz.DecodeNpy("a", npy);
        return true;   // reaching here is the property: neither call threw
    }

    // An .npy file of the given version: magic, version, header length (2 bytes in 1.0, else 4), the dict padded to 64, data.
    private static byte[] Npy(int version, string descr, string fortran, string shape, byte[] data)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}";
        var prefix = version == 1 ? 10 : 12;
        var length = (prefix + dict.Length + 1 + 63) / 64 * 64 - prefix;
        var header = Encoding.ASCII.GetBytes(dict.PadRight(length - 1) + "\n");
        var lengthBytes = version == 1 ? BitConverter.GetBytes((ushort)length) : BitConverter.GetBytes(length);
        return [0x93, .. "NUMPY"u8, (byte)version, 0, .. lengthBytes, .. header, .. data];
    }
}
