namespace FunctionalNet;

/// <summary>
/// ∂C/∂θ for every parameter θ of a network, shaped exactly as <see cref="Network{T}.Parameters"/>:
/// one sequence per layer, in the layer's parameter order (W then b for a dense layer).
/// </summary>
public sealed record Gradients<T>(Seq<Seq<Matrix<T>>> Layers) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Every gradient multiplied by c.</summary>
    public Gradients<T> Scale(T c) => new(Layers.Map(l => l.Map(g => Numerics.Elementwise.Scale(g, c))));

    /// <summary>The entry-wise sum of two gradients of the same shape.</summary>
    public Gradients<T> Add(Gradients<T> other) =>
        new(Layers.Zip(other.Layers).Map(l => l.Item1.Zip(l.Item2).Map(g => Numerics.Elementwise.Add(g.Item1, g.Item2))));
}
