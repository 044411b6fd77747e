using System.Runtime.CompilerServices;

namespace FunctionalNet.Numerics;

/// <summary>
/// How the mathematics runs, behind one door: which backend computes the products, whether a batch's column blocks
/// run in two lanes side by side, how a step reuses its temporary arrays, and when a mostly-zero X is read on its
/// nonzero entries. The concept files say what is computed (<see cref="Backpropagation"/> on one block of examples);
/// the executor decides how. It is chosen by the caller: the shell builds one from its environment and makes it the
/// <see cref="Default"/>, a test or library user may <see cref="Use"/> another for a scope; the core itself reads no
/// environment. Results depend on the backend's rounding, never on the lanes or the machine: blocks are fixed by
/// shapes alone.
/// </summary>
public sealed class Executor
{
    [ThreadStatic] private static Executor? scoped;
    private static Executor? chosen;

    // The sparse form of each X this executor has been asked about, found once and kept while X lives.
    private readonly ConditionalWeakTable<object, object> sparseInputs = new();

    private Executor(Backend backend, Option<OpenBlas> blas, bool sideBySide, Arithmetic arithmetic) =>
        (Backend, Blas, SideBySide, Arithmetic) = (backend, blas, sideBySide, arithmetic);

    /// <summary>Which code computes the products.</summary>
    public Backend Backend { get; }

    /// <summary>
    /// The elementary functions and sums outside the products: <see cref="Arithmetic.Portable"/> for the portable backend,
    /// whose results are the same bits on every machine, else <see cref="Arithmetic.Platform"/>.
    /// </summary>
    public Arithmetic Arithmetic { get; }

    /// <summary>True when the products are the portable ones (<see cref="PortableProducts"/>, <see cref="SparseProducts"/>'s portable kernel).</summary>
    internal bool Portable => Arithmetic.IsPortable;

    /// <summary>The OpenBLAS library, when the backend is OpenBLAS.</summary>
    internal Option<OpenBlas> Blas { get; }

    /// <summary>
    /// True when lane 1 runs beside lane 0: there are two cores or more, and each product runs on one (OpenBLAS's own
    /// threads busy-wait, and two lanes of two threads each on two cores would take turns instead of working).
    /// </summary>
    public bool SideBySide { get; }

    /// <summary>
    /// The executor for a backend named <paramref name="backend"/> (<c>managed</c>, <c>portable</c>, or <c>openblas</c> / null
    /// for OpenBLAS when the system library loads, else managed with the reason), OpenBLAS with
    /// <paramref name="blasThreads"/> threads per product, on a machine of <paramref name="processors"/> processors.
    /// <paramref name="askedBy"/> says who asked for the managed backend, for <see cref="Backend.Detail"/>.
    /// </summary>
    public static Executor Choose(string? backend, int blasThreads, int processors, string askedBy = "the caller") =>
        Choose(backend, () => OpenBlas.Load(OpenBlas.LibraryNames), blasThreads, processors, askedBy);

    /// <summary>As <see cref="Choose(string?, int, int, string)"/>, loading OpenBLAS with <paramref name="load"/> (tests give a missing library).</summary>
    internal static Executor Choose(string? backend, Func<Option<OpenBlas>> load, int blasThreads, int processors, string askedBy = "the caller")
    {
        if (string.Equals(backend?.Trim(), "managed", StringComparison.OrdinalIgnoreCase))
            return Managed($"asked for by {askedBy}", processors);
        if (string.Equals(backend?.Trim(), "portable", StringComparison.OrdinalIgnoreCase))
            return PortableExecutor(processors);
        return load().Match(
            blas =>
            {
                blas.SetThreads(Math.Max(1, blasThreads));
                return new Executor(new Backend("openblas", blas.Threads, blas.CoreName), Some(blas), processors > 1 && blas.Threads == 1, Arithmetic.Platform);
            },
            () => Managed($"{OpenBlas.LibraryNames[0]} could not be loaded", processors));
    }

    private static Executor Managed(string reason, int processors) =>
        new(new Backend("managed", MathNet.Numerics.Control.MaxDegreeOfParallelism, reason), None, processors > 1, Arithmetic.Platform);

    // One thread per product, lanes side by side on two cores or more: the lanes' work is fixed by shapes, so the bits are too.
    private static Executor PortableExecutor(int processors) =>
        new(new Backend("portable", 1, $"the same bits on every machine: fixed-order products with fused multiply-add, here {VectorWidth()}"),
            None, processors > 1, Arithmetic.Portable);

    // The widest vectors the portable products run on here (they give the same bits on any), as they choose them.
    private static string VectorWidth() =>
        Width512<double>.IsAccelerated ? "on 512-bit vectors"
        : Width256<double>.IsAccelerated ? "on 256-bit vectors"
        : Width128<double>.IsAccelerated ? "on 128-bit vectors" : "without SIMD";

    /// <summary>
    /// The executor used where no scope chose another: set once by the host at start-up (the shell, from
    /// <c>FUNCTIONALNET_BACKEND</c> and the processor count), else OpenBLAS with one thread per product when it loads,
    /// with two lanes.
    /// </summary>
    public static Executor Default
    {
        get => Volatile.Read(ref chosen) ?? Interlocked.CompareExchange(ref chosen, Choose(null, 1, 2), null) ?? chosen;
        set => Volatile.Write(ref chosen, value);
    }

    /// <summary>The executor in effect on this thread: the innermost <see cref="Use"/>, else <see cref="Default"/>.</summary>
    public static Executor Current => scoped ?? Default;

    /// <summary>Makes this executor <see cref="Current"/> on this thread until the scope is disposed.</summary>
    public Scope Use()
    {
        var previous = scoped;
        scoped = this;
        return new Scope(previous);
    }

    /// <summary>Ends a <see cref="Use"/> scope when disposed.</summary>
    public readonly struct Scope(Executor? previous) : IDisposable
    {
        /// <summary>Restores the executor that was in effect before the scope.</summary>
        public void Dispose() => scoped = previous;
    }

    /// <summary>
    /// Runs one training step whose temporaries (Z, A, dZ, gradients, batch copies) are reused by the next step: the
    /// step must return only new parameters and numbers, never a temporary.
    /// </summary>
    public R Step<R>(Func<R> step)
    {
        using var use = Use();
        using var workspace = Workspace.Enter();
        return step();
    }

    /// <summary>
    /// The loss and gradient of the examples <paramref name="columns"/> of <paramref name="set"/> (all of them, in
    /// order, when None), dropout masks as given: <see cref="Backpropagation.Run{T}"/> on each column block, summed.
    /// Examples flow through the network independently and the gradient of a sum is the sum of the gradients, so a
    /// batch is taken in cache-sized blocks of columns (a mean weighs each block by its share), each with its columns
    /// of Y and of the masks, and a batch heavy enough to keep two cores busy is split in two at least. The widths
    /// depend on shapes alone, never on the machine. A mostly-zero X is read on its nonzero entries when the first
    /// layer takes it (<see cref="TakesSparseInput{T}"/>).
    /// </summary>
    public (Gradients<T> Gradients, double Loss) Gradient<T>(Network<T> network, Loss loss, LabelledSet<T> set, Option<int[]> columns,
        DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        using var use = Use();
        var examples = columns.Match(c => c.Length, () => set.X.ColumnCount);
        var sparse = TakesSparseInput(network, masks) ? SparseInput(set) : None;
        var width = ColumnBlocks.Width<T>(set.X.RowCount, examples, ColumnBlocks.ProductFlopsPerExample(network.ParameterCount));
        return ColumnBlocks.Sum(network.Parameters.Strict(), examples, width, loss.Reduction == Reduction.Mean, (start, count) =>
        {
            var whole = count == examples;
            var blockMasks = whole ? masks : Dropout.Columns(masks, start, count);
            // A mini-batch's columns are copied here, once, by the lane that uses them; a full batch uses X itself.
            Matrix<T> Dense(Matrix<T> m) => columns.Match(
                c => Linear.Columns(m, new ArraySegment<int>(c, start, count)),
                () => whole ? m : Linear.ColumnRange(m, start, count));
            return sparse.Match(
                x => SparseBlock(network, loss, columns.Match(
                        c => x.SelectColumns(new ArraySegment<int>(c, start, count)),
                        () => whole ? x : x.ColumnRange(start, count)), Dense(set.Y), blockMasks),
                () => Backpropagation.Run(network, loss, Dense(set.X), Dense(set.Y), blockMasks).WithoutInputGradient);
        });
    }

    /// <summary>
    /// A_L for the columns start … start + count − 1 of the set (no dropout: the network as it predicts), reading a
    /// mostly-zero X on its nonzero entries when the first layer takes it, as in training (the same up to rounding).
    /// </summary>
    public Matrix<T> Predict<T>(Network<T> network, LabelledSet<T> set, int start, int count) where T : struct, IFloatingPointIeee754<T> =>
        PredictTrace(network, set, start, count).A;

    /// <summary>As <see cref="Predict{T}"/>, with the last layer's Z_L beside A_L (for a loss computed from Z_L).</summary>
    public LayerTrace<T> PredictTrace<T>(Network<T> network, LabelledSet<T> set, int start, int count) where T : struct, IFloatingPointIeee754<T>
    {
        using var use = Use();
        var whole = count == set.X.ColumnCount;
        return (TakesSparseInput(network, Dropout.None(network)) ? SparseInput(set) : None).Match(
            x => network.Layers.Tail.Fold(SparseForward((DenseLayer<T>)network.Layers.Head, x.ColumnRange(start, count)),
                (trace, layer) => layer.Forward(trace.A)),
            () => Network.OutputTrace(network, whole ? set.X : set.X.SubMatrix(0, set.X.RowCount, start, count)));
    }

    /// <summary>True when a sparse X can make this network's pass faster: its first layer is dense and its input is not dropped out.</summary>
    public static bool TakesSparseInput<T>(Network<T> network, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T> =>
        network.Layers.Head is DenseLayer<T> && masks.Masks.Head.IsNone;

    /// <summary>
    /// X's nonzero entries when the set allows it (<see cref="LabelledSet{T}.SparseInput"/>) and X is mostly zeros (at
    /// most <see cref="SparseColumns.MaximumDensity"/> of it nonzero, as MNIST's pixels), else None. Found when first
    /// asked for, and kept with X.
    /// </summary>
    public Option<SparseColumns<T>> SparseInput<T>(LabelledSet<T> set) where T : struct, IFloatingPointIeee754<T> =>
        set.SparseInput ? (Option<SparseColumns<T>>)sparseInputs.GetValue(set.X, x => SparseColumns.IfSparse((Matrix<T>)x)) : None;

    // The chain rule across the first layer: the rest of the network is backpropagated from A_1 = f(W_1·X + B_1) as
    // its input, and its ∂C/∂A_1 gives dZ_1 = (∂C/∂A_1 ∘ M_2) ∘ f′(Z_1) and ∂C/∂W_1 = dZ_1·Xᵀ, with X sparse.
    private static (Gradients<T> Gradients, double Loss) SparseBlock<T>(Network<T> network, Loss loss, SparseColumns<T> x, Matrix<T> y,
        DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        var first = (DenseLayer<T>)network.Layers.Head;
        var head = SparseForward(first, x);
        if (network.Layers.Count == 1)
        {
            var delta = Losses.OutputDelta(loss, first.Activation, head.Z, head.A, y);
            return (new Gradients<T>(Seq1(first.WithBiasGradient(SparseProducts.TimesTransposed(delta, x), delta))), first.OutputLoss(loss, head, y));
        }
        var rest = Backpropagation.Run(new Network<T>(network.Layers.Tail), loss, head.A, y, new DropoutMasks<T>(masks.Masks.Tail), inputGradient: true);
        var dz = Activations.Backward(first.Activation, head.Z, head.A, Dropout.Backward(masks, 1, rest.InputGradient.IfNone(() => throw new UnreachableException())));
        return (new Gradients<T>(first.WithBiasGradient(SparseProducts.TimesTransposed(dz, x), dz).Cons(rest.Gradients.Layers)), rest.Loss);
    }

    // Z = W·X + B, A = f(Z) for an X kept as its nonzero entries.
    private static LayerTrace<T> SparseForward<T>(DenseLayer<T> layer, SparseColumns<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var z = SparseProducts.Affine(layer.Weights, x, layer.Bias);
        return new LayerTrace<T>(z, Activations.Apply(layer.Activation, z));
    }
}
