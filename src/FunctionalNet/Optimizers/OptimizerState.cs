namespace FunctionalNet;

/// <summary>
/// What an optimizer carries from one update to the next: the number of updates taken and, for the optimizers that
/// average, running averages shaped exactly like <see cref="Gradients{T}"/>. Immutable, so a checkpoint can hold it.
/// A closed union: <see cref="Plain"/>, <see cref="Velocity"/>, <see cref="Moments"/>.
/// </summary>
/// <param name="Step">Updates taken so far (t; Adam's bias correction uses it).</param>
public abstract record OptimizerState<T>(int Step) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Gradient descent's state: only the count.</summary>
    public sealed record Plain(int Step) : OptimizerState<T>(Step);

    /// <summary>Momentum's and Nesterov's state: the velocity v.</summary>
    public sealed record Velocity(int Step, Gradients<T> Value) : OptimizerState<T>(Step);

    /// <summary>Adam's and AdamW's state: the first moment m (running mean of g) and second moment v (of g²).</summary>
    public sealed record Moments(int Step, Gradients<T> First, Gradients<T> Second) : OptimizerState<T>(Step);

    /// <summary>The named running averages, for a checkpoint: none, <c>velocity</c>, or <c>m</c> and <c>v</c>.</summary>
    public Seq<(string Name, Gradients<T> Value)> Buffers => this switch
    {
        Plain => Seq<(string, Gradients<T>)>(),
        Velocity v => Seq1(("velocity", v.Value)),
        Moments m => Seq(("m", m.First), ("v", m.Second)),
        _ => throw new UnreachableException(),
    };
}
