using System.Numerics;
using FunctionalNet;

namespace Extending;

/// <summary>
/// GELU (Hendrycks and Gimpel 2016), f(z) = z·Φ(z) with Φ the standard normal CDF, in its tanh approximation, the
/// form BERT and GPT-2 use: f(z) ≈ ½·z·(1 + tanh u), u = √(2/π)·(z + 0.044715·z³). The approximation rather than the
/// exact ½·z·(1 + erf(z/√2)) because .NET's generic math (<see cref="IFloatingPointIeee754{TSelf}"/>) has no erf: this
/// form is written once for float and double. It differs from the exact GELU by less than 5·10⁻⁴; f′ below is the
/// derivative of the approximation itself, so the gradient check holds it to round-off.
/// Smooth everywhere: no kink, so <see cref="Activation.HasKink"/> stays false.
/// </summary>
public sealed record Gelu : Activation
{
    private const double SqrtTwoOverPi = 0.7978845608028654;   // √(2/π)
    private const double Cubic = 0.044715;

    /// <inheritdoc />
    public override string Name => "gelu";

    /// <summary>f(z) = ½·z·(1 + tanh u).</summary>
    public override T Value<T>(T z) => Half<T>() * z * (T.One + T.Tanh(U(z)));

    /// <summary>f′(z) = ½·(1 + tanh u) + ½·z·(1 − tanh² u)·u′, with u′ = √(2/π)·(1 + 3·0.044715·z²).</summary>
    public override T Derivative<T>(T z, T a)
    {
        var t = T.Tanh(U(z));
        var du = T.CreateChecked(SqrtTwoOverPi) * (T.One + T.CreateChecked(3 * Cubic) * z * z);
        return Half<T>() * (T.One + t) + Half<T>() * z * (T.One - t * t) * du;
    }

    // u = √(2/π)·(z + 0.044715·z³)
    private static T U<T>(T z) where T : struct, IFloatingPointIeee754<T> =>
        T.CreateChecked(SqrtTwoOverPi) * (z + T.CreateChecked(Cubic) * z * z * z);

    private static T Half<T>() where T : struct, IFloatingPointIeee754<T> => T.CreateChecked(0.5);
}
