namespace FunctionalNet;

/// <summary>
/// Activations lifted to matrices, as layers use them: the built-ins run in SIMD kernels that compute what their
/// <see cref="Activation.Value{T}"/> and <see cref="Activation.Derivative{T}"/> say; any other activation takes its
/// own <see cref="Activation.Apply{T}"/> and <see cref="Activation.Backward{T}"/>.
/// </summary>
public static class Activations
{
    /// <summary>f(z) for an element-wise activation.</summary>
    public static T Value<T>(Activation f, T z) where T : struct, IFloatingPointIeee754<T> => f.Value(z);

    /// <summary>f′(z) for an element-wise activation; at a kink (z = 0) the built-ins take the left branch, as the lecture's NumPy <c>Z &gt; 0</c>.</summary>
    public static T Derivative<T>(Activation f, T z) where T : struct, IFloatingPointIeee754<T> => f.Derivative(z, f.Value(z));

    /// <summary>A = f(Z); softmax acts on each column (one example).</summary>
    public static Matrix<T> Apply<T>(Activation f, Matrix<T> z) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Elementwise.Activate(f, z);

    /// <summary>
    /// dZ = ∂C/∂Z from dA = ∂C/∂A: dA ∘ f′(Z) for element-wise f; for softmax the Jacobian-vector product
    /// dZ = A ∘ (dA − 1·(Aᵀ dA)) per column.
    /// </summary>
    public static Matrix<T> Backward<T>(Activation f, Matrix<T> z, Matrix<T> a, Matrix<T> da) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Elementwise.ActivationBackward(f, z, a, da);
}
