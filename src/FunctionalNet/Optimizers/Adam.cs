namespace FunctionalNet;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1). With t the update number (from 1):
/// m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g∘g, m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ),
/// w ← w − η·m̂ / (√v̂ + ε). The corrections undo the pull of m and v towards their zero start.
/// </summary>
public static class Adam
{
    /// <summary>One update: the new moments, and the network one step along m̂ / (√v̂ + ε).</summary>
    public static (OptimizerState<T> State, Network<T> Network) Update<T>(
        Optimizer.Adam optimizer, OptimizerState<T>.Moments state, Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (next, direction) = Direction(optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon, state, gradients);
        return (next, GradientDescent.Update(network, direction, learningRate));
    }

    /// <summary>The new moments and the direction d = m̂ / (√v̂ + ε), shared with <see cref="AdamW"/>.</summary>
    public static (OptimizerState<T>.Moments State, Gradients<T> Direction) Direction<T>(
        double beta1, double beta2, double epsilon, OptimizerState<T>.Moments state, Gradients<T> gradients)
        where T : struct, IFloatingPointIeee754<T>
    {
        var t = state.Step + 1;
        var (b1, b2, eps) = (T.CreateChecked(beta1), T.CreateChecked(beta2), T.CreateChecked(epsilon));
        // Entry by entry: m, v and the direction are one pass each.
        var first = state.First.Zip(gradients, (m, g) => Numerics.Entrywise.Map2(m, g, (mi, gi) => b1 * mi + (T.One - b1) * gi));
        var second = state.Second.Zip(gradients, (v, g) => Numerics.Entrywise.Map2(v, g, (vi, gi) => b2 * vi + (T.One - b2) * gi * gi));
        // The corrections in double, then rounded once: 1 − β^t is the part of the running mean that is not its zero start.
        var correction1 = T.CreateChecked(1 - Numerics.Arithmetic.Current.Pow(beta1, t));
        var correction2 = T.CreateChecked(1 - Numerics.Arithmetic.Current.Pow(beta2, t));
        var direction = first.Zip(second, (m, v) => Numerics.Entrywise.Map2(m, v, (mi, vi) => mi / correction1 / (T.Sqrt(vi / correction2) + eps)));
        return (new OptimizerState<T>.Moments(t, first, second), direction);
    }
}
