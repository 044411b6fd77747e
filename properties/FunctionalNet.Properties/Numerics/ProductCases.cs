using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// One matrix product op(A)·op(B) of an m × k by a k × n matrix, each operand stored transposed or not,
/// with entries in [−1, 1] drawn from the seed. Shrinks towards 1 × 1 and no transposes.
/// </summary>
public sealed record ProductCase(int M, int N, int K, bool TransposeA, bool TransposeB, int Seed)
{
    /// <summary>A as stored (k × m when transposed) and B as stored (n × k when transposed).</summary>
    public (Matrix<T> A, Matrix<T> B) Operands<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(Seed, Seeds.Streams.Batch, 0);
        var a = TransposeA ? Matrix<T>.Build.Dense(K, M, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1))
            : Matrix<T>.Build.Dense(M, K, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1));
        var b = TransposeB ? Matrix<T>.Build.Dense(N, K, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1))
            : Matrix<T>.Build.Dense(K, N, (_, _) => T.CreateChecked(2 * random.NextDouble() - 1));
        return (a, b);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{M}×{K} by {K}×{N}, A{(TransposeA ? " stored transposed" : "")}, B{(TransposeB ? " stored transposed" : "")}, seed {Seed}";
}

/// <summary>Generators and shrinkers for <see cref="ProductCase"/>.</summary>
public static class ProductCases
{
    // Mostly small sizes (1 and non-square shapes are common), sometimes past OpenBLAS's blocking sizes.
    private static Gen<int> Size => Gen.Frequency((6, Gen.Choose(1, 12)), (3, Gen.Choose(13, 80)), (1, Gen.Choose(200, 300)));

    /// <summary>Every transpose combination, shapes from 1 × 1 up.</summary>
    public static Gen<ProductCase> Cases =>
        from m in Size
        from n in Size
        from k in Size
        from transposeA in Gen.Elements(false, true)
        from transposeB in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 100_000)
        select new ProductCase(m, n, k, transposeA, transposeB, seed);

    /// <summary>Smaller dimensions, then no transposes.</summary>
    public static IEnumerable<ProductCase> Shrink(ProductCase c)
    {
        if (c.M > 1) yield return c with { M = c.M / 2 };
        if (c.N > 1) yield return c with { N = c.N / 2 };
        if (c.K > 1) yield return c with { K = c.K / 2 };
        if (c.TransposeA) yield return c with { TransposeA = false };
        if (c.TransposeB) yield return c with { TransposeB = false };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<ProductCase> Arbitrary() => Arb.From(Cases, Shrink);
}
