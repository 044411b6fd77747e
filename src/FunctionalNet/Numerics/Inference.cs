namespace FunctionalNet.Numerics;

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

/// <summary>
/// The forward pass for serving predictions, faster than <see cref="Network.Predict{T}"/> and equal to it up to
/// rounding. Every dense layer computes column j of Z as B + Σ_k a_kj·W[:, k] over the nonzero a_kj only, reading
/// each input column once to find them: MNIST's pixels are about 81% zeros and a ReLU layer's outputs about half, so
/// most of W is never read. Bias and ReLU are applied as each vector of Z leaves the registers; the sums run on the
/// machine's widest vectors (512, 256 or 128 bits, or one number at a time), each output in a lane of its own, so every
/// width gives the same bits. The weights are
/// laid out once per network in panels of rows that fit in the L2 cache (kept while the network lives, invisibly: a
/// network is a value); a batch goes through all layers in blocks of columns, in two lanes when it is large. Each
/// output entry is summed in a fixed order that depends only on its own column, so an image gets the same bits alone
/// or in any batch, in either lane, on every run; they differ from <see cref="Network.Predict{T}"/>'s (OpenBLAS's or
/// MathNet's order) by rounding. Layers other than dense ones take their own <see cref="Layer{T}.Forward"/>.
/// </summary>
public static class Inference
{
    /// <summary>A_L for the batch X (examples as columns): <see cref="Network.Predict{T}"/> up to rounding, in less time.</summary>
    /// <exception cref="ArgumentException">X has not as many rows as the network has inputs (a bug in the caller).</exception>
    public static Matrix<T> Predict<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        Predict(network, x, 512);

    /// <summary>
    /// <see cref="Predict{T}(Network{T}, Matrix{T})"/> on vectors of at most <paramref name="widestBits"/> bits (0: one number
    /// at a time), for the tests that every width gives the same bits.
    /// </summary>
    internal static Matrix<T> Predict<T>(Network<T> network, Matrix<T> x, int widestBits) where T : struct, IFloatingPointIeee754<T>
    {
        if (x.RowCount != network.Inputs)
            throw new ArgumentException($"the network takes {network.Inputs} inputs, X has {x.RowCount} rows");
        var plan = (Plan<T>)plans.GetValue(network, n => new Plan<T>((Network<T>)n));
        var columns = x.ColumnCount;
        var result = new T[network.Outputs * columns];
        var input = Linear.Entries(x);
        if (columns > 1 && Lanes.SideBySide && 2.0 * network.ParameterCount * columns >= ColumnBlocks.SplitFlops)
            Lanes.Run(lane =>
            {
                var (start, count) = Lanes.Part(columns, lane, 2);
                plan.Run(input, start, count, result, widestBits);
            });
        else plan.Run(input, 0, columns, result, widestBits);
        return Matrix<T>.Build.Dense(network.Outputs, columns, result);
    }

    /// <summary>The index of the largest output of each column of <see cref="Predict{T}(Network{T}, Matrix{T})"/>: the predicted class.</summary>
    public static int[] Classify<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var a = Predict(network, x);
        return Enumerable.Range(0, a.ColumnCount).Select(j => a.Column(j).MaximumIndex()).ToArray();
    }

    // Each network's weights in panels, laid out when it first predicts and kept while it lives.
    private static readonly ConditionalWeakTable<object, object> plans = new();

    // Columns per block: a block's activations and their nonzero lists stay in the L2 cache from one layer to the next.
    private const int BlockColumns = 64;

    // Rows of W per panel: at most this many bytes of weights, in whole tiles.
    private const int PanelBytes = 256 * 1024;

    // Outputs per tile: one 512-bit vector.
    private static int Tile<T>() => 64 / Unsafe.SizeOf<T>();

    private sealed class Plan<T> where T : struct, IFloatingPointIeee754<T>
    {
        private readonly Step[] steps;
        private readonly int widest;

        public Plan(Network<T> network)
        {
            steps = network.Layers.Map(layer => layer is DenseLayer<T> dense ? Step.Dense(dense) : Step.Other(layer)).ToArray();
            widest = network.Layers.Map(l => Math.Max(l.Inputs, l.Outputs)).Max();
        }

        // Columns start … start + count − 1 of X (entries `input`) through every layer, into the same columns of `result`.
        public void Run(T[] input, int start, int count, T[] result, int widestBits)
        {
            var rows = steps[0].Inputs;
            var buffers = Scratch<T>.For(widest * BlockColumns);
            for (var from = start; from < start + count; from += BlockColumns)
            {
                var columns = Math.Min(BlockColumns, start + count - from);
                ReadOnlySpan<T> a = input.AsSpan(from * rows, columns * rows);
                for (var l = 0; l < steps.Length; l++)
                {
                    var last = l == steps.Length - 1;
                    var target = last ? result.AsSpan(from * steps[l].Outputs, columns * steps[l].Outputs)
                        : buffers.Activations[l % 2].AsSpan(0, columns * steps[l].Outputs);
                    steps[l].Apply(a, columns, target, buffers, widestBits);
                    a = target;
                }
            }
        }

        // One layer's way through a block: a dense layer's panels, or any layer's own Forward.
        private sealed class Step
        {
            public required int Inputs { get; init; }
            public required int Outputs { get; init; }
            private Layer<T>? other;
            private Activation? activation;
            private (T[] Weights, int From, int Width)[] panels = [];
            private T[] bias = [];

            public static Step Dense(DenseLayer<T> layer)
            {
                var (outputs, inputs, tile) = (layer.Outputs, layer.Inputs, Tile<T>());
                var padded = (outputs + tile - 1) / tile * tile;
                // Whole groups of four tiles when a panel has room for them, for the four-tile loop.
                var fits = PanelBytes / Math.Max(1, inputs * Unsafe.SizeOf<T>());
                var width = Math.Clamp(fits >= 4 * tile ? fits / (4 * tile) * 4 * tile : fits / tile * tile, tile, padded);
                var w = Linear.Entries(layer.Weights);
                // Panel p holds rows From … From + Width − 1 of W (zeros past the last output), input k's run of Width at k·Width.
                var panels = Enumerable.Range(0, (padded + width - 1) / width).Select(p =>
                {
                    var (from, count) = (p * width, Math.Min(width, padded - p * width));
                    var panel = new T[inputs * count];
                    var real = Math.Max(0, Math.Min(count, outputs - from));
                    for (var k = 0; k < inputs; k++) w.AsSpan(k * outputs + from, real).CopyTo(panel.AsSpan(k * count, real));
                    return (panel, from, count);
                }).ToArray();
                var bias = new T[padded];
                layer.Bias.IfSome(b => Linear.Entries(b).CopyTo(bias, 0));
                return new Step { Inputs = inputs, Outputs = outputs, panels = panels, bias = bias, activation = layer.Activation };
            }

            public static Step Other(Layer<T> layer) => new() { Inputs = layer.Inputs, Outputs = layer.Outputs, other = layer };

            public void Apply(ReadOnlySpan<T> a, int columns, Span<T> target, Scratch<T> buffers, int widestBits)
            {
                if (other is not null)
                {
                    // Column by column, as in a batch of one: the layer's own products may round a column by its batch's width.
                    for (var j = 0; j < columns; j++)
                        Linear.Entries(other.Forward(Matrix<T>.Build.Dense(Inputs, 1, a.Slice(j * Inputs, Inputs).ToArray())).A)
                            .CopyTo(target.Slice(j * Outputs, Outputs));
                    return;
                }
                var fused = activation switch { Activation.ReLU => Fused.ReLU, Activation.Identity or Activation.Softmax => Fused.Identity, _ => Fused.None };
                var (starts, rows, values) = (buffers.Starts, buffers.Rows, buffers.Values);
                starts[0] = 0;
                for (var j = 0; j < columns; j++)
                    starts[j + 1] = starts[j] + Nonzeros(a.Slice(j * Inputs, Inputs), rows.AsSpan(starts[j]), values.AsSpan(starts[j]));
                foreach (var (weights, from, width) in panels)
                    for (var j = 0; j < columns; j++)
                    {
                        var (s, n) = (starts[j], starts[j + 1] - starts[j]);
                        Column(weights, width, bias.AsSpan(from, width), rows.AsSpan(s, n), values.AsSpan(s, n),
                            target.Slice(j * Outputs), Math.Min(width, Outputs - from), from, fused, buffers.Spill, widestBits);
                    }
                if (activation is Activation.Softmax) Softmax(Outputs, target[..(columns * Outputs)]);
                else if (fused == Fused.None)
                    // Column by column: a vector kernel's tail takes a scalar path, and an image's bits must not depend on its batch.
                    for (var j = 0; j < columns; j++)
                    {
                        var z = target.Slice(j * Outputs, Outputs);
                        Linear.Entries(Activations.Apply(activation!, Matrix<T>.Build.Dense(Outputs, 1, z.ToArray()))).CopyTo(z);
                    }
            }
        }
    }

    private enum Fused { None, Identity, ReLU }

    // A = softmax(Z) column by column, in place: shifted by the column's maximum so e^z never overflows, exponentiated,
    // normalised. One column per call to Exp: its vector and scalar paths round differently, and a column's bits must
    // not depend on the batch around it.
    private static void Softmax<T>(int rows, Span<T> z) where T : struct, IFloatingPointIeee754<T>
    {
        for (var start = 0; start < z.Length; start += rows)
        {
            var column = z.Slice(start, rows);
            var max = column[0];
            foreach (var v in column) max = T.Max(max, v);
            for (var i = 0; i < rows; i++) column[i] -= max;
            System.Numerics.Tensors.TensorPrimitives.Exp(column, column);
            var sum = T.Zero;
            foreach (var v in column) sum += v;
            for (var i = 0; i < rows; i++) column[i] /= sum;
        }
    }

    // The indices and values of the nonzero entries of one column (−0 counts as zero, NaN is kept), in order; returns how many.
    private static int Nonzeros<T>(ReadOnlySpan<T> column, Span<int> rows, Span<T> values) where T : struct, IFloatingPointIeee754<T>
    {
        var (n, i, length) = (0, 0, column.Length);
        if (rows.Length < length || values.Length < rows.Length) throw new ArgumentException("the lists are shorter than the column");
        ref var c0 = ref MemoryMarshal.GetReference(column);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        if (typeof(T) == typeof(float) && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && rows.Length >= length + 16)
        {
            // Without a branch per entry: the nonzero lanes and their indices packed to the front of a vector (vcompressps
            // into a register, then a whole-vector store that the next group overwrites past its count).
            ref var f0 = ref Unsafe.As<T, float>(ref c0);
            ref var g0 = ref Unsafe.As<T, float>(ref v0);
            var index = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            for (; i + 16 <= length; i += 16, index += Vector512.Create(16))
            {
                var v = Vector512.LoadUnsafe(ref f0, (nuint)i);
                var keep = ~Vector512.Equals(v, Vector512<float>.Zero);
                System.Runtime.Intrinsics.X86.Avx512F.Compress(Vector512<float>.Zero, keep, v).StoreUnsafe(ref g0, (nuint)n);
                System.Runtime.Intrinsics.X86.Avx512F.Compress(Vector512<int>.Zero, keep.AsInt32(), index).StoreUnsafe(ref r0, (nuint)n);
                n += BitOperations.PopCount(keep.ExtractMostSignificantBits());
            }
        }
        else if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + Vector512<T>.Count <= length; i += Vector512<T>.Count)
                n = Keep(~Vector512.Equals(Vector512.LoadUnsafe(ref c0, (nuint)i), Vector512<T>.Zero).ExtractMostSignificantBits()
                    & (ulong.MaxValue >> (64 - Vector512<T>.Count)), i, ref c0, ref r0, ref v0, n);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + Vector256<T>.Count <= length; i += Vector256<T>.Count)
                n = Keep(~Vector256.Equals(Vector256.LoadUnsafe(ref c0, (nuint)i), Vector256<T>.Zero).ExtractMostSignificantBits()
                    & (uint.MaxValue >> (32 - Vector256<T>.Count)), i, ref c0, ref r0, ref v0, n);
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + Vector128<T>.Count <= length; i += Vector128<T>.Count)
                n = Keep(~Vector128.Equals(Vector128.LoadUnsafe(ref c0, (nuint)i), Vector128<T>.Zero).ExtractMostSignificantBits()
                    & (uint.MaxValue >> (32 - Vector128<T>.Count)), i, ref c0, ref r0, ref v0, n);
        for (; i < length; i++)
            if (Unsafe.Add(ref c0, i) != T.Zero) (Unsafe.Add(ref r0, n), Unsafe.Add(ref v0, n++)) = (i, Unsafe.Add(ref c0, i));
        return n;
    }

    // Appends the entries i + b of the column for each bit b set in `mask`, in order; returns the new count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keep<T>(ulong mask, int i, ref T c0, ref int r0, ref T v0, int n)
    {
        for (; mask != 0; mask &= mask - 1, n++)
        {
            var k = i + BitOperations.TrailingZeroCount(mask);
            Unsafe.Add(ref r0, n) = k;
            Unsafe.Add(ref v0, n) = Unsafe.Add(ref c0, k);
        }
        return n;
    }

    // z[o] = ((s0 + s1) + (s2 + s3)) + b[o], where s_r sums v_k·W[o, r_k] over the column's nonzero entries k ≡ r (mod 4), each
    // by one fused multiply-add in the entries' order: four chains in flight instead of one. Each output is a lane of its
    // own, so every width (512, 256 or 128 bits, or one number at a time) gives the same bits; the widest the machine
    // accelerates runs. Writes the panel's `real` outputs of z, after f when it is fused.
    private static void Column<T>(T[] w, int width, ReadOnlySpan<T> b, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, Span<T> z,
        int real, int from, Fused f, Span<T> spill, int widestBits) where T : struct, IFloatingPointIeee754<T>
    {
        var at = new Panel<T>(w, width, b, rows, values, z.Slice(from), real, f, spill);
        if (widestBits >= 512 && Width512<T>.IsAccelerated) Outputs<T, Vector512<T>, Width512<T>>(at);
        else if (widestBits >= 256 && Width256<T>.IsAccelerated) Outputs<T, Vector256<T>, Width256<T>>(at);
        else if (widestBits >= 128 && Width128<T>.IsAccelerated) Outputs<T, Vector128<T>, Width128<T>>(at);
        else Outputs<T, T, Scalar<T>>(at);
    }

    // What a column's sums over one panel read and write (z from the panel's first output on).
    private readonly ref struct Panel<T>(T[] w, int width, ReadOnlySpan<T> b, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, Span<T> z,
        int real, Fused f, Span<T> spill) where T : struct
    {
        public readonly T[] W = w;
        public readonly int Width = width, Real = real;
        public readonly ReadOnlySpan<T> B = b, Values = values;
        public readonly ReadOnlySpan<int> Rows = rows;
        public readonly Span<T> Z = z, Spill = spill;
        public readonly Fused F = f;
    }

    // Four vectors of outputs at a time, then one: each nonzero entry's value is broadcast and its row of the panel found
    // once for four vectors, and sixteen sums are in flight. A panel's width is whole 64-byte tiles, so a vector never
    // reads past it; the last vector may hold fewer than `count` real outputs, and only those are written.
    private static void Outputs<T, TVector, TWidth>(Panel<T> p) where T : struct, IFloatingPointIeee754<T>
        where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        var (n, count, width) = (p.Rows.Length, TWidth.Count, (nint)p.Width);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(p.W);
        ref var r0 = ref MemoryMarshal.GetReference(p.Rows);
        ref var v0 = ref MemoryMarshal.GetReference(p.Values);
        var o = 0;
        for (; o + 4 * count <= p.Real; o += 4 * count)
        {
            ref var at = ref Unsafe.Add(ref w0, o);
            TVector a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            TVector c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
            var k = 0;
            for (; k + 3 < n; k += 4)
            {
                { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k)), Unsafe.Add(ref r0, k) * width); a0 = Term<T, TVector, TWidth>(x, ref at, row, a0); b0 = Term<T, TVector, TWidth>(x, ref at, row + count, b0); c0 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c0); d0 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d0); }
                { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k + 1)), Unsafe.Add(ref r0, k + 1) * width); a1 = Term<T, TVector, TWidth>(x, ref at, row, a1); b1 = Term<T, TVector, TWidth>(x, ref at, row + count, b1); c1 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c1); d1 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d1); }
                { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k + 2)), Unsafe.Add(ref r0, k + 2) * width); a2 = Term<T, TVector, TWidth>(x, ref at, row, a2); b2 = Term<T, TVector, TWidth>(x, ref at, row + count, b2); c2 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c2); d2 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d2); }
                { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k + 3)), Unsafe.Add(ref r0, k + 3) * width); a3 = Term<T, TVector, TWidth>(x, ref at, row, a3); b3 = Term<T, TVector, TWidth>(x, ref at, row + count, b3); c3 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c3); d3 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d3); }
            }
            if (k < n) { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k)), Unsafe.Add(ref r0, k) * width); a0 = Term<T, TVector, TWidth>(x, ref at, row, a0); b0 = Term<T, TVector, TWidth>(x, ref at, row + count, b0); c0 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c0); d0 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d0); }
            if (k + 1 < n) { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k + 1)), Unsafe.Add(ref r0, k + 1) * width); a1 = Term<T, TVector, TWidth>(x, ref at, row, a1); b1 = Term<T, TVector, TWidth>(x, ref at, row + count, b1); c1 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c1); d1 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d1); }
            if (k + 2 < n) { var (x, row) = (TWidth.Broadcast(Unsafe.Add(ref v0, k + 2)), Unsafe.Add(ref r0, k + 2) * width); a2 = Term<T, TVector, TWidth>(x, ref at, row, a2); b2 = Term<T, TVector, TWidth>(x, ref at, row + count, b2); c2 = Term<T, TVector, TWidth>(x, ref at, row + 2 * count, c2); d2 = Term<T, TVector, TWidth>(x, ref at, row + 3 * count, d2); }
            // Four whole vectors of real outputs: no call here, so that no sum is kept in memory through the loop above.
            ref var z0 = ref MemoryMarshal.GetReference(p.Z);
            TWidth.Store(Finish<T, TVector, TWidth>(Sum<TVector, T, TWidth>(a0, a1, a2, a3), p, o), ref Unsafe.Add(ref z0, o));
            TWidth.Store(Finish<T, TVector, TWidth>(Sum<TVector, T, TWidth>(b0, b1, b2, b3), p, o + count), ref Unsafe.Add(ref z0, o + count));
            TWidth.Store(Finish<T, TVector, TWidth>(Sum<TVector, T, TWidth>(c0, c1, c2, c3), p, o + 2 * count), ref Unsafe.Add(ref z0, o + 2 * count));
            TWidth.Store(Finish<T, TVector, TWidth>(Sum<TVector, T, TWidth>(d0, d1, d2, d3), p, o + 3 * count), ref Unsafe.Add(ref z0, o + 3 * count));
        }
        for (; o < p.Real; o += count)
        {
            ref var at = ref Unsafe.Add(ref w0, o);
            TVector s0 = default, s1 = default, s2 = default, s3 = default;
            var k = 0;
            for (; k + 3 < n; k += 4)
            {
                s0 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k)), ref at, Unsafe.Add(ref r0, k) * width, s0);
                s1 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k + 1)), ref at, Unsafe.Add(ref r0, k + 1) * width, s1);
                s2 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k + 2)), ref at, Unsafe.Add(ref r0, k + 2) * width, s2);
                s3 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k + 3)), ref at, Unsafe.Add(ref r0, k + 3) * width, s3);
            }
            if (k < n) s0 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k)), ref at, Unsafe.Add(ref r0, k) * width, s0);
            if (k + 1 < n) s1 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k + 1)), ref at, Unsafe.Add(ref r0, k + 1) * width, s1);
            if (k + 2 < n) s2 = Term<T, TVector, TWidth>(TWidth.Broadcast(Unsafe.Add(ref v0, k + 2)), ref at, Unsafe.Add(ref r0, k + 2) * width, s2);
            var z = Finish<T, TVector, TWidth>(Sum<TVector, T, TWidth>(s0, s1, s2, s3), p, o);
            if (o + count <= p.Real) TWidth.Store(z, ref Unsafe.Add(ref MemoryMarshal.GetReference(p.Z), o));
            else
            {
                // The last outputs, not the next column's.
                TWidth.Store(z, ref MemoryMarshal.GetReference(p.Spill));
                p.Spill[..(p.Real - o)].CopyTo(p.Z.Slice(o));
            }
        }
    }

    // s + x·W[o …, row] for the vector of outputs at `at`, rounded once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Term<T, TVector, TWidth>(TVector x, ref T at, nint row, TVector s)
        where T : struct where TVector : struct where TWidth : ISimdWidth<TVector, T> =>
        TWidth.FusedMultiplyAdd(x, TWidth.Load(ref Unsafe.Add(ref at, row)), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Sum<TVector, T, TWidth>(TVector s0, TVector s1, TVector s2, TVector s3)
        where T : struct where TVector : struct where TWidth : ISimdWidth<TVector, T> =>
        TWidth.Add(TWidth.Add(s0, s1), TWidth.Add(s2, s3));

    // f(sum + b[o …]): the vector of outputs from o on, after the fused activation, if any.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Finish<T, TVector, TWidth>(TVector sum, Panel<T> p, int o)
        where T : struct where TVector : struct where TWidth : ISimdWidth<TVector, T>
    {
        var z = TWidth.Add(sum, TWidth.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(p.B), o)));
        return p.F == Fused.ReLU ? TWidth.PositivePart(z) : z;
    }

    // Each thread's working arrays for one block: two activations in turn, and the nonzero lists of a layer's input. Nothing
    // in them outlives a call; they grow to the widest network the thread has run.
    private sealed class Scratch<T> where T : struct
    {
        public readonly int[] Starts = new int[BlockColumns + 1];
        public int[] Rows = [];
        public T[] Values = [];
        public readonly T[][] Activations = [[], []];
        public readonly T[] Spill = new T[Tile<T>()];

        [ThreadStatic] private static Scratch<T>? mine;

        public static Scratch<T> For(int length)
        {
            var s = mine ??= new Scratch<T>();
            // 16 entries past the end: a packed group is stored as a whole vector.
            if (s.Rows.Length < length + 16) (s.Rows, s.Values) = (new int[length + 16], new T[length + 16]);
            for (var k = 0; k < 2; k++)
                if (s.Activations[k].Length < length) s.Activations[k] = new T[length];
            return s;
        }
    }
}
