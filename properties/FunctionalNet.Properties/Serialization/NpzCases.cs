using FunctionalNet.Serialization;

namespace FunctionalNet.Properties.Serialization;

/// <summary>
/// A few named matrices of any finite values, in float32 (<see cref="Single"/>) or float64; <see cref="Position"/>
/// picks a byte to cut at or to change.
/// </summary>
public sealed record NpzCase(string[] Names, Matrix<double>[] Matrices, bool Single, int Position, byte Mask)
{
    /// <summary>The archive as <see cref="Npz.Encode{T}"/> writes it, in the case's precision.</summary>
    public byte[] Archive => Single
        ? Npz.Encode(Names.Zip(Matrices, (n, m) => (n, m.Map(v => (float)v))))
        : Npz.Encode(Names.Zip(Matrices, (n, m) => (n, m)));

    /// <summary>The first matrix as one .npy file, in the case's precision.</summary>
    public byte[] FirstNpy => Single ? Npz.Npy(Matrices[0].Map(v => (float)v)) : Npz.Npy(Matrices[0]);

    /// <summary>The values a reader must give back for matrix k, row-major: the float32 rounding of them in float32.</summary>
    public double[] Expected(int k) => Matrices[k].ToRowMajorArray().Select(v => Single ? (float)v : v).ToArray();

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Single ? "f32" : "f64")} {string.Join(", ", Names.Zip(Matrices, (n, m) => $"{n} {m.RowCount}×{m.ColumnCount} [{string.Join(" ", m.ToRowMajorArray())}]"))}, position {Position}, mask {Mask}";
}

/// <summary>Generators for <see cref="NpzCase"/>: 1–4 arrays of 1–5 × 1–5 finite values under distinct names.</summary>
public static class NpzCases
{
    private static readonly string[] Names = ["W1", "b1", "W2_1", "0.weight", "0.bias", "layer.bias", "x"];

    private static Gen<Matrix<double>> MatrixGen =>
        from rows in Gen.Choose(1, 5)
        from columns in Gen.Choose(1, 5)
        from values in Gen.ArrayOf(ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite), rows * columns)
        select Matrix<double>.Build.Dense(rows, columns, values);

    /// <summary>The arbitrary, shrinking the matrices' values as FsCheck shrinks doubles.</summary>
    public static Arbitrary<NpzCase> Arbitrary() => Gen.Choose(1, 4).SelectMany(count =>
            from names in Gen.Shuffle(Names)
            from matrices in Gen.ArrayOf(MatrixGen, count)
            from single in Gen.Elements(false, true)
            from position in Gen.Choose(0, int.MaxValue)
            from mask in Gen.Choose(1, 255)
            select new NpzCase(names.Take(count).ToArray(), matrices, single, position, (byte)mask))
        .ToArbitrary();
}
