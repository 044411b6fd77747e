namespace FunctionalNet;

/// <summary>The shape of a layer before it has values: what an initializer fills in.</summary>
public abstract record LayerSpec
{
    private LayerSpec() { }

    /// <summary>A dense layer of <paramref name="Outputs"/> neurons on <paramref name="Inputs"/> inputs.</summary>
    public sealed record Dense(int Inputs, int Outputs, Activation Activation, bool Bias = true) : LayerSpec;

    /// <summary>A maxout layer with <paramref name="Pieces"/> linear pieces per neuron.</summary>
    public sealed record Maxout(int Inputs, int Outputs, int Pieces) : LayerSpec;

    /// <summary>Input and output sizes.</summary>
    public (int Inputs, int Outputs) Size => this switch
    {
        Dense d => (d.Inputs, d.Outputs),
        Maxout m => (m.Inputs, m.Outputs),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Dense layers for sizes such as [784, 16, 16, 10]: <paramref name="hidden"/> on every layer but the last,
    /// <paramref name="output"/> on the last.
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
