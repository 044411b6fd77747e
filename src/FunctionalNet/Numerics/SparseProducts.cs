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
/// product only by rounding. A wide W is taken in panels of rows that fit in the L2 cache, each copied once per call.
/// Under the portable backend, Z's sums are the portable product's (<see cref="PortableProducts"/>: one sum per entry,
/// k in order, the bias last); ∂C/∂W's already are (one fused multiply-add per entry of X, columns in order).
/// On inputs as sparse as MNIST's pixels they take less time than the dense products they replace, at every layer width
/// measured (docs/performance.md, "Sparse first-layer products").
/// </summary>
public static class SparseProducts
{
    /// <summary>Z = W·X + B·1ᵀ (Z = W·X when there is no bias).</summary>
    public static Matrix<T> Affine<T>(Matrix<T> weights, SparseColumns<T> x, Option<Matrix<T>> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (weights.ColumnCount != x.Rows)
            throw new ArgumentException($"cannot multiply {weights.RowCount}×{weights.ColumnCount} by {x.Rows}×{x.Columns}: the inner dimensions differ");
        var outputs = weights.RowCount;
        var (result, z) = Linear.Uninitialized<T>(outputs, x.Columns);
        var weightEntries = Linear.Entries(weights);
        var b = bias.Match(column => Linear.Entries(column), () => new T[outputs]);   // B = 0 adds nothing
        var starts = x.Starts;
        var (rows, values) = (x.RowIndices, x.Values);
        var portable = Executor.Current.Portable;
        for (var from = 0; from < outputs; from += PanelOutputs<T>(x.Rows))
        {
            var (count, stride) = Panel<T>(outputs, from, x.Rows);
            var (w, offset) = Aligned<T>(x.Rows * stride, Scratch.Weights);
            CopyRuns(weightEntries, from, outputs, w, offset, stride, count, x.Rows);
            for (var j = 0; j < x.Columns; j++)
            {
                var (entries, length) = (starts[j], starts[j + 1] - starts[j]);
                if (portable)
                    PortableColumn(w, offset, stride, count, bias.IsSome ? b.AsSpan(from, count) : default,
                        rows.AsSpan(entries, length), values.AsSpan(entries, length), z.AsSpan(j * outputs + from, count));
                else
                    Column(w, offset, stride, count, b.AsSpan(from, count), rows.AsSpan(entries, length), values.AsSpan(entries, length),
                        z.AsSpan(j * outputs + from, count));
            }
        }
        return result;
    }

    /// <summary>dZ·Xᵀ: the weight gradient of a layer whose input is X.</summary>
    public static Matrix<T> TimesTransposed<T>(Matrix<T> dz, SparseColumns<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        if (dz.ColumnCount != x.Columns)
            throw new ArgumentException($"cannot multiply {dz.RowCount}×{dz.ColumnCount} by the transpose of {x.Rows}×{x.Columns}: the inner dimensions differ");
        var outputs = dz.RowCount;
        var (result, dw) = Linear.Uninitialized<T>(outputs, x.Rows);
        var d = Linear.Entries(dz);
        var starts = x.Starts;
        var (rows, values) = (x.RowIndices, x.Values);
        for (var from = 0; from < outputs; from += PanelOutputs<T>(x.Rows))
        {
            var (count, stride) = Panel<T>(outputs, from, x.Rows);
            var (sums, offset) = Aligned<T>(x.Rows * stride, Scratch.Gradient);
            sums.AsSpan(offset, x.Rows * stride).Clear();
            for (var j = 0; j < x.Columns; j++)
                Scatter(d.AsSpan(j * outputs + from, count), rows.AsSpan(starts[j], starts[j + 1] - starts[j]),
                    values.AsSpan(starts[j], starts[j + 1] - starts[j]), sums, offset, stride, count);
            CopyRuns(sums, offset, stride, dw, from, outputs, count, x.Rows);
        }
        return result;
    }

    // z = b + Σ_k v_k·W[:, r_k], 64 bytes of outputs at a time (one 512-bit vector, or two 256-bit ones). Entry k goes
    // to sum k mod 4, so four multiply-adds are in flight instead of one waiting on the last; the four sums are
    // added in a fixed order, ((s0 + s1) + (s2 + s3)) + b, the same on every path, so every path gives the same bits.
    private static void Column<T>(T[] w, int wOffset, int stride, int outputs, ReadOnlySpan<T> b, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, Span<T> z)
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
                    s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * stride)), s0);
                    s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * stride)), s1);
                    s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * stride)), s2);
                    s3 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 3)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 3) * stride)), s3);
                }
                if (k < n) s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * stride)), s0);
                if (k + 1 < n) s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * stride)), s1);
                if (k + 2 < n) s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * stride)), s2);
                (((s0 + s1) + (s2 + s3)) + Vector512.Create(b.Slice(o, tile))).CopyTo(z.Slice(o, tile));
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
                        s0 = Fma(Vector256.Create(Unsafe.Add(ref v0, k)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k) * stride)), s0);
                        s1 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 1)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 1) * stride)), s1);
                        s2 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 2)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 2) * stride)), s2);
                        s3 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 3)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 3) * stride)), s3);
                    }
                    if (k < n) s0 = Fma(Vector256.Create(Unsafe.Add(ref v0, k)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k) * stride)), s0);
                    if (k + 1 < n) s1 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 1)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 1) * stride)), s1);
                    if (k + 2 < n) s2 = Fma(Vector256.Create(Unsafe.Add(ref v0, k + 2)), Vector256.LoadUnsafe(ref ah, (nuint)(Unsafe.Add(ref r0, k + 2) * stride)), s2);
                    (((s0 + s1) + (s2 + s3)) + Vector256.Create(b.Slice(o + h, half))).CopyTo(z.Slice(o + h, half));
                }
            }
        }
        // The outputs left over, one at a time, with the same four sums in the same order as the vector lanes.
        for (; o < outputs; o++)
        {
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (var k = 0; k < n; k++)
            {
                var product = (values[k], w[wOffset + rows[k] * stride + o]);
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

    // The portable backend's z = Σ_k v_k·W[:, r_k] (+ b): one sum per output, a fused multiply-add per entry of X in order,
    // the bias (when there is one: an empty b) added last. These are the dense portable product's sums with the terms of
    // X's zeros left out, which change no finite sum (PortableProducts). Four vectors of outputs are summed at a time, so
    // four multiply-adds are in flight; the outputs left over go to narrower vectors and single numbers, the same sums.
    private static void PortableColumn<T>(T[] w, int wOffset, int stride, int outputs, ReadOnlySpan<T> b, ReadOnlySpan<int> rows,
        ReadOnlySpan<T> values, Span<T> z) where T : struct, IFloatingPointIeee754<T>
    {
        ref var w0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(w), wOffset);
        var o = 0;
        if (Width512<T>.IsAccelerated) o = PortableOutputs<T, Vector512<T>, Width512<T>>(o, outputs, ref w0, stride, b, rows, values, z);
        if (Width256<T>.IsAccelerated) o = PortableOutputs<T, Vector256<T>, Width256<T>>(o, outputs, ref w0, stride, b, rows, values, z);
        if (Width128<T>.IsAccelerated) o = PortableOutputs<T, Vector128<T>, Width128<T>>(o, outputs, ref w0, stride, b, rows, values, z);
        PortableOutputs<T, T, Scalar<T>>(o, outputs, ref w0, stride, b, rows, values, z);
    }

    // Outputs from o on, four vectors and then one vector at a time; returns the first output left over.
    private static int PortableOutputs<T, TVector, TWidth>(int o, int outputs, ref T w, int stride, ReadOnlySpan<T> b, ReadOnlySpan<int> rows,
        ReadOnlySpan<T> values, Span<T> z) where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        var (n, count) = (rows.Length, TWidth.Count);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        ref var z0 = ref MemoryMarshal.GetReference(z);
        for (; o + 4 * count <= outputs; o += 4 * count)
        {
            TVector s0 = default, s1 = default, s2 = default, s3 = default;
            for (var k = 0; k < n; k++)
            {
                var v = TWidth.Broadcast(Unsafe.Add(ref v0, k));
                ref var at = ref Unsafe.Add(ref w, (nint)Unsafe.Add(ref r0, k) * stride + o);
                s0 = TWidth.FusedMultiplyAdd(v, TWidth.Load(ref at), s0);
                s1 = TWidth.FusedMultiplyAdd(v, TWidth.Load(ref Unsafe.Add(ref at, count)), s1);
                s2 = TWidth.FusedMultiplyAdd(v, TWidth.Load(ref Unsafe.Add(ref at, 2 * count)), s2);
                s3 = TWidth.FusedMultiplyAdd(v, TWidth.Load(ref Unsafe.Add(ref at, 3 * count)), s3);
            }
            PortableFinish<T, TVector, TWidth>(s0, b, o, ref z0);
            PortableFinish<T, TVector, TWidth>(s1, b, o + count, ref z0);
            PortableFinish<T, TVector, TWidth>(s2, b, o + 2 * count, ref z0);
            PortableFinish<T, TVector, TWidth>(s3, b, o + 3 * count, ref z0);
        }
        for (; o + count <= outputs; o += count)
        {
            TVector sum = default;
            for (var k = 0; k < n; k++)
                sum = TWidth.FusedMultiplyAdd(TWidth.Broadcast(Unsafe.Add(ref v0, k)), TWidth.Load(ref Unsafe.Add(ref w, (nint)Unsafe.Add(ref r0, k) * stride + o)), sum);
            PortableFinish<T, TVector, TWidth>(sum, b, o, ref z0);
        }
        return o;
    }

    // z[o …] = sum (+ b[o …] when there is a bias).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PortableFinish<T, TVector, TWidth>(TVector sum, ReadOnlySpan<T> b, int o, ref T z)
        where T : struct, IFloatingPointIeee754<T> where TVector : struct where TWidth : ISimdWidth<TVector, T> =>
        TWidth.Store(b.IsEmpty ? sum : TWidth.Add(sum, TWidth.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(b), o))), ref Unsafe.Add(ref z, o));

    // ∂C/∂W[:, r_k] += v_k·dz for each entry of one column of X (the column's rows differ, so no two updates collide).
    private static void Scatter<T>(ReadOnlySpan<T> dz, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, T[] dw, int offset, int stride, int outputs)
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
                    ref var p = ref Unsafe.Add(ref at, Unsafe.Add(ref r0, k) * stride);
                    Fma(Vector512.Create(Unsafe.Add(ref v0, k)), d, Vector512.LoadUnsafe(ref p)).StoreUnsafe(ref p);
                }
            }
            else
            {
                var half = tile / 2;
                var (d0, d1) = (Vector256.Create(dz.Slice(o, half)), Vector256.Create(dz.Slice(o + half, half)));
                for (var k = 0; k < n; k++)
                {
                    ref var p = ref Unsafe.Add(ref at, Unsafe.Add(ref r0, k) * stride);
                    var u = Vector256.Create(Unsafe.Add(ref v0, k));
                    Fma(u, d0, Vector256.LoadUnsafe(ref p)).StoreUnsafe(ref p);
                    Fma(u, d1, Vector256.LoadUnsafe(ref p, (nuint)half)).StoreUnsafe(ref p, (nuint)half);
                }
            }
        }
        for (; o < outputs; o++)
            for (var k = 0; k < n; k++)
                dw[offset + rows[k] * stride + o] = T.FusedMultiplyAdd(values[k], dz[o], dw[offset + rows[k] * stride + o]);
    }

    // Each thread's two working arrays: a copy of W, and the sums of ∂C/∂W. They are pinned and used from a
    // 64-byte boundary on, so that a column of 16 floats is one cache line: a SIMD access to a column that straddles
    // two lines touches both, and the scatter makes one such access per nonzero input and tile (docs/performance.md,
    // "Scratch arrays on a cache line"). Nothing in them outlives a call.
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

    // Copies `runs` runs of `count` entries, run k from source[sourceStart + k·sourceStride] to target[targetStart + k·targetStride]:
    // a panel into its copy, or back.
    private static void CopyRuns<T>(T[] source, int sourceStart, int sourceStride, T[] target, int targetStart, int targetStride, int count, int runs)
        where T : struct
    {
        for (var k = 0; k < runs; k++)
            source.AsSpan(sourceStart + k * sourceStride, count).CopyTo(target.AsSpan(targetStart + k * targetStride, count));
    }

    // Outputs per panel: the rows of W (or of ∂C/∂W) whose copy fits in 256 KB, half of a 512 KB–1 MB L2 cache, in whole
    // 64-byte tiles, an odd number of them. A product goes panel by panel, every column of X for each, so a wide W is read
    // from L2 instead of from memory; the panel is copied to its own array with a stride of an odd number of cache lines,
    // because W's own stride (2 KB for 512 floats) maps every column onto the same few cache sets. Each output entry is
    // summed the same way whatever the panels, so they change no bit. What the panels and the odd stride changed:
    // docs/performance.md, "Panels of W in the L2 cache".
    private static int PanelOutputs<T>(int inputs) where T : struct
    {
        var tiles = Math.Max(1, PanelBytes / Math.Max(1, inputs * 64));
        return (tiles % 2 == 0 ? tiles - 1 : tiles) * (64 / Unsafe.SizeOf<T>());
    }

    // The outputs of the panel that starts at `from`, and its stride in the copy: whole tiles, so every column starts on a cache line.
    private static (int Count, int Stride) Panel<T>(int outputs, int from, int inputs) where T : struct
    {
        var count = Math.Min(PanelOutputs<T>(inputs), outputs - from);
        var tile = 64 / Unsafe.SizeOf<T>();
        return (count, (count + tile - 1) / tile * tile);
    }

    private const int PanelBytes = 256 * 1024;

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
