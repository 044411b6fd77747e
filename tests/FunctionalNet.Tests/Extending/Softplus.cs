namespace FunctionalNet.Tests.Extending;

/// <summary>
/// An activation the library does not ship, written as a user writes one in their own assembly: softplus
/// f(z) = log(1 + e^z), and beside it its derivative f′(z) = e^z / (1 + e^z) = σ(z). The library has no kernel for it,
/// so layers take its default path: A = f(Z) and dZ = dA ∘ f′(Z), entry by entry.
/// </summary>
internal sealed record Softplus : Activation
{
    /// <inheritdoc />
    public override string Name => "softplus";

    /// <inheritdoc />
    public override T Value<T>(T z) => T.Log(T.One + T.Exp(z));

    /// <inheritdoc />
    public override T Derivative<T>(T z, T a) => T.One / (T.One + T.Exp(-z));   // d/dz log(1 + e^z) = e^z / (1 + e^z) = σ(z)
}
