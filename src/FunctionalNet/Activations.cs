namespace FunctionalNet;

/// <summary>
/// Each activation's value f(z) and, on the next line, its derivative f′(z); then the same lifted to matrices.
/// </summary>
public static class Activations
{
    /// <summary>f(z) for an element-wise activation.</summary>
    public static T Value<T>(Activation f, T z) where T : struct, IFloatingPointIeee754<T> => f switch
    {
        Activation.Step => z >= T.Zero ? T.One : T.Zero,
        Activation.Sigmoid => T.One / (T.One + T.Exp(-z)),
        Activation.Tanh => T.Tanh(z),
        Activation.ReLU => z > T.Zero ? z : T.Zero,
        Activation.LeakyReLU l => z > T.Zero ? z : T.CreateChecked(l.Slope) * z,
        Activation.ELU e => z > T.Zero ? z : T.CreateChecked(e.Alpha) * (T.Exp(z) - T.One),
        Activation.Identity => z,
        Activation.Softmax => throw new ArgumentException("softmax is not element-wise; use Activations.Apply on a matrix"),
        _ => throw new UnreachableException(),
    };

    /// <summary>f′(z) for an element-wise activation; at a kink (z = 0) it takes the left branch, as the lecture's NumPy <c>Z &gt; 0</c>.</summary>
    public static T Derivative<T>(Activation f, T z) where T : struct, IFloatingPointIeee754<T> => f switch
    {
        Activation.Step => T.Zero,
        Activation.Sigmoid => Sigma(z) * (T.One - Sigma(z)),   // σ′ = σ(1 − σ)
        Activation.Tanh => T.One - T.Tanh(z) * T.Tanh(z),        // tanh′ = 1 − tanh²
        Activation.ReLU => z > T.Zero ? T.One : T.Zero,
        Activation.LeakyReLU l => z > T.Zero ? T.One : T.CreateChecked(l.Slope),
        Activation.ELU e => z > T.Zero ? T.One : T.CreateChecked(e.Alpha) * T.Exp(z),
        Activation.Identity => T.One,
        Activation.Softmax => throw new ArgumentException("softmax has a Jacobian, not a derivative; use Activations.Backward"),
        _ => throw new UnreachableException(),
    };

    private static T Sigma<T>(T z) where T : struct, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-z));

    /// <summary>A = f(Z); softmax acts on each column (one example), shifted by its maximum so e^z never overflows.</summary>
    public static Matrix<T> Apply<T>(Activation f, Matrix<T> z) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Elementwise.Activate(f, z);   // entry by entry as Value above, in SIMD kernels

    /// <summary>
    /// dZ = ∂C/∂Z from dA = ∂C/∂A: dA ∘ f′(Z) for element-wise f; for softmax the Jacobian-vector product
    /// dZ = A ∘ (dA − 1·(Aᵀ dA)) per column, since ∂a_i/∂z_j = a_i(δ_ij − a_j).
    /// </summary>
    public static Matrix<T> Backward<T>(Activation f, Matrix<T> z, Matrix<T> a, Matrix<T> da)
        where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Elementwise.ActivationBackward(f, z, a, da);   // dA ∘ f′ as Derivative above, with σ′ and tanh′ read from A
}
