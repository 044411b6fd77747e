namespace FunctionalNet.Numerics;

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

/// <summary>
/// The forward pass for serving predictions, faster than <see cref="Network.Predict{T}"/> and equal to it up to
/// rounding. Every dense layer computes column j of Z as B + Σ_k a_kj·W[:, k] over the nonzero a_kj only, reading
/// each input column once to find them: MNIST's pixels are about 81% zeros and a ReLU layer's outputs about half, so
/// most of W is never read. Bias and ReLU are applied as each 64-byte tile of Z leaves the registers. The weights are
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
    public static Matrix<T> Predict<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
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
                plan.Run(input, start, count, result);
            });
        else plan.Run(input, 0, columns, result);
        return Matrix<T>.Build.Dense(network.Outputs, columns, result);
    }

    /// <summary>The index of the largest output of each column of <see cref="Predict{T}"/>: the predicted class.</summary>
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
        public void Run(T[] input, int start, int count, T[] result)
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
                    steps[l].Apply(a, columns, target, buffers);
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

            public void Apply(ReadOnlySpan<T> a, int columns, Span<T> target, Scratch<T> buffers)
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
                            target.Slice(j * Outputs), Math.Min(width, Outputs - from), from, fused);
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
            {
                var mask = ~Vector512.Equals(Vector512.LoadUnsafe(ref c0, (nuint)i), Vector512<T>.Zero).ExtractMostSignificantBits()
                    & (ulong.MaxValue >> (64 - Vector512<T>.Count));
                for (; mask != 0; mask &= mask - 1, n++)
                {
                    var k = i + BitOperations.TrailingZeroCount(mask);
                    Unsafe.Add(ref r0, n) = k;
                    Unsafe.Add(ref v0, n) = Unsafe.Add(ref c0, k);
                }
            }
        for (; i < length; i++)
            if (Unsafe.Add(ref c0, i) != T.Zero) (Unsafe.Add(ref r0, n), Unsafe.Add(ref v0, n++)) = (i, Unsafe.Add(ref c0, i));
        return n;
    }

    // z[o] = ((s0 + s1) + (s2 + s3)) + b[o], where s_r sums v_k·W[o, r_k] over the column's nonzero entries k ≡ r (mod 4), each
    // by one fused multiply-add in the entries' order: four chains in flight instead of one. The same formula on the vector
    // and the scalar path, so both give the same bits. Writes the panel's `real` outputs of z, after f when it is fused.
    private static void Column<T>(T[] w, int width, ReadOnlySpan<T> b, ReadOnlySpan<int> rows, ReadOnlySpan<T> values, Span<T> z,
        int real, int from, Fused f) where T : struct, IFloatingPointIeee754<T>
    {
        var n = rows.Length;
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(w);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        var o = 0;
        if (Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            var tile = Tile<T>();
            // Four tiles at a time: each nonzero entry's value is broadcast and its row of the panel found once for 64
            // outputs, and sixteen sums are in flight. Every output's four sums are the ones of the one-tile loop below.
            for (; o + 4 * tile <= real; o += 4 * tile)
            {
                ref var at = ref Unsafe.Add(ref w0, o);
                Vector512<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
                var (t1, t2, t3) = ((nuint)tile, (nuint)(2 * tile), (nuint)(3 * tile));
                var k = 0;
                for (; k + 3 < n; k += 4)
                {
                    { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k)), (nuint)(Unsafe.Add(ref r0, k) * width)); a0 = Fma(x, Vector512.LoadUnsafe(ref at, row), a0); b0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b0); c0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c0); d0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d0); }
                    { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k + 1)), (nuint)(Unsafe.Add(ref r0, k + 1) * width)); a1 = Fma(x, Vector512.LoadUnsafe(ref at, row), a1); b1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b1); c1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c1); d1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d1); }
                    { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k + 2)), (nuint)(Unsafe.Add(ref r0, k + 2) * width)); a2 = Fma(x, Vector512.LoadUnsafe(ref at, row), a2); b2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b2); c2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c2); d2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d2); }
                    { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k + 3)), (nuint)(Unsafe.Add(ref r0, k + 3) * width)); a3 = Fma(x, Vector512.LoadUnsafe(ref at, row), a3); b3 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b3); c3 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c3); d3 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d3); }
                }
                if (k < n) { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k)), (nuint)(Unsafe.Add(ref r0, k) * width)); a0 = Fma(x, Vector512.LoadUnsafe(ref at, row), a0); b0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b0); c0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c0); d0 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d0); }
                if (k + 1 < n) { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k + 1)), (nuint)(Unsafe.Add(ref r0, k + 1) * width)); a1 = Fma(x, Vector512.LoadUnsafe(ref at, row), a1); b1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b1); c1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c1); d1 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d1); }
                if (k + 2 < n) { var (x, row) = (Vector512.Create(Unsafe.Add(ref v0, k + 2)), (nuint)(Unsafe.Add(ref r0, k + 2) * width)); a2 = Fma(x, Vector512.LoadUnsafe(ref at, row), a2); b2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t1), b2); c2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t2), c2); d2 = Fma(x, Vector512.LoadUnsafe(ref at, row + t3), d2); }
                Finish(((a0 + a1) + (a2 + a3)) + Vector512.Create(b.Slice(o, tile)), f).CopyTo(z.Slice(from + o, tile));
                Finish(((b0 + b1) + (b2 + b3)) + Vector512.Create(b.Slice(o + tile, tile)), f).CopyTo(z.Slice(from + o + tile, tile));
                Finish(((c0 + c1) + (c2 + c3)) + Vector512.Create(b.Slice(o + 2 * tile, tile)), f).CopyTo(z.Slice(from + o + 2 * tile, tile));
                Finish(((d0 + d1) + (d2 + d3)) + Vector512.Create(b.Slice(o + 3 * tile, tile)), f).CopyTo(z.Slice(from + o + 3 * tile, tile));
            }
            for (; o < real; o += tile)
            {
                ref var at = ref Unsafe.Add(ref w0, o);
                Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
                var k = 0;
                for (; k + 3 < n; k += 4)
                {
                    s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * width)), s0);
                    s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * width)), s1);
                    s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * width)), s2);
                    s3 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 3)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 3) * width)), s3);
                }
                if (k < n) s0 = Fma(Vector512.Create(Unsafe.Add(ref v0, k)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k) * width)), s0);
                if (k + 1 < n) s1 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 1)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 1) * width)), s1);
                if (k + 2 < n) s2 = Fma(Vector512.Create(Unsafe.Add(ref v0, k + 2)), Vector512.LoadUnsafe(ref at, (nuint)(Unsafe.Add(ref r0, k + 2) * width)), s2);
                var sum = Finish(((s0 + s1) + (s2 + s3)) + Vector512.Create(b.Slice(o, tile)), f);
                if (o + tile <= real) sum.CopyTo(z.Slice(from + o, tile));
                else for (var i = 0; i < real - o; i++) z[from + o + i] = sum.GetElement(i);   // the last outputs, not the next column's
            }
            return;
        }
        for (; o < real; o++)
        {
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (var k = 0; k < n; k++)
            {
                var (v, weight) = (values[k], w[rows[k] * width + o]);
                switch (k & 3)
                {
                    case 0: s0 = T.FusedMultiplyAdd(v, weight, s0); break;
                    case 1: s1 = T.FusedMultiplyAdd(v, weight, s1); break;
                    case 2: s2 = T.FusedMultiplyAdd(v, weight, s2); break;
                    default: s3 = T.FusedMultiplyAdd(v, weight, s3); break;
                }
            }
            var sum = ((s0 + s1) + (s2 + s3)) + b[o];
            z[from + o] = f == Fused.ReLU && !(sum > T.Zero) ? T.Zero : sum;
        }
    }

    // A tile of Z after the fused activation, if any.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Finish<T>(Vector512<T> z, Fused f) where T : struct, IFloatingPointIeee754<T> =>
        f == Fused.ReLU ? Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<T>.Zero), z, Vector512<T>.Zero) : z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> u, Vector512<T> v, Vector512<T> a) where T : struct
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no SIMD multiply-add for {typeof(T).Name}");
    }

    // Each thread's working arrays for one block: two activations in turn, and the nonzero lists of a layer's input. Nothing
    // in them outlives a call; they grow to the widest network the thread has run.
    private sealed class Scratch<T> where T : struct
    {
        public readonly int[] Starts = new int[BlockColumns + 1];
        public int[] Rows = [];
        public T[] Values = [];
        public readonly T[][] Activations = [[], []];

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
