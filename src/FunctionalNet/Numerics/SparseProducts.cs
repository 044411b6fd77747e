namespace FunctionalNet.Numerics;

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

/// <summary>
/// The first layer's two products when X is sparse, on X's nonzero entries only:
/// Z = W·X + B·1ᵀ (column j of Z is B + Σ_k x_kj·W[:, k] over the nonzero x_kj) and ∂C/∂W = dZ·Xᵀ (column k of
/// ∂C/∂W is Σ_j x_kj·dZ[:, j]). W and ∂C/∂W are column-major, so W[:, k] is one contiguous run of outputs and the
/// kernels work on whole SIMD vectors of outputs at a time. Every output entry is summed in a fixed order (the
/// order of X's entries), so the result is the same bits on every run and thread count; it differs from the dense
/// product only by rounding.
/// </summary>
public static class SparseProducts
{
    /// <summary>
    /// The largest W, in bytes, whose products with a sparse X beat the dense ones. The kernels read W's columns in the
    /// order of X's entries, so W must stay in cache. Measured on MNIST blocks (one 2.6 GHz core, 1 MB L2): dense over
    /// sparse time was 2.1–4.6 at 16 outputs, 1.4–1.7 at 128 in float32 (400 KB), 0.96 at 256 (800 KB) and 0.4 at 512.
    /// </summary>
    public const int MaximumWeightBytes = 512 * 1024;

    /// <summary>True when a layer with these weights gains from taking a sparse input (<see cref="MaximumWeightBytes"/>).</summary>
    public static bool Pays<T>(Matrix<T> weights) where T : struct, IFloatingPointIeee754<T> =>
        (long)weights.RowCount * weights.ColumnCount * Unsafe.SizeOf<T>() <= MaximumWeightBytes;

    /// <summary>Z = W·X + B·1ᵀ (Z = W·X when there is no bias).</summary>
    public static Matrix<T> Affine<T>(Matrix<T> weights, SparseColumns<T> x, Option<Matrix<T>> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (weights.ColumnCount != x.Rows)
            throw new ArgumentException($"cannot multiply {weights.RowCount}×{weights.ColumnCount} by {x.Rows}×{x.Columns}: the inner dimensions differ");
        var outputs = weights.RowCount;
        var (result, z) = Linear.Uninitialized<T>(outputs, x.Columns);
        var (w, wOffset) = AlignedCopy(Linear.Entries(weights), Scratch.Weights);
        var b = bias.Match(column => Linear.Entries(column), () => new T[outputs]);   // B = 0 adds nothing
        var starts = x.Starts;
        var (rows, values) = (x.RowIndices, x.Values);
        for (var j = 0; j < x.Columns; j++)
            Column(w, wOffset, outputs, b, rows.AsSpan(starts[j], starts[j + 1] - starts[j]), values.AsSpan(starts[j], starts[j + 1] - starts[j]),
                z.AsSpan(j * outputs, outputs));
        return result;
    }

    /// <summary>dZ·Xᵀ: the weight gradient of a layer whose input is X.</summary>
    public static Matrix<T> TimesTransposed<T>(Matrix<T> dz, SparseColumns<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        if (dz.ColumnCount != x.Columns)
            throw new ArgumentException($"cannot multiply {dz.RowCount}×{dz.ColumnCount} by the transpose of {x.Rows}×{x.Columns}: the inner dimensions differ");
        var outputs = dz.RowCount;
        var (result, dw) = Linear.Uninitialized<T>(outputs, x.Rows);
        var (sums, offset) = Aligned<T>(dw.Length, Scratch.Gradient);
        sums.AsSpan(offset, dw.Length).Clear();
        var d = Linear.Entries(dz);
        var starts = x.Starts;
        var (rows, values) = (x.RowIndices, x.Values);
        for (var j = 0; j < x.Columns; j++)
            Scatter(d.AsSpan(j * outputs, outputs), rows.AsSpan(starts[j], starts[j + 1] - starts[j]),
                values.AsSpan(starts[j], starts[j + 1] - starts[j]), sums, offset, outputs);
        sums.AsSpan(offset, dw.Length).CopyTo(dw);
        return result;
    }

    // z = b + Σ_k v_k·W[:, r_k], 64 bytes of outputs at a time (one 512-bit vector, or two 256-bit ones). Entry k goes
    // to sum k mod 4, so four multiply-adds are in flight instead of one waiting on the last; the four sums are
    // added in a fixed order, ((s0 + s1) + (s2 + s3)) + b, the same on every path, so every path gives the same bits.
    private static void Column<T>(T[] w, int wOffset, int outputs, T[] b, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, Span<T> z)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var w0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), wOffset);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        var (n, o, tile) = (rows.Length, 0, Tile<T>());
        for (; tile > 0 && o + tile <= outputs; o += tile)
        {
            ref var at = ref Unsafe.Add(ref w0, o);
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
                var k = 0;
                for (; k + 3 < n; k += 4)
                {
                    s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * outputs)), s0);
                    s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * outputs)), s1);
                    s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * outputs)), s2);
                    s3 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 3)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 3) * outputs)), s3);
                }
                if (k < n) s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * outputs)), s0);
                if (k + 1 < n) s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * outputs)), s1);
                if (k + 2 < n) s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * outputs)), s2);
                (((s0 + s1) + (s2 + s3)) + Vector512.Create(b.AsSpan(o, tile))).CopyTo(z.Slice(o, tile));
            }
            else
            {
                var half = tile / 2;
                for (var h = 0; h < tile; h += half)
                {
                    ref var ah = ref Unsafe.Add(ref at, h);
                    Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
                    var k = 0;
                    for (; k + 3 < n; k += 4)
                    {
                        s0 = Fma(Vector256.Create(Unsafe.Add(ref v0, k)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k) * outputs)), s0);
                        s1 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 1)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 1) * outputs)), s1);
                        s2 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 2)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 2) * outputs)), s2);
                        s3 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 3)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 3) * outputs)), s3);
                    }
                    if (k < n) s0 = Fma(Vector256.Create(Unsafe.Add(ref v0, k)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k) * outputs)), s0);
                    if (k + 1 < n) s1 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 1)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 1) * outputs)), s1);
                    if (k + 2 < n) s2 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 2)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 2) * outputs)), s2);
                    (((s0 + s1) + (s2 + s3)) + Vector256.Create(b.AsSpan(o + h, half))).CopyTo(z.Slice(o + h, half));
                }
            }
        }
        // The outputs left over, one at a time, with the same four sums in the same order as the vector lanes.
        for (; o < outputs; o++)
        {
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (var k = 0; k < n; k++)
            {
                var product = (values[k], w[wOffset + rows[k] * outputs + o]);
                switch (k & 3)
                {
                    case 0: s0 = T.FusedMultiplyAdd(product.Item1, product.Item2, s0); break;
                    case 1: s1 = T.FusedMultiplyAdd(product.Item1, product.Item2, s1); break;
                    case 2: s2 = T.FusedMultiplyAdd(product.Item1, product.Item2, s2); break;
                    default: s3 = T.FusedMultiplyAdd(product.Item1, product.Item2, s3); break;
                }
            }
            z[o] = ((s0 + s1) + (s2 + s3)) + b[o];
        }
    }

    // ∂C/∂W[:, r_k] += v_k·dz for each entry of one column of X (the column's rows differ, so no two updates collide).
    private static void Scatter<T>(ReadOnlySpan<T> dz, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, T[] dw, int offset, int outputs)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var g0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(dw), offset);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        var (n, o, tile) = (rows.Length, 0, Tile<T>());
        for (; tile > 0 && o + tile <= outputs; o += tile)
        {
            ref var at = ref Unsafe.Add(ref g0, o);
            if (Vector512.IsHardwareAccelerated)
            {
                var d = Vector512.Create(dz.Slice(o, tile));
                for (var k = 0; k < n; k++)
                {
                    ref var p = ref Unsafe.Add(ref at, Unsafe.Add(ref r0, k) * outputs);
                    Fma(Vector512.Create(Unsafe.Add(ref v0, k)), d, Vector512.LoadUnsafe(ref p)).StoreUnsafe(ref p);
                }
            }
            else
            {
                var half = tile / 2;
                var (d0, d1) = (Vector256.Create(dz.Slice(o, half)), Vector256.Create(dz.Slice(o + half, half)));
                for (var k = 0; k < n; k++)
                {
                    ref var p = ref Unsafe.Add(ref at, Unsafe.Add(ref r0, k) * outputs);
                    var u = Vector256.Create(Unsafe.Add(ref v0, k));
                    Fma(u, d0, Vector256.LoadUnsafe(ref p)).StoreUnsafe(ref p);
                    Fma(u, d1, Vector256.LoadUnsafe(ref p, (nuint)half)).StoreUnsafe(ref p, (nuint)half);
                }
            }
        }
        for (; o < outputs; o++)
            for (var k = 0; k < n; k++)
                dw[offset + rows[k] * outputs + o] = T.FusedMultiplyAdd(values[k], dz[o], dw[offset + rows[k] * outputs + o]);
    }

    // Each thread's two working arrays: a copy of W, and the sums of ∂C/∂W. They are pinned and used from a
    // 64-byte boundary on, so that a column of 16 floats is one cache line: a SIMD access to a column that straddles
    // two lines cost the scatter about a third of its time (measured). Nothing in them outlives a call.
    private enum Scratch { Weights, Gradient }

    [ThreadStatic] private static (Array Array, int Offset)[]? scratch;

    private static (T[] Array, int Offset) Aligned<T>(int length, Scratch use)
    {
        scratch ??= new (Array, int)[2];
        var pad = 64 / Unsafe.SizeOf<T>();
        if (scratch[(int)use] is not (T[] array, var offset) || array.Length < length + pad)
        {
            // An array on the pinned heap never moves, so its address, and the offset of its first aligned entry, hold for its life.
            array = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
            var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            offset = (int)((64 - handle.AddrOfPinnedObject() % 64) % 64) / Unsafe.SizeOf<T>();
            handle.Free();
            scratch[(int)use] = (array, offset);
        }
        return (array, offset);
    }

    private static (T[] Array, int Offset) AlignedCopy<T>(T[] source, Scratch use)
    {
        var (array, offset) = Aligned<T>(source.Length, use);
        source.CopyTo(array, offset);
        return (array, offset);
    }

    // Outputs per tile (64 bytes of them), or 0 when there is no vector path for T (the scalar loops then do all the work).
    private static int Tile<T>() where T : struct =>
        Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) ? 64 / Unsafe.SizeOf<T>() : 0;

    // u·v + a with one rounding, as the scalar T.FusedMultiplyAdd: the vector and scalar paths give the same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> u, Vector512<T> v, Vector512<T> a) where T : struct
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no SIMD multiply-add for {typeof(T).Name}");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> u, Vector256<T> v, Vector256<T> a) where T : struct
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no SIMD multiply-add for {typeof(T).Name}");
    }
}
