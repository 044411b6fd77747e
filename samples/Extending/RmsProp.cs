using System.Numerics;
using FunctionalNet;
using FunctionalNet.Numerics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Extending;

/// <summary>
/// RMSProp (Hinton, <i>Neural Networks for Machine Learning</i>, lecture 6e, 2012): divide each gradient by the root of
/// a running mean of its recent squares, so that every parameter steps about η per update whatever its gradient's scale.
/// With g the gradient and v that running mean, one update is
/// v ← ρ·v + (1 − ρ)·g∘g,   d = g / (√v + ε),   w ← w − η·d,
/// the lecture's gradient descent with direction d. As JAX's optimizers: this record holds the hyperparameters, the
/// state is a value (<see cref="MeanSquareState{T}"/>), and <see cref="Update{T}"/> is a pure transition.
/// </summary>
/// <param name="Rho">ρ in [0, 1): how much of the running mean each update keeps; 0.9 is Hinton's.</param>
/// <param name="Epsilon">ε &gt; 0 keeps d finite where v is 0 (a parameter whose gradient has always been 0).</param>
public sealed record RmsProp(double Rho = 0.9, double Epsilon = 1e-8) : Optimizer
{
    /// <summary>The kind of state RMSProp keeps, as checkpoints name it (<see cref="MeanSquareState{T}.Kind"/>).</summary>
    public const string MeanSquareKind = "mean-square";

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    public override string StateKind => MeanSquareKind;

    /// <summary>Besides the network and g: v, the next v, and the direction d.</summary>
    public override int ParameterCopies => 3;

    /// <summary>Step 0 and v = 0.</summary>
    public override OptimizerState<T> Init<T>(Network<T> network) => new MeanSquareState<T>(0, Gradients<T>.ZerosLike(network));

    /// <summary>v ← ρ·v + (1 − ρ)·g∘g, then w ← w − η·g / (√v + ε) with the new v.</summary>
    public override (OptimizerState<T> State, Network<T> Network) Update<T>(
        OptimizerState<T> state, Network<T> network, Gradients<T> gradients, double learningRate)
    {
        var previous = state as MeanSquareState<T>
            ?? throw new ArgumentException($"a {state.Kind} state does not belong to the rmsprop optimizer");   // a caller's bug
        var (rho, epsilon) = (T.CreateChecked(Rho), T.CreateChecked(Epsilon));
        // Entry by entry (Entrywise returns new arrays, so v outlives the training step's temporary buffers).
        var meanSquare = previous.MeanSquare.Zip(gradients, (v, g) => Entrywise.Map2(v, g, (vi, gi) => rho * vi + (T.One - rho) * gi * gi));
        var direction = gradients.Zip(meanSquare, (g, v) => Entrywise.Map2(g, v, (gi, vi) => gi / (T.Sqrt(vi) + epsilon)));
        return (new MeanSquareState<T>(previous.Step + 1, meanSquare), FunctionalNet.GradientDescent.Update(network, direction, learningRate));   // w − η·d
    }

    /// <summary>The state from a checkpoint's <c>mean_square</c> block.</summary>
    public override Fin<OptimizerState<T>> Restore<T>(int step, Func<string, Fin<Gradients<T>>> buffer) =>
        buffer(MeanSquareState<T>.BufferName).Map(v => (OptimizerState<T>)new MeanSquareState<T>(step, v));

    /// <summary>Refuses ρ outside [0, 1) and ε that is not a finite number &gt; 0.</summary>
    public override Fin<Unit> Validate() =>
        Rho is < 0 or >= 1 || double.IsNaN(Rho) ? Error.New($"rmsprop's ρ must be in [0, 1) (got {Rho})")
        : Epsilon > 0 && double.IsFinite(Epsilon) ? unit
        : Error.New($"rmsprop's ε must be a finite number > 0 (got {Epsilon})");

    /// <summary>rmsprop(ρ = 0.9, ε = 1E-08).</summary>
    protected override string Describe() => $"rmsprop(ρ = {Rho}, ε = {Epsilon})";
}

/// <summary>RMSProp's state: the number of updates and v, the running mean of g∘g, shaped as the gradients.</summary>
/// <param name="Step">Updates taken so far.</param>
/// <param name="MeanSquare">v.</param>
public sealed record MeanSquareState<T>(int Step, Gradients<T> MeanSquare) : OptimizerState<T>(Step)
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The name of v's block in a checkpoint.</summary>
    public const string BufferName = "mean_square";

    /// <inheritdoc />
    public override string Kind => RmsProp.MeanSquareKind;

    /// <inheritdoc />
    // Seq1, not [ … ]: LanguageExt 4's Seq has no collection builder, and a collection expression gives an empty Seq.
    public override Seq<(string Name, Gradients<T> Value)> Buffers => Seq1((BufferName, MeanSquare));
}
