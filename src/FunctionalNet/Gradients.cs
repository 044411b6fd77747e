namespace FunctionalNet;

/// <summary>
/// ∂C/∂θ for every parameter θ of a network, shaped exactly as <see cref="Network{T}.Parameters"/>:
/// one sequence per layer, in the layer's parameter order (W then b for a dense layer).
/// </summary>
public sealed record Gradients<T>(Seq<Seq<Matrix<T>>> Layers) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Every gradient multiplied by c.</summary>
    public Gradients<T> Scale(T c) => new(Layers.Map(l => l.Map(g => Numerics.Elementwise.Scale(g, c))));

    /// <summary>Zeros shaped like the network's parameters: the starting point of an optimizer's running averages.</summary>
    public static Gradients<T> ZerosLike(Network<T> network) =>
        new(network.Parameters.Map(layer => layer.Map(p => Matrix<T>.Build.Dense(p.RowCount, p.ColumnCount)).Strict()).Strict());

    /// <summary>The unit vector along one entry: 1 at parameter <paramref name="parameter"/>[row, column] of layer <paramref name="layer"/>, 0 elsewhere.</summary>
    public static Gradients<T> Unit(Network<T> network, int layer, int parameter, int row, int column)
    {
        var zeros = ZerosLike(network);
        var one = zeros.Layers[layer][parameter].Clone();
        one[row, column] = T.One;
        return new(toSeq(zeros.Layers.Select((layerGradients, l) => l != layer ? layerGradients
            : toSeq(layerGradients.Select((g, p) => p == parameter ? one : g)).Strict())).Strict());
    }

    /// <summary>f applied to the matching matrices of two gradients of the same shape.</summary>
    public Gradients<T> Zip(Gradients<T> other, Func<Matrix<T>, Matrix<T>, Matrix<T>> f) =>
        new(Layers.Zip(other.Layers).Map(l => l.Item1.Zip(l.Item2).Map(g => f(g.Item1, g.Item2)).Strict()).Strict());

    /// <summary>The entry-wise sum of two gradients of the same shape.</summary>
    public Gradients<T> Add(Gradients<T> other) =>
        new(Layers.Zip(other.Layers).Map(l => l.Item1.Zip(l.Item2).Map(g => Numerics.Elementwise.Add(g.Item1, g.Item2))));
}
