namespace FunctionalNet;

/// <summary>
/// How gradients become a step, as in JAX's optimizers: an optimizer is data (its hyperparameters), its state is an
/// immutable <see cref="OptimizerState{T}"/>, and <see cref="Optimizers.Update{T}"/> is a pure state transition.
/// Every optimizer ends in the lecture's w ← w − η·d; they differ only in the direction d they compute from g.
/// A closed union: every case is listed here, and every switch over it is exhaustive.
/// </summary>
public abstract record Optimizer
{
    private Optimizer() { }

    /// <summary>The lecture's gradient descent: d = g, so w ← w − η·g.</summary>
    public sealed record GradientDescent : Optimizer;

    /// <summary>Heavy-ball momentum: v ← β·v + g, w ← w − η·v (a running sum that smooths the direction).</summary>
    /// <param name="Beta">β in [0, 1): how much of the previous velocity is kept; 0.9 is usual.</param>
    public sealed record Momentum(double Beta = 0.9) : Optimizer;

    /// <summary>Nesterov momentum: v ← β·v + g, w ← w − η·(g + β·v) (the step looks ahead along the new velocity).</summary>
    /// <param name="Beta">β in [0, 1); 0.9 is usual.</param>
    public sealed record Nesterov(double Beta = 0.9) : Optimizer;

    /// <summary>
    /// Adam (Kingma and Ba 2015): running means of g and g², corrected for their start at zero,
    /// w ← w − η·m̂ / (√v̂ + ε).
    /// </summary>
    /// <param name="Beta1">Decay of the first moment m, in [0, 1).</param>
    /// <param name="Beta2">Decay of the second moment v, in [0, 1).</param>
    /// <param name="Epsilon">ε &gt; 0 keeps the division finite where v̂ is 0.</param>
    public sealed record Adam(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : Optimizer;

    /// <summary>
    /// AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, w ← w − η·(m̂ / (√v̂ + ε) + λ·w) for
    /// weights (biases are not decayed). Unlike L2 regularization (<see cref="TrainingOptions.L2"/>, which adds λ·w to
    /// g before Adam divides by √v̂), the decay here is not rescaled: every weight shrinks by the same factor η·λ.
    /// </summary>
    /// <param name="WeightDecay">λ ≥ 0.</param>
    /// <param name="Beta1">Decay of the first moment m, in [0, 1).</param>
    /// <param name="Beta2">Decay of the second moment v, in [0, 1).</param>
    /// <param name="Epsilon">ε &gt; 0.</param>
    public sealed record AdamW(double WeightDecay = 0.01, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : Optimizer;

    /// <summary>The name used on the command line and in checkpoints.</summary>
    public string Name => this switch
    {
        GradientDescent => "gd",
        Momentum => "momentum",
        Nesterov => "nesterov",
        Adam => "adam",
        AdamW => "adamw",
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public sealed override string ToString() => this switch
    {
        GradientDescent => Name,
        Momentum m => $"momentum(β = {m.Beta})",
        Nesterov n => $"nesterov(β = {n.Beta})",
        Adam a => $"adam(β1 = {a.Beta1}, β2 = {a.Beta2}, ε = {a.Epsilon})",
        AdamW w => $"adamw(λ = {w.WeightDecay}, β1 = {w.Beta1}, β2 = {w.Beta2}, ε = {w.Epsilon})",
        _ => throw new UnreachableException(),
    };
}

/// <summary>The functions over the <see cref="Optimizer"/> union: <c>Init</c> and <c>Update</c>, one switch each.</summary>
public static class Optimizers
{
    /// <summary>The state before the first update: step 0 and, where the optimizer keeps averages, zeros.</summary>
    public static OptimizerState<T> Init<T>(Optimizer optimizer, Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        optimizer switch
        {
            Optimizer.GradientDescent => new OptimizerState<T>.Plain(0),
            Optimizer.Momentum or Optimizer.Nesterov => new OptimizerState<T>.Velocity(0, Gradients<T>.ZerosLike(network)),
            Optimizer.Adam or Optimizer.AdamW => new OptimizerState<T>.Moments(0, Gradients<T>.ZerosLike(network), Gradients<T>.ZerosLike(network)),
            _ => throw new UnreachableException(),
        };

    /// <summary>
    /// One update with step size η = <paramref name="learningRate"/>: the next state and the next network.
    /// Neither input is changed. The state must come from <see cref="Init{T}"/> (or an update) of the same optimizer.
    /// </summary>
    public static (OptimizerState<T> State, Network<T> Network) Update<T>(
        Optimizer optimizer, OptimizerState<T> state, Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T> => (optimizer, state) switch
    {
        (Optimizer.GradientDescent, OptimizerState<T>.Plain s) =>
            (new OptimizerState<T>.Plain(s.Step + 1), GradientDescent.Update(network, gradients, learningRate)),
        (Optimizer.Momentum m, OptimizerState<T>.Velocity s) => Momentum.Update(m, s, network, gradients, learningRate),
        (Optimizer.Nesterov n, OptimizerState<T>.Velocity s) => Nesterov.Update(n, s, network, gradients, learningRate),
        (Optimizer.Adam a, OptimizerState<T>.Moments s) => Adam.Update(a, s, network, gradients, learningRate),
        (Optimizer.AdamW w, OptimizerState<T>.Moments s) => AdamW.Update(w, s, network, gradients, learningRate),
        _ => throw new ArgumentException($"a {state.GetType().Name} state does not belong to the {optimizer.Name} optimizer"),
    };

    /// <summary>True when <paramref name="state"/> is the kind of state <paramref name="optimizer"/> keeps (e.g. from a checkpoint).</summary>
    public static bool Fits<T>(Optimizer optimizer, OptimizerState<T> state) where T : struct, IFloatingPointIeee754<T> =>
        (optimizer, state) switch
        {
            (Optimizer.GradientDescent, OptimizerState<T>.Plain) => true,
            (Optimizer.Momentum or Optimizer.Nesterov, OptimizerState<T>.Velocity) => true,
            (Optimizer.Adam or Optimizer.AdamW, OptimizerState<T>.Moments) => true,
            _ => false,
        };

    /// <summary>Refuses hyperparameters outside their ranges.</summary>
    public static Fin<Unit> Validate(Optimizer optimizer) => optimizer switch
    {
        Optimizer.GradientDescent => unit,
        Optimizer.Momentum m => Decay("momentum β", m.Beta),
        Optimizer.Nesterov n => Decay("nesterov β", n.Beta),
        Optimizer.Adam a => Moments(a.Beta1, a.Beta2, a.Epsilon),
        Optimizer.AdamW w => Moments(w.Beta1, w.Beta2, w.Epsilon).Bind(_ =>
            w.WeightDecay >= 0 && double.IsFinite(w.WeightDecay) ? FinSucc(unit) : Error.New($"the weight decay λ must be a finite number ≥ 0 (got {w.WeightDecay})")),
        _ => throw new UnreachableException(),
    };

    private static Fin<Unit> Moments(double beta1, double beta2, double epsilon) =>
        Decay("adam β1", beta1).Bind(_ => Decay("adam β2", beta2)).Bind(_ =>
            epsilon > 0 && double.IsFinite(epsilon) ? FinSucc(unit) : Error.New($"adam's ε must be a finite number > 0 (got {epsilon})"));

    private static Fin<Unit> Decay(string name, double beta) =>
        beta is >= 0 and < 1 ? unit : Error.New($"the {name} must be in [0, 1) (got {beta})");
}
