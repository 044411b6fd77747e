namespace FunctionalNet;

/// <summary>
/// Nesterov momentum (Sutskever et al. 2013), in the form PyTorch uses: v ← β·v + g, then w ← w − η·(g + β·v).
/// The step takes the gradient plus the new velocity's next move, a look-ahead that damps the overshoot of
/// plain <see cref="Momentum"/>.
/// </summary>
public static class Nesterov
{
    /// <summary>One update: the new velocity, and the network one look-ahead step along it.</summary>
    public static (OptimizerState<T> State, Network<T> Network) Update<T>(
        Optimizer.Nesterov optimizer, OptimizerState<T>.Velocity state, Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        var velocity = Momentum.Accumulate(optimizer.Beta, state.Value, gradients);
        var beta = T.CreateChecked(optimizer.Beta);
        var direction = gradients.Zip(velocity, (g, v) => Numerics.Entrywise.Map2(g, v, (gi, vi) => gi + beta * vi));   // d = g + β·v
        return (new OptimizerState<T>.Velocity(state.Step + 1, velocity), GradientDescent.Update(network, direction, learningRate));
    }
}
