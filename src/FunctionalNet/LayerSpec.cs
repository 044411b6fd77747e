namespace FunctionalNet;

/// <summary>
/// The shape of a layer before it has values: what an initializer fills in (stax's <c>init_fun</c>). Open for
/// extension: a user layer comes with a spec that draws its parameters from the seed it is given.
/// </summary>
public abstract record LayerSpec
{
    /// <summary>For subclasses: a spec is a value (a record).</summary>
    protected LayerSpec() { }

    /// <summary>Input and output sizes.</summary>
    public abstract (int Inputs, int Outputs) Size { get; }

    /// <summary>The trainable scalars the layer will have (a double, so that an absurd request cannot overflow the count).</summary>
    public abstract double ParameterCount { get; }

    /// <summary>
    /// The layer with its first parameters, drawn by <paramref name="initializer"/> from the streams
    /// (seed, <paramref name="layer"/>, parameter index) — <see cref="Initialization.Draw{T}"/> draws one matrix.
    /// </summary>
    public abstract Layer<T> Create<T>(Initializer initializer, int seed, int layer) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>A dense layer of <paramref name="Outputs"/> neurons on <paramref name="Inputs"/> inputs.</summary>
    public sealed record Dense(int Inputs, int Outputs, Activation Activation, bool Bias = true) : LayerSpec
    {
        /// <inheritdoc />
        public override (int Inputs, int Outputs) Size => (Inputs, Outputs);

        /// <inheritdoc />
        public override double ParameterCount => (double)Inputs * Outputs + (Bias ? Outputs : 0);

        /// <inheritdoc />
        public override Layer<T> Create<T>(Initializer initializer, int seed, int layer) => new DenseLayer<T>(
            Initialization.Draw<T>(initializer, Outputs, Inputs, isBias: false, seed, layer, 0),
            Bias ? Some(Initialization.Draw<T>(initializer, Outputs, 1, isBias: true, seed, layer, 1)) : None,
            Activation);
    }

    /// <summary>A maxout layer with <paramref name="Pieces"/> linear pieces per neuron.</summary>
    public sealed record Maxout(int Inputs, int Outputs, int Pieces) : LayerSpec
    {
        /// <inheritdoc />
        public override (int Inputs, int Outputs) Size => (Inputs, Outputs);

        /// <inheritdoc />
        public override double ParameterCount => (double)Pieces * ((double)Inputs * Outputs + Outputs);

        /// <inheritdoc />
        public override Layer<T> Create<T>(Initializer initializer, int seed, int layer) => new MaxoutLayer<T>(
            toSeq(Enumerable.Range(0, Pieces).Select(p => Initialization.Draw<T>(initializer, Outputs, Inputs, false, seed, layer, 2 * p))).Strict(),
            toSeq(Enumerable.Range(0, Pieces).Select(p => Initialization.Draw<T>(initializer, Outputs, 1, true, seed, layer, 2 * p + 1))).Strict());
    }

    /// <summary>
    /// Dense layers for sizes such as [784, 16, 16, 10]: <paramref name="hidden"/> on every layer but the last,
    /// <paramref name="output"/> on the last. The specs are shapes only: whether their matrices fit is judged where
    /// they are filled (<see cref="Initialization.Create{T}"/>, <see cref="Limits.Layers"/>), after any memory estimate.
    /// </summary>
    public static Fin<Seq<LayerSpec>> Stack(IReadOnlyList<int> sizes, Activation hidden, Activation output, bool bias = true)
    {
        if (sizes.Count < 2) return Error.New("a network needs at least two sizes: inputs and outputs (e.g. 784,16,16,10)");
        if (sizes.Any(s => s < 1)) return Error.New($"every layer size must be at least 1 (got {string.Join(",", sizes)})");
        return toSeq(Enumerable.Range(1, sizes.Count - 1).Select(l =>
            (LayerSpec)new Dense(sizes[l - 1], sizes[l], l == sizes.Count - 1 ? output : hidden, bias))).Strict();
    }

    /// <summary>The same layers with every hidden (not last) layer replaced by a maxout layer of the same sizes and k pieces.</summary>
    public static Seq<LayerSpec> MaxoutHidden(Seq<LayerSpec> layers, int pieces) =>
        layers.Init.Map(l => (LayerSpec)new Maxout(l.Size.Inputs, l.Size.Outputs, pieces)).Add(layers.Last).Strict();
}
