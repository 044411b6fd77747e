namespace FunctionalNet.Numerics;

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

/// <summary>
/// The portable backend's dense products, C = op(A)·op(B) (+ B·1ᵀ), with one order of summation per entry:
/// c_ij = fma(a_iK, b_Kj, … fma(a_i2, b_2j, fma(a_i1, b_1j, 0)) …) (+ bias_i), k increasing, each step one fused
/// multiply-add, the bias added last. Vectors run across the rows of C (one lane per output entry, never across k), so
/// an entry's bits do not depend on the vector width, on which width finished the rows left over, on the column
/// blocks or on the lanes: the result is the same on every x86-64 and ARM64 machine, with or without SIMD.
/// A register tile is one vector of rows by eight columns of C (eight independent sums in flight); a transposed A is
/// copied transposed once, a transposed B is read in place.
/// </summary>
internal static class PortableProducts
{
    /// <summary>The vector widths a product may use, widest first: 512, 256, 128 bits, or 0 for single numbers only.</summary>
    public static readonly int[] Widths = [512, 256, 128, 0];

    /// <summary>
    /// op(A)·op(B) (+ B·1ᵀ), on vectors of at most <paramref name="widestBits"/> bits (the machine's widest by default;
    /// a narrower one gives the same bits, and tests use it to check that).
    /// </summary>
    public static Matrix<T> Product<T>(Matrix<T> a, bool transposeA, Matrix<T> b, bool transposeB, Option<Matrix<T>> bias, int widestBits = 512)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (m, k) = transposeA ? (a.ColumnCount, a.RowCount) : (a.RowCount, a.ColumnCount);
        var (kb, n) = transposeB ? (b.ColumnCount, b.RowCount) : (b.RowCount, b.ColumnCount);
        if (k != kb) throw new ArgumentException($"cannot multiply {m}×{k} by {kb}×{n}: the inner dimensions differ");
        var (result, c) = Linear.Uninitialized<T>(m, n);
        if (m == 0 || n == 0) return result;
        // A as m × k column-major, so that a column of A, a run of rows, is one vector load.
        var (columnsOfA, lda) = transposeA ? (Transposed(Linear.Entries(a), a.RowCount, a.ColumnCount), m) : (Linear.Entries(a), Math.Max(1, a.RowCount));
        // b_pj sits at p·stepK + j·stepJ.
        var entriesOfB = Linear.Entries(b);
        var (stepK, stepJ) = transposeB ? (Math.Max(1, b.RowCount), 1) : (1, Math.Max(1, b.RowCount));
        var biasEntries = bias.Match(column => Linear.Entries(column), () => System.Array.Empty<T>());
        var shape = new Shape(m, n, k, lda, stepK, stepJ, biasEntries.Length > 0);
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(columnsOfA);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(entriesOfB);
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(c);
        ref var bias0 = ref MemoryMarshal.GetArrayDataReference(biasEntries.Length > 0 ? biasEntries : c);
        var row = 0;
        if (widestBits >= 512 && Width512<T>.IsAccelerated) row = Rows<T, Vector512<T>, Width512<T>>(row, shape, ref a0, ref b0, ref bias0, ref c0);
        if (widestBits >= 256 && Width256<T>.IsAccelerated) row = Rows<T, Vector256<T>, Width256<T>>(row, shape, ref a0, ref b0, ref bias0, ref c0);
        if (widestBits >= 128 && Width128<T>.IsAccelerated) row = Rows<T, Vector128<T>, Width128<T>>(row, shape, ref a0, ref b0, ref bias0, ref c0);
        Rows<T, T, Scalar<T>>(row, shape, ref a0, ref b0, ref bias0, ref c0);
        return result;
    }

    // C is m × n with leading dimension m, A is m × k with leading dimension lda, b_pj at p·stepK + j·stepJ.
    private readonly record struct Shape(int M, int N, int K, int Lda, int StepK, int StepJ, bool HasBias);

    // Rows from `row` on, a vector of them at a time while a whole vector fits; returns the first row left over.
    private static int Rows<T, TVector, TWidth>(int row, Shape s, ref T a, ref T b, ref T bias, ref T c)
        where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        for (; row + TWidth.Count <= s.M; row += TWidth.Count)
        {
            ref var rowsOfA = ref Unsafe.Add(ref a, row);
            var j = 0;
            for (; j + 8 <= s.N; j += 8)
                EightColumns<T, TVector, TWidth>(s, ref rowsOfA, ref Unsafe.Add(ref b, (nint)j * s.StepJ), ref Unsafe.Add(ref bias, row),
                    ref Unsafe.Add(ref c, (nint)j * s.M + row));
            for (; j < s.N; j++)
                OneColumn<T, TVector, TWidth>(s, ref rowsOfA, ref Unsafe.Add(ref b, (nint)j * s.StepJ), ref Unsafe.Add(ref bias, row),
                    ref Unsafe.Add(ref c, (nint)j * s.M + row));
        }
        return row;
    }

    // One vector of rows by eight columns: eight sums, each over k in order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EightColumns<T, TVector, TWidth>(Shape s, ref T a, ref T b, ref T bias, ref T c)
        where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        TVector s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        nint j = s.StepJ;
        for (var p = 0; p < s.K; p++)
        {
            var column = TWidth.Load(ref Unsafe.Add(ref a, (nint)p * s.Lda));
            ref var bp = ref Unsafe.Add(ref b, (nint)p * s.StepK);
            s0 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(bp), s0);
            s1 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, j)), s1);
            s2 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 2 * j)), s2);
            s3 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 3 * j)), s3);
            s4 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 4 * j)), s4);
            s5 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 5 * j)), s5);
            s6 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 6 * j)), s6);
            s7 = TWidth.FusedMultiplyAdd(column, TWidth.Broadcast(Unsafe.Add(ref bp, 7 * j)), s7);
        }
        nint m = s.M;
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s0, ref c);
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s1, ref Unsafe.Add(ref c, m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s2, ref Unsafe.Add(ref c, 2 * m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s3, ref Unsafe.Add(ref c, 3 * m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s4, ref Unsafe.Add(ref c, 4 * m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s5, ref Unsafe.Add(ref c, 5 * m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s6, ref Unsafe.Add(ref c, 6 * m));
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, s7, ref Unsafe.Add(ref c, 7 * m));
    }

    // One vector of rows by one column: the columns left over after the blocks of eight.
    private static void OneColumn<T, TVector, TWidth>(Shape s, ref T a, ref T b, ref T bias, ref T c)
        where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        TVector sum = default;
        for (var p = 0; p < s.K; p++)
            sum = TWidth.FusedMultiplyAdd(TWidth.Load(ref Unsafe.Add(ref a, (nint)p * s.Lda)), TWidth.Broadcast(Unsafe.Add(ref b, (nint)p * s.StepK)), sum);
        Finish<T, TVector, TWidth>(s.HasBias, ref bias, sum, ref c);
    }

    // c = sum (+ bias): no bias adds nothing, not even +0 (which would turn a sum of −0 into +0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T, TVector, TWidth>(bool hasBias, ref T bias, TVector sum, ref T c)
        where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T> =>
        TWidth.Store(hasBias ? TWidth.Add(sum, TWidth.Load(ref bias)) : sum, ref c);

    // The k × m column-major A as m × k column-major, in this thread's scratch array (valid until the next call).
    private static T[] Transposed<T>(T[] a, int k, int m) where T : struct
    {
        var target = Scratch<T>.Get(m * k);
        for (var i = 0; i < m; i++)
        {
            var source = a.AsSpan(i * k, k);
            for (var p = 0; p < k; p++) target[i + p * m] = source[p];
        }
        return target;
    }

    private static class Scratch<T>
    {
        [ThreadStatic] private static T[]? array;

        public static T[] Get(int length) => array is { } a && a.Length >= length ? a : array = GC.AllocateUninitializedArray<T>(Math.Max(length, 1));
    }
}
