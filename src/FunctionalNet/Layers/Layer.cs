namespace FunctionalNet;

/// <summary>
/// One layer of a network: parameters and a way to turn the previous layer's output into its own.
/// A closed union (<see cref="DenseLayer{T}"/>, <see cref="MaxoutLayer{T}"/>); the functions live in
/// <see cref="Layers"/>. Matrices held here are never mutated by the library.
/// </summary>
public abstract record Layer<T> where T : struct, IFloatingPointIeee754<T>
{
    private protected Layer() { }

    /// <summary>Number of inputs (rows of the previous layer's output).</summary>
    public abstract int Inputs { get; }

    /// <summary>Number of outputs (neurons).</summary>
    public abstract int Outputs { get; }

    /// <summary>The trainable matrices in a fixed order; gradients and optimizer state use the same order.</summary>
    public abstract Seq<Matrix<T>> Parameters { get; }

    /// <summary>The names of <see cref="Parameters"/> within the layer, e.g. <c>W</c> and <c>b</c>.</summary>
    public abstract Seq<string> ParameterNames { get; }

    /// <summary>The same layer with new parameter values, given in the order of <see cref="Parameters"/>.</summary>
    public abstract Layer<T> WithParameters(Seq<Matrix<T>> parameters);
}

/// <summary>What a layer computed on one batch: its pre-activation Z and its output A.</summary>
/// <param name="Z">Pre-activation, outputs × examples (for maxout: the k pieces stacked, k·outputs × examples).</param>
/// <param name="A">Output, outputs × examples.</param>
public sealed record LayerTrace<T>(Matrix<T> Z, Matrix<T> A) where T : struct, IFloatingPointIeee754<T>;
