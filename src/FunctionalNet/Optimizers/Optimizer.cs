namespace FunctionalNet;

/// <summary>
/// How gradients become a step, as in JAX's optimizers: an optimizer is data (its hyperparameters), its state is an
/// immutable <see cref="OptimizerState{T}"/>, <see cref="Init{T}"/> gives the first state and <see cref="Update{T}"/>
/// is a pure state transition. Every built-in ends in the lecture's w ← w − η·d (<see cref="GradientDescent"/>);
/// they differ only in the direction d they compute from g. Open for extension: a user optimizer is a subclass.
/// </summary>
public abstract record Optimizer
{
    /// <summary>For subclasses: an optimizer is a value (a record).</summary>
    protected Optimizer() { }

    /// <summary>The name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>The <see cref="OptimizerState{T}.Kind"/> of the states this optimizer keeps.</summary>
    public abstract string StateKind { get; }

    /// <summary>The state before the first update: step 0 and, where the optimizer keeps averages, zeros.</summary>
    public abstract OptimizerState<T> Init<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>
    /// One update with step size η = <paramref name="learningRate"/>: the next state and the next network. Neither
    /// input is changed. The state is one this optimizer made (<see cref="Fits{T}"/>).
    /// </summary>
    public abstract (OptimizerState<T> State, Network<T> Network) Update<T>(
        OptimizerState<T> state, Network<T> network, Gradients<T> gradients, double learningRate) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>The state of <see cref="StateKind"/> with these step and buffers, as a checkpoint holds it (<paramref name="buffer"/> finds one by name).</summary>
    public abstract Fin<OptimizerState<T>> Restore<T>(int step, Func<string, Fin<Gradients<T>>> buffer) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>Refuses hyperparameters outside their ranges.</summary>
    public virtual Fin<Unit> Validate() => unit;

    /// <summary>
    /// Parameter-shaped values alive during one update besides the network and its gradients (running averages, their
    /// next values, temporaries): for the memory estimate. A user optimizer that does not say is counted as Adam.
    /// </summary>
    public virtual int ParameterCopies => 7;

    /// <summary>True when <paramref name="state"/> is the kind of state this optimizer keeps (e.g. from a checkpoint).</summary>
    public bool Fits<T>(OptimizerState<T> state) where T : struct, IFloatingPointIeee754<T> => state.Kind == StateKind;

    /// <summary>The lecture's gradient descent: d = g, so w ← w − η·g.</summary>
    public sealed record GradientDescent : Optimizer
    {
        /// <inheritdoc />
        public override string Name => "gd";
        /// <inheritdoc />
        public override string StateKind => "plain";
        /// <inheritdoc />
        public override int ParameterCopies => 0;
        /// <inheritdoc />
        public override OptimizerState<T> Init<T>(Network<T> network) => new OptimizerState<T>.Plain(0);
        /// <inheritdoc />
        public override (OptimizerState<T> State, Network<T> Network) Update<T>(OptimizerState<T> state, Network<T> network,
            Gradients<T> gradients, double learningRate) =>
            (new OptimizerState<T>.Plain(state.Step + 1), FunctionalNet.GradientDescent.Update(network, gradients, learningRate));
        /// <inheritdoc />
        public override Fin<OptimizerState<T>> Restore<T>(int step, Func<string, Fin<Gradients<T>>> buffer) => new OptimizerState<T>.Plain(step);
    }

    /// <summary>The optimizers that keep a velocity v ← β·v + g: <see cref="Momentum"/> and <see cref="Nesterov"/>.</summary>
    /// <param name="Beta">β in [0, 1): how much of the previous velocity is kept; 0.9 is usual.</param>
    public abstract record WithVelocity(double Beta) : Optimizer
    {
        /// <inheritdoc />
        public override string StateKind => "velocity";
        /// <inheritdoc />
        public override int ParameterCopies => 3;
        /// <inheritdoc />
        public override OptimizerState<T> Init<T>(Network<T> network) => new OptimizerState<T>.Velocity(0, Gradients<T>.ZerosLike(network));
        /// <inheritdoc />
        public override Fin<OptimizerState<T>> Restore<T>(int step, Func<string, Fin<Gradients<T>>> buffer) =>
            buffer("velocity").Map(v => (OptimizerState<T>)new OptimizerState<T>.Velocity(step, v));
        /// <inheritdoc />
        public override Fin<Unit> Validate() => Optimizers.Decay($"{Name} β", Beta);
    }

    /// <summary>Heavy-ball momentum: v ← β·v + g, w ← w − η·v (a running sum that smooths the direction).</summary>
    /// <param name="Beta">β in [0, 1): how much of the previous velocity is kept; 0.9 is usual.</param>
    public sealed record Momentum(double Beta = 0.9) : WithVelocity(Beta)
    {
        /// <inheritdoc />
        public override string Name => "momentum";
        /// <inheritdoc />
        public override (OptimizerState<T> State, Network<T> Network) Update<T>(OptimizerState<T> state, Network<T> network,
            Gradients<T> gradients, double learningRate) =>
            FunctionalNet.Momentum.Update(this, Optimizers.Expect<OptimizerState<T>.Velocity, T>(this, state), network, gradients, learningRate);
    }

    /// <summary>Nesterov momentum: v ← β·v + g, w ← w − η·(g + β·v) (the step looks ahead along the new velocity).</summary>
    /// <param name="Beta">β in [0, 1); 0.9 is usual.</param>
    public sealed record Nesterov(double Beta = 0.9) : WithVelocity(Beta)
    {
        /// <inheritdoc />
        public override string Name => "nesterov";
        /// <inheritdoc />
        public override (OptimizerState<T> State, Network<T> Network) Update<T>(OptimizerState<T> state, Network<T> network,
            Gradients<T> gradients, double learningRate) =>
            FunctionalNet.Nesterov.Update(this, Optimizers.Expect<OptimizerState<T>.Velocity, T>(this, state), network, gradients, learningRate);
    }

    /// <summary>The optimizers that keep Adam's moments m and v: <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
    /// <param name="Beta1">Decay of the first moment m, in [0, 1).</param>
    /// <param name="Beta2">Decay of the second moment v, in [0, 1).</param>
    /// <param name="Epsilon">ε &gt; 0 keeps the division finite where v̂ is 0.</param>
    public abstract record WithMoments(double Beta1, double Beta2, double Epsilon) : Optimizer
    {
        /// <inheritdoc />
        public override string StateKind => "moments";
        /// <inheritdoc />
        public override OptimizerState<T> Init<T>(Network<T> network) =>
            new OptimizerState<T>.Moments(0, Gradients<T>.ZerosLike(network), Gradients<T>.ZerosLike(network));
        /// <inheritdoc />
        public override Fin<OptimizerState<T>> Restore<T>(int step, Func<string, Fin<Gradients<T>>> buffer) =>
            from m in buffer("m") from v in buffer("v") select (OptimizerState<T>)new OptimizerState<T>.Moments(step, m, v);
        /// <inheritdoc />
        public override Fin<Unit> Validate() =>
            Optimizers.Decay("adam β1", Beta1).Bind(_ => Optimizers.Decay("adam β2", Beta2)).Bind(_ =>
                Epsilon > 0 && double.IsFinite(Epsilon) ? FinSucc(unit) : Error.New($"adam's ε must be a finite number > 0 (got {Epsilon})"));
    }

    /// <summary>
    /// Adam (Kingma and Ba 2015): running means of g and g², corrected for their start at zero,
    /// w ← w − η·m̂ / (√v̂ + ε).
    /// </summary>
    /// <param name="Beta1">Decay of the first moment m, in [0, 1).</param>
    /// <param name="Beta2">Decay of the second moment v, in [0, 1).</param>
    /// <param name="Epsilon">ε &gt; 0 keeps the division finite where v̂ is 0.</param>
    public sealed record Adam(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : WithMoments(Beta1, Beta2, Epsilon)
    {
        /// <inheritdoc />
        public override string Name => "adam";
        /// <inheritdoc />
        public override (OptimizerState<T> State, Network<T> Network) Update<T>(OptimizerState<T> state, Network<T> network,
            Gradients<T> gradients, double learningRate) =>
            FunctionalNet.Adam.Update(this, Optimizers.Expect<OptimizerState<T>.Moments, T>(this, state), network, gradients, learningRate);
    }

    /// <summary>
    /// AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, w ← w − η·(m̂ / (√v̂ + ε) + λ·w) for
    /// weights (biases are not decayed). Unlike L2 regularization (<see cref="TrainingOptions.L2"/>, which adds λ·w to
    /// g before Adam divides by √v̂), the decay here is not rescaled: every weight shrinks by the same factor η·λ.
    /// </summary>
    /// <param name="WeightDecay">λ ≥ 0.</param>
    /// <param name="Beta1">Decay of the first moment m, in [0, 1).</param>
    /// <param name="Beta2">Decay of the second moment v, in [0, 1).</param>
    /// <param name="Epsilon">ε &gt; 0.</param>
    public sealed record AdamW(double WeightDecay = 0.01, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8)
        : WithMoments(Beta1, Beta2, Epsilon)
    {
        /// <inheritdoc />
        public override string Name => "adamw";
        /// <inheritdoc />
        public override (OptimizerState<T> State, Network<T> Network) Update<T>(OptimizerState<T> state, Network<T> network,
            Gradients<T> gradients, double learningRate) =>
            FunctionalNet.AdamW.Update(this, Optimizers.Expect<OptimizerState<T>.Moments, T>(this, state), network, gradients, learningRate);
        /// <inheritdoc />
        public override Fin<Unit> Validate() => base.Validate().Bind(_ => WeightDecay >= 0 && double.IsFinite(WeightDecay)
            ? FinSucc(unit) : Error.New($"the weight decay λ must be a finite number ≥ 0 (got {WeightDecay})"));
    }

    /// <summary>The name with the hyperparameters, e.g. <c>momentum(β = 0.9)</c>; sealed, so cases print this and not a record dump.</summary>
    public sealed override string ToString() => this switch
    {
        Momentum m => $"momentum(β = {m.Beta})",
        Nesterov n => $"nesterov(β = {n.Beta})",
        Adam a => $"adam(β1 = {a.Beta1}, β2 = {a.Beta2}, ε = {a.Epsilon})",
        AdamW w => $"adamw(λ = {w.WeightDecay}, β1 = {w.Beta1}, β2 = {w.Beta2}, ε = {w.Epsilon})",
        _ => Describe(),
    };

    /// <summary>How a user optimizer prints: its name unless overridden.</summary>
    protected virtual string Describe() => Name;
}

/// <summary>Pieces optimizers share, the built-ins and a user's: the state check and the range check of a decay rate.</summary>
public static class Optimizers
{
    /// <summary>The state as the kind this optimizer keeps; another kind is a caller's bug (an exception naming both).</summary>
    public static S Expect<S, T>(Optimizer optimizer, OptimizerState<T> state) where S : OptimizerState<T> where T : struct, IFloatingPointIeee754<T> =>
        state as S ?? throw new ArgumentException($"a {state.GetType().Name} state does not belong to the {optimizer.Name} optimizer");

    /// <summary>Refuses a decay rate (a β) outside [0, 1), naming it.</summary>
    public static Fin<Unit> Decay(string name, double beta) =>
        beta is >= 0 and < 1 ? unit : Error.New($"the {name} must be in [0, 1) (got {beta})");
}
