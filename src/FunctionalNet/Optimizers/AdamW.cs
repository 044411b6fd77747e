namespace FunctionalNet;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019): Adam's direction plus decoupled weight decay,
/// w ← w − η·(m̂ / (√v̂ + ε) + λ·w) for weights, w ← w − η·m̂ / (√v̂ + ε) for biases.
/// L2 regularization instead adds λ·w to g <em>before</em> Adam, where the division by √v̂ shrinks the decay of
/// exactly the weights with large gradients; decoupled decay shrinks every weight by the same factor η·λ.
/// </summary>
public static class AdamW
{
    /// <summary>One update: Adam's moments, then a step along Adam's direction plus λ·w.</summary>
    public static (OptimizerState<T> State, Network<T> Network) Update<T>(
        Optimizer.AdamW optimizer, OptimizerState<T>.Moments state, Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (next, direction) = Adam.Direction(optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon, state, gradients);
        return (next, GradientDescent.Update(network, WeightDecay.Add(direction, network, optimizer.WeightDecay), learningRate));
    }
}
