namespace FunctionalNet.Numerics;

// Inside the namespace, so that Vector<T> means the SIMD vector and not MathNet's.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// The element-wise kernels behind <see cref="Activations"/>, <see cref="Losses"/>, <see cref="GradientDescent"/>
/// and <see cref="Linear"/>: System.Numerics.Tensors' <see cref="TensorPrimitives"/> where it has the operation,
/// and small <see cref="Vector{T}"/> loops where a branch (z &gt; 0) would otherwise cost a second pass over memory.
/// Exponentials, tanh and sums come from the executor's <see cref="Arithmetic"/>; everything else here is one IEEE basic
/// operation per entry, the same bits at any vector width.
/// Each kernel writes a new matrix; none changes its inputs.
/// </summary>
internal static class Elementwise
{
    /// <summary>A = f(Z) for an element-wise f, entry by entry as <see cref="Activation.Value{T}"/>.</summary>
    public static Matrix<T> Activate<T>(Activation f, Matrix<T> z) where T : struct, IFloatingPointIeee754<T>
    {
        if (!HasKernel(f)) return f.Apply(z);   // a user's activation takes its own path
        var (result, a) = Linear.Uninitialized<T>(z.RowCount, z.ColumnCount);
        ReadOnlySpan<T> zs = Linear.Entries(z);
        var arithmetic = Arithmetic.Current;
        switch (f)
        {
            case Activation.Step: Map(new StepKernel<T>(), zs, a); break;
            case Activation.Sigmoid: arithmetic.Sigmoid(zs, a); break;
            case Activation.Tanh: arithmetic.Tanh(zs, a); break;
            case Activation.ReLU: Map(new ReLUKernel<T>(), zs, a); break;
            case Activation.LeakyReLU l: Map(new LeakyReLUKernel<T>(T.CreateChecked(l.Slope)), zs, a); break;
            case Activation.ELU e:
                arithmetic.Exp(zs, a);
                MapInPlace(new ELUKernel<T>(T.CreateChecked(e.Alpha)), zs, a, a);
                break;
            case Activation.Identity: zs.CopyTo(a); break;
            case Activation.Softmax: SoftmaxColumns(arithmetic, z.RowCount, zs, a); break;
            default: throw new UnreachableException();
        }
        return result;
    }

    /// <summary>dZ = dA ∘ f′(Z), in one pass; f′ is written in terms of A where that is cheaper (σ′ = σ(1 − σ)).</summary>
    public static Matrix<T> ActivationBackward<T>(Activation f, Matrix<T> z, Matrix<T> a, Matrix<T> da)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!HasKernel(f)) return f.Backward(z, a, da);
        var (result, dz) = Linear.Uninitialized<T>(da.RowCount, da.ColumnCount);
        ReadOnlySpan<T> zs = Linear.Entries(z), @as = Linear.Entries(a), das = Linear.Entries(da);
        switch (f)
        {
            case Activation.Step: TensorPrimitives.Multiply(das, T.Zero, dz); break;
            case Activation.Sigmoid: Map(new SigmoidBackwardKernel<T>(), @as, das, dz); break;
            case Activation.Tanh: Map(new TanhBackwardKernel<T>(), @as, das, dz); break;
            case Activation.ReLU: Map(new ReLUBackwardKernel<T>(), zs, das, dz); break;
            case Activation.LeakyReLU l: Map(new LeakyReLUBackwardKernel<T>(T.CreateChecked(l.Slope)), zs, das, dz); break;
            case Activation.ELU e:
                // For z ≤ 0, f′(z) = α·e^z = a + α.
                var alpha = T.CreateChecked(e.Alpha);
                TensorPrimitives.Add(@as, alpha, dz);
                TensorPrimitives.Multiply(dz, das, dz);
                MapInPlace(new ELUBackwardKernel<T>(), zs, das, dz);
                break;
            case Activation.Identity: das.CopyTo(dz); break;
            case Activation.Softmax: SoftmaxBackwardColumns(Arithmetic.Current, a.RowCount, @as, das, dz); break;
            default: throw new UnreachableException();
        }
        return result;
    }

    // The built-in activations, whose kernels are the switches above.
    private static bool HasKernel(Activation f) => f is Activation.Step or Activation.Sigmoid or Activation.Tanh or Activation.ReLU
        or Activation.LeakyReLU or Activation.ELU or Activation.Identity or Activation.Softmax;

    // Each column is one example: shift by its maximum so e^z never overflows, exponentiate, normalise.
    // The maximum is exact in any order; the sum is the arithmetic's (left to right when portable).
    private static void SoftmaxColumns<T>(Arithmetic arithmetic, int rows, ReadOnlySpan<T> z, Span<T> a) where T : struct, IFloatingPointIeee754<T>
    {
        for (var start = 0; start < z.Length; start += rows)
        {
            var column = z.Slice(start, rows);
            var target = a.Slice(start, rows);
            TensorPrimitives.Subtract(column, TensorPrimitives.Max(column), target);
            arithmetic.Exp<T>(target, target);
            TensorPrimitives.Divide(target, arithmetic.Sum<T>(target), target);
        }
    }

    // dZ = A ∘ (dA − 1·(Aᵀ dA)) per column.
    private static void SoftmaxBackwardColumns<T>(Arithmetic arithmetic, int rows, ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var start = 0; start < a.Length; start += rows)
        {
            var target = dz.Slice(start, rows);
            TensorPrimitives.Subtract(da.Slice(start, rows), arithmetic.Dot(a.Slice(start, rows), da.Slice(start, rows)), target);
            TensorPrimitives.Multiply(a.Slice(start, rows), target, target);
        }
    }

    /// <summary>(A − Y)·c: the output gradient of the squared-error losses and the two cancelled deltas.</summary>
    public static Matrix<T> ScaledDifference<T>(Matrix<T> a, Matrix<T> y, T c) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, d) = Linear.Uninitialized<T>(a.RowCount, a.ColumnCount);
        TensorPrimitives.Subtract(Linear.Entries(a), Linear.Entries(y), d);
        TensorPrimitives.Multiply(d, c, d);
        return result;
    }

    /// <summary>∂C/∂A of binary cross-entropy: (a − y)/(a(1 − a))·c.</summary>
    public static Matrix<T> BinaryCrossEntropyGradient<T>(Matrix<T> a, Matrix<T> y, T c) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, d) = Linear.Uninitialized<T>(a.RowCount, a.ColumnCount);
        Map(new BinaryCrossEntropyKernel<T>(), Linear.Entries(a), Linear.Entries(y), d);
        TensorPrimitives.Multiply(d, c, d);
        return result;
    }

    /// <summary>∂C/∂A of cross-entropy: −y/a·c, and 0 where y = 0 (so a = 0 there gives no NaN).</summary>
    public static Matrix<T> CrossEntropyGradient<T>(Matrix<T> a, Matrix<T> y, T c) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, d) = Linear.Uninitialized<T>(a.RowCount, a.ColumnCount);
        Map(new CrossEntropyKernel<T>(), Linear.Entries(a), Linear.Entries(y), d);
        TensorPrimitives.Multiply(d, c, d);
        return result;
    }

    /// <summary>Σ (a − y)² over all entries, each difference formed and squared in double precision.</summary>
    public static double SumOfSquaredDifferences<T>(Matrix<T> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> @as = Linear.Entries(a), ys = Linear.Entries(y);
        if (typeof(T) == typeof(double))
            return SumOfSquaredDifferences(MemoryMarshal.Cast<T, double>(@as), MemoryMarshal.Cast<T, double>(ys));
        const int chunk = 1024;
        Span<double> da = stackalloc double[chunk], dy = stackalloc double[chunk];
        var total = 0.0;
        for (var start = 0; start < @as.Length; start += chunk)
        {
            var length = Math.Min(chunk, @as.Length - start);
            TensorPrimitives.ConvertChecked(@as.Slice(start, length), da[..length]);
            TensorPrimitives.ConvertChecked(ys.Slice(start, length), dy[..length]);
            total += SumOfSquaredDifferences(da[..length], dy[..length]);
        }
        return total;
    }

    private static double SumOfSquaredDifferences(ReadOnlySpan<double> a, ReadOnlySpan<double> y)
    {
        var arithmetic = Arithmetic.Current;
        const int chunk = 1024;
        Span<double> d = stackalloc double[chunk];
        var total = 0.0;
        for (var start = 0; start < a.Length; start += chunk)
        {
            var length = Math.Min(chunk, a.Length - start);
            TensorPrimitives.Subtract(a.Slice(start, length), y.Slice(start, length), d[..length]);
            total += arithmetic.SumOfSquares(d[..length]);
        }
        return total;
    }

    /// <summary>Σ over entries of <paramref name="perEntry"/>(a, y) in double precision (the losses without a kernel).</summary>
    public static double Sum<T>(Matrix<T> a, Matrix<T> y, Func<double, double, double> perEntry) where T : struct, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> @as = Linear.Entries(a), ys = Linear.Entries(y);
        var total = 0.0;
        for (var k = 0; k < @as.Length; k++) total += perEntry(double.CreateChecked(@as[k]), double.CreateChecked(ys[k]));
        return total;
    }

    /// <summary>A term computed from one column of Z and the same column of Y, both in double precision.</summary>
    public delegate double ColumnTerm(ReadOnlySpan<double> z, ReadOnlySpan<double> y);

    /// <summary>Σ over columns of <paramref name="perColumn"/>(z, y) in double precision (a loss that is not a sum over entries).</summary>
    public static double SumOverColumns<T>(Matrix<T> z, Matrix<T> y, ColumnTerm perColumn) where T : struct, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> zs = Linear.Entries(z), ys = Linear.Entries(y);
        var rows = z.RowCount;
        var (dz, dy) = (new double[rows], new double[rows]);
        var total = 0.0;
        for (var start = 0; start < zs.Length; start += rows)
        {
            for (var i = 0; i < rows; i++) (dz[i], dy[i]) = (double.CreateChecked(zs[start + i]), double.CreateChecked(ys[start + i]));
            total += perColumn(dz, dy);
        }
        return total;
    }

    /// <summary>W − η·G in one pass: the gradient-descent step. The result is the new parameter, so it is never pooled.</summary>
    public static Matrix<T> Descend<T>(Matrix<T> w, Matrix<T> g, T learningRate) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, next) = Linear.Fresh<T>(w.RowCount, w.ColumnCount);
        var (gs, ws) = (Linear.Entries(g), Linear.Entries(w));
        // g·(−η) + w: the negation is exact, so this is w − g·η with the same rounding.
        Lanes.Share(next.Length, (start, count) =>
            TensorPrimitives.MultiplyAdd(gs.AsSpan(start, count), -learningRate, ws.AsSpan(start, count), next.AsSpan(start, count)));
        return result;
    }

    /// <summary>c·G.</summary>
    public static Matrix<T> Scale<T>(Matrix<T> g, T c) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, scaled) = Linear.Uninitialized<T>(g.RowCount, g.ColumnCount);
        TensorPrimitives.Multiply(Linear.Entries(g), c, scaled);
        return result;
    }

    /// <summary>G + H.</summary>
    public static Matrix<T> Add<T>(Matrix<T> g, Matrix<T> h) where T : struct, IFloatingPointIeee754<T>
    {
        var (result, sum) = Linear.Uninitialized<T>(g.RowCount, g.ColumnCount);
        TensorPrimitives.Add(Linear.Entries(g), Linear.Entries(h), sum);
        return result;
    }

    /// <summary>Writes the column B into every column of the rows × n array C (the bias broadcast B·1ᵀ).</summary>
    public static void FillColumns<T>(Span<T> c, int rows, ReadOnlySpan<T> bias) where T : struct, IFloatingPointIeee754<T>
    {
        for (var start = 0; start < c.Length; start += rows) bias.CopyTo(c.Slice(start, rows));
    }

    /// <summary>Z + B·1ᵀ written into Z, which must be a matrix this library has just created and nobody else holds.</summary>
    public static Matrix<T> AddColumnInPlace<T>(Matrix<T> z, Matrix<T> bias) where T : struct, IFloatingPointIeee754<T>
    {
        var target = z.AsColumnMajorArray() ?? throw new ArgumentException("a new dense matrix was expected", nameof(z));
        ReadOnlySpan<T> b = Linear.Entries(bias);
        for (var start = 0; start < target.Length; start += z.RowCount)
            TensorPrimitives.Add(target.AsSpan(start, z.RowCount), b, target.AsSpan(start, z.RowCount));
        return z;
    }

    /// <summary>dZ·1: the sum of every row, as an n × 1 column, added column by column.</summary>
    public static Matrix<T> RowSums<T>(Matrix<T> dz) where T : struct, IFloatingPointIeee754<T>
    {
        var rows = dz.RowCount;
        var (result, sums) = Linear.Uninitialized<T>(rows, 1);
        sums.AsSpan().Clear();
        ReadOnlySpan<T> entries = Linear.Entries(dz);
        for (var start = 0; start < entries.Length; start += rows)
            TensorPrimitives.Add(sums, entries.Slice(start, rows), sums);
        return result;
    }

    /// <summary>
    /// sum₀ ← a₀ + a₁ entry by entry, where a_l = sum_l + w_l·g_l, or w_l·g_l alone when <c>withSum_l</c> is false (then
    /// sum_l is not read). Each entry is rounded exactly as Multiply, MultiplyAdd and Add in turn would round it, in one
    /// pass over memory: the last step of a gradient summed over two lanes of blocks.
    /// </summary>
    public static void AddWeightedPairs<T>(Span<T> sum0, ReadOnlySpan<T> g0, T w0, bool withSum0,
        ReadOnlySpan<T> sum1, ReadOnlySpan<T> g1, T w1, bool withSum1) where T : struct, IFloatingPointIeee754<T>
    {
        if (g0.Length != sum0.Length || sum1.Length != sum0.Length || g1.Length != sum0.Length)
            throw new ArgumentException("the gradients differ in shape");
        ref var s0 = ref MemoryMarshal.GetReference(sum0);
        ref var s1 = ref MemoryMarshal.GetReference(sum1);
        ref var h0 = ref MemoryMarshal.GetReference(g0);
        ref var h1 = ref MemoryMarshal.GetReference(g1);
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var (v0, v1) = (new Vector<T>(w0), new Vector<T>(w1));
            for (; i <= sum0.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var a0 = Vector.LoadUnsafe(ref h0, (nuint)i) * v0;
                if (withSum0) a0 += Vector.LoadUnsafe(ref s0, (nuint)i);
                var a1 = Vector.LoadUnsafe(ref h1, (nuint)i) * v1;
                if (withSum1) a1 += Vector.LoadUnsafe(ref s1, (nuint)i);
                (a0 + a1).StoreUnsafe(ref s0, (nuint)i);
            }
        }
        for (; i < sum0.Length; i++)
        {
            var a0 = Unsafe.Add(ref h0, i) * w0;
            if (withSum0) a0 += Unsafe.Add(ref s0, i);
            var a1 = Unsafe.Add(ref h1, i) * w1;
            if (withSum1) a1 += Unsafe.Add(ref s1, i);
            Unsafe.Add(ref s0, i) = a0 + a1;
        }
    }

    // ---- Vector<T> loops for the piecewise functions TensorPrimitives has no single operation for ----

    private interface IUnary<T> where T : struct, IFloatingPointIeee754<T>
    {
        T Apply(T z);
        Vector<T> Apply(Vector<T> z);
    }

    private interface IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        T Apply(T u, T v);
        Vector<T> Apply(Vector<T> u, Vector<T> v);
    }

    private interface ITernary<T> where T : struct, IFloatingPointIeee754<T>
    {
        T Apply(T u, T v, T w);
        Vector<T> Apply(Vector<T> u, Vector<T> v, Vector<T> w);
    }

    private static void Map<T, TKernel>(TKernel kernel, ReadOnlySpan<T> z, Span<T> result)
        where T : struct, IFloatingPointIeee754<T> where TKernel : struct, IUnary<T>
    {
        ref var zr = ref MemoryMarshal.GetReference(z);
        ref var rr = ref MemoryMarshal.GetReference(result);
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= result.Length - Vector<T>.Count; i += Vector<T>.Count)
                kernel.Apply(Vector.LoadUnsafe(ref zr, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        for (; i < result.Length; i++) Unsafe.Add(ref rr, i) = kernel.Apply(Unsafe.Add(ref zr, i));
    }

    // result = kernel(u, v): the three-operand loop with a third operand it does not read.
    private static void Map<T, TKernel>(TKernel kernel, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> result)
        where T : struct, IFloatingPointIeee754<T> where TKernel : struct, IBinary<T> =>
        MapInPlace(new IgnoringThird<T, TKernel>(kernel), u, v, result);

    private readonly struct IgnoringThird<T, TKernel>(TKernel kernel) : ITernary<T>
        where T : struct, IFloatingPointIeee754<T> where TKernel : struct, IBinary<T>
    {
        public T Apply(T u, T v, T unused) => kernel.Apply(u, v);
        public Vector<T> Apply(Vector<T> u, Vector<T> v, Vector<T> unused) => kernel.Apply(u, v);
    }

    private static void MapInPlace<T, TKernel>(TKernel kernel, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span<T> w)
        where T : struct, IFloatingPointIeee754<T> where TKernel : struct, ITernary<T>
    {
        // The third operand is read and overwritten in place: result = kernel(u, v, w).
        if (u.Length != w.Length || v.Length != w.Length) throw new ArgumentException("the matrices differ in shape");
        ref var ur = ref MemoryMarshal.GetReference(u);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var wr = ref MemoryMarshal.GetReference(w);
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
                kernel.Apply(Vector.LoadUnsafe(ref ur, (nuint)i), Vector.LoadUnsafe(ref vr, (nuint)i), Vector.LoadUnsafe(ref wr, (nuint)i))
                    .StoreUnsafe(ref wr, (nuint)i);
        for (; i < w.Length; i++) Unsafe.Add(ref wr, i) = kernel.Apply(Unsafe.Add(ref ur, i), Unsafe.Add(ref vr, i), Unsafe.Add(ref wr, i));
    }

    // step(z) = 1 if z ≥ 0 else 0
    private readonly struct StepKernel<T> : IUnary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z) => z >= T.Zero ? T.One : T.Zero;
        public Vector<T> Apply(Vector<T> z) => Vector.ConditionalSelect(Vector.GreaterThanOrEqual(z, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
    }

    // relu(z) = z if z > 0 else 0
    private readonly struct ReLUKernel<T> : IUnary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z) => z > T.Zero ? z : T.Zero;
        public Vector<T> Apply(Vector<T> z) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), z, Vector<T>.Zero);
    }

    // leaky(z) = z if z > 0 else slope·z
    private readonly struct LeakyReLUKernel<T>(T slope) : IUnary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z) => z > T.Zero ? z : slope * z;
        public Vector<T> Apply(Vector<T> z) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), z, z * slope);
    }

    // elu(z) = z if z > 0 else α(e^z − 1), with e^z already in the third operand
    private readonly struct ELUKernel<T>(T alpha) : ITernary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z, T unused, T exp) => z > T.Zero ? z : alpha * (exp - T.One);
        public Vector<T> Apply(Vector<T> z, Vector<T> unused, Vector<T> exp) =>
            Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), z, (exp - Vector<T>.One) * alpha);
    }

    // dA·σ′ = dA·a(1 − a)
    private readonly struct SigmoidBackwardKernel<T> : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T a, T da) => da * (a * (T.One - a));
        public Vector<T> Apply(Vector<T> a, Vector<T> da) => da * (a * (Vector<T>.One - a));
    }

    // dA·tanh′ = dA·(1 − a²)
    private readonly struct TanhBackwardKernel<T> : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T a, T da) => da * (T.One - a * a);
        public Vector<T> Apply(Vector<T> a, Vector<T> da) => da * (Vector<T>.One - a * a);
    }

    // dA·relu′ = dA where z > 0, else 0
    private readonly struct ReLUBackwardKernel<T> : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z, T da) => z > T.Zero ? da : T.Zero;
        public Vector<T> Apply(Vector<T> z, Vector<T> da) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), da, Vector<T>.Zero);
    }

    // dA·leaky′ = dA where z > 0, else slope·dA
    private readonly struct LeakyReLUBackwardKernel<T>(T slope) : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z, T da) => z > T.Zero ? da : slope * da;
        public Vector<T> Apply(Vector<T> z, Vector<T> da) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), da, da * slope);
    }

    // dA·elu′ = dA where z > 0, else the precomputed dA·(a + α) in the third operand
    private readonly struct ELUBackwardKernel<T> : ITernary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T z, T da, T below) => z > T.Zero ? da : below;
        public Vector<T> Apply(Vector<T> z, Vector<T> da, Vector<T> below) => Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), da, below);
    }

    // (a − y)/(a(1 − a))
    private readonly struct BinaryCrossEntropyKernel<T> : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T a, T y) => (a - y) / (a * (T.One - a));
        public Vector<T> Apply(Vector<T> a, Vector<T> y) => (a - y) / (a * (Vector<T>.One - a));
    }

    // −y/a, and 0 where y = 0
    private readonly struct CrossEntropyKernel<T> : IBinary<T> where T : struct, IFloatingPointIeee754<T>
    {
        public T Apply(T a, T y) => y == T.Zero ? T.Zero : -y / a;
        public Vector<T> Apply(Vector<T> a, Vector<T> y) => Vector.ConditionalSelect(Vector.Equals(y, Vector<T>.Zero), Vector<T>.Zero, -y / a);
    }
}
