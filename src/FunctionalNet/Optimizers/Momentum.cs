namespace FunctionalNet;

/// <summary>
/// Heavy-ball momentum (Polyak 1964), in the form PyTorch uses: v ← β·v + g, then w ← w − η·v.
/// (The other common form, v ← β·v − η·g, w ← w + v, is the same for a constant η; this one keeps v in units of g,
/// so a learning-rate schedule rescales the whole step at once.)
/// </summary>
public static class Momentum
{
    /// <summary>One update: the new velocity, and the network one step along it.</summary>
    public static (OptimizerState<T> State, Network<T> Network) Update<T>(
        Optimizer.Momentum optimizer, OptimizerState<T>.Velocity state, Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        var velocity = Accumulate(optimizer.Beta, state.Value, gradients);
        return (new OptimizerState<T>.Velocity(state.Step + 1, velocity), GradientDescent.Update(network, velocity, learningRate));
    }

    /// <summary>v ← β·v + g, shared with <see cref="Nesterov"/>.</summary>
    public static Gradients<T> Accumulate<T>(double beta, Gradients<T> velocity, Gradients<T> gradients)
        where T : struct, IFloatingPointIeee754<T>
    {
        var b = T.CreateChecked(beta);
        return velocity.Zip(gradients, (v, g) => Numerics.Entrywise.Map2(v, g, (vi, gi) => b * vi + gi));
    }
}
