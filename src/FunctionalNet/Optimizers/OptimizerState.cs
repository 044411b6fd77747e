namespace FunctionalNet;

/// <summary>
/// What an optimizer carries from one update to the next: the number of updates taken and, for the optimizers that
/// average, running averages shaped exactly like <see cref="Gradients{T}"/>. Immutable, so a checkpoint can hold it.
/// Open for extension: a user optimizer's state is a subclass naming its <see cref="Kind"/> and its
/// <see cref="Buffers"/>, and its optimizer rebuilds it from them (<see cref="Optimizer.Restore{T}"/>).
/// </summary>
/// <param name="Step">Updates taken so far (t; Adam's bias correction uses it).</param>
public abstract record OptimizerState<T>(int Step) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The kind of state, as checkpoints name it: <c>plain</c>, <c>velocity</c>, <c>moments</c>, or a user state's.</summary>
    public abstract string Kind { get; }

    /// <summary>The named running averages, for a checkpoint: none, <c>velocity</c>, or <c>m</c> and <c>v</c>.</summary>
    public virtual Seq<(string Name, Gradients<T> Value)> Buffers => [];

    /// <summary>Gradient descent's state: only the count.</summary>
    public sealed record Plain(int Step) : OptimizerState<T>(Step)
    {
        /// <inheritdoc />
        public override string Kind => "plain";
    }

    /// <summary>Momentum's and Nesterov's state: the velocity v.</summary>
    public sealed record Velocity(int Step, Gradients<T> Value) : OptimizerState<T>(Step)
    {
        /// <inheritdoc />
        public override string Kind => "velocity";
        /// <inheritdoc />
        public override Seq<(string Name, Gradients<T> Value)> Buffers => Seq1(("velocity", Value));
    }

    /// <summary>Adam's and AdamW's state: the first moment m (running mean of g) and second moment v (of g²).</summary>
    public sealed record Moments(int Step, Gradients<T> First, Gradients<T> Second) : OptimizerState<T>(Step)
    {
        /// <inheritdoc />
        public override string Kind => "moments";
        /// <inheritdoc />
        public override Seq<(string Name, Gradients<T> Value)> Buffers => Seq(("m", First), ("v", Second));
    }
}
