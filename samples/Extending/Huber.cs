using System.Numerics;
using FunctionalNet;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Extending;

/// <summary>
/// The Huber loss (Huber 1964) with threshold δ: quadratic near the target and linear beyond δ, so an outlier pulls
/// with a force of at most δ instead of its whole residual. With r = a − y,
/// ℓ(a, y) = ½·r² where |r| ≤ δ, δ·(|r| − ½·δ) beyond; ∂ℓ/∂a = r where |r| ≤ δ, δ·sign(r) beyond.
/// The two pieces meet with equal value and slope at |r| = δ. Mean over the examples (the base's
/// <see cref="Loss.Reduction"/>): C = (1/m)·Σ ℓ, and the core puts the 1/m into the output delta.
/// </summary>
/// <param name="Delta">δ &gt; 0: where the quadratic gives way to the line.</param>
public sealed record Huber(double Delta = 1.0) : Loss
{
    /// <inheritdoc />
    public override string Name => "huber";

    /// <summary>ℓ(a, y): ½·r² or δ·(|r| − ½·δ).</summary>
    public override double Value(double a, double y)
    {
        var r = a - y;
        return Math.Abs(r) <= Delta ? 0.5 * r * r : Delta * (Math.Abs(r) - 0.5 * Delta);
    }

    /// <summary>∂ℓ/∂a: r, or δ·sign(r).</summary>
    public override T Derivative<T>(T a, T y)
    {
        var (r, delta) = (a - y, T.CreateChecked(Delta));
        return T.Abs(r) <= delta ? r : T.CopySign(delta, r);
    }

    /// <summary>δ, stored in model files beside the name.</summary>
    public override double? Parameter => Delta;

    /// <summary>δ must be a positive finite number.</summary>
    public override Fin<Unit> Validate() =>
        Delta > 0 && double.IsFinite(Delta) ? unit : Error.New($"the huber loss's δ must be a finite number > 0 (got {Delta})");
}
