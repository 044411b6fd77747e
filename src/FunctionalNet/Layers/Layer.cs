using System.Text.Json.Nodes;

namespace FunctionalNet;

/// <summary>
/// One layer of a network, as in JAX's stax: parameters, and a pure forward and backward pass over a batch (examples
/// as columns). Open for extension: the built-ins (<see cref="DenseLayer{T}"/>, <see cref="MaxoutLayer{T}"/>) are
/// subclasses like a user's own; a user layer is written as one record that overrides the abstract members, and its
/// <see cref="LayerSpec"/> draws its first parameters from a seed. A file names a layer by <see cref="Kind"/> and its
/// <see cref="Settings"/>; <see cref="Components"/> maps kinds back. Matrices held here are never mutated.
/// </summary>
public abstract record Layer<T> where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>For subclasses: a layer is a value (a record).</summary>
    protected Layer() { }

    /// <summary>The layer's kind in model files: <c>dense</c>, <c>maxout</c>, or a user layer's name.</summary>
    public abstract string Kind { get; }

    /// <summary>Number of inputs (rows of the previous layer's output).</summary>
    public abstract int Inputs { get; }

    /// <summary>Number of outputs (rows of this layer's output).</summary>
    public abstract int Outputs { get; }

    /// <summary>The trainable matrices in a fixed order; gradients and optimizer state use the same order.</summary>
    public abstract Seq<Matrix<T>> Parameters { get; }

    /// <summary>The names of <see cref="Parameters"/> within the layer, e.g. <c>W</c> and <c>b</c> (a name starting with W is decayed as a weight).</summary>
    public abstract Seq<string> ParameterNames { get; }

    /// <summary>The same layer with new parameter values, given in the order of <see cref="Parameters"/>.</summary>
    public abstract Layer<T> WithParameters(Seq<Matrix<T>> parameters);

    /// <summary>What a model file stores besides the kind, the sizes and the parameters (an activation, a bias flag, …).</summary>
    public virtual JsonObject Settings => [];

    /// <summary>The layer's output (and whatever its backward pass needs, as Z) for the input batch A_prev.</summary>
    public abstract LayerTrace<T> Forward(Matrix<T> input);

    /// <summary>
    /// The forward pass in complex arithmetic, for the complex-step derivative (<see cref="ComplexStep"/>): the output A
    /// for a complex input batch and complex <paramref name="parameters"/> (θ + ih·u, in the order of
    /// <see cref="Parameters"/>) in place of the layer's own. None, the default, for a layer with no analytic
    /// extension (a maximum, a kink); a user layer opts in by overriding it with the formula of <see cref="Forward"/>.
    /// </summary>
    public virtual Option<Matrix<Complex>> AnalyticForward(Seq<Matrix<Complex>> parameters, Matrix<Complex> input) => None;

    /// <summary>
    /// Given dA = ∂C/∂A of this layer's output: its parameter gradients, in the order of <see cref="Parameters"/>, and
    /// ∂C/∂A_prev when <paramref name="inputGradient"/> asks for it (the first layer's is never needed).
    /// </summary>
    public abstract LayerGradients<T> Backward(Matrix<T> input, LayerTrace<T> trace, Matrix<T> da, bool inputGradient);

    /// <summary>
    /// The output layer's backward pass, starting from the loss: by default from ∂C/∂A (<see cref="Losses.OutputGradient{T}"/>);
    /// a layer ending in an activation starts from <see cref="Losses.OutputDelta{T}"/>, which knows the fused cancellations.
    /// </summary>
    public virtual LayerGradients<T> OutputBackward(Loss loss, Matrix<T> input, LayerTrace<T> trace, Matrix<T> y, bool inputGradient) =>
        Backward(input, trace, Losses.OutputGradient(loss, trace.A, y), inputGradient);

    /// <summary>
    /// The loss C of this layer's output when it is the network's last layer, the value beside
    /// <see cref="OutputBackward"/>: by default from A (<see cref="Losses.Value{T}(Loss, Matrix{T}, Matrix{T})"/>); a
    /// layer ending in an activation computes it from its Z (<see cref="Losses.Value{T}(Loss, Activation, Matrix{T}, Matrix{T}, Matrix{T})"/>),
    /// which keeps the cross-entropies finite where A rounds to 0 or 1.
    /// </summary>
    public virtual double OutputLoss(Loss loss, LayerTrace<T> trace, Matrix<T> y) => Losses.Value(loss, trace.A, y);

    /// <summary>The activation a loss sees at this layer's output (a layer without one is identity-like).</summary>
    public virtual Activation OutputActivation => new Activation.Identity();

    /// <summary>
    /// Which side of each kink every entry is on (ReLU-family: z &gt; 0; maxout: the winning piece), or None for a
    /// layer that is smooth everywhere. Two traces with different patterns straddle a kink: gradient checks report them.
    /// </summary>
    public virtual Option<int[]> KinkPattern(LayerTrace<T> trace) => None;

    /// <summary>True when two layers have the same kind, sizes and settings: they differ at most in values.</summary>
    public virtual bool SameArchitecture(Layer<T> other) =>
        GetType() == other.GetType() && Inputs == other.Inputs && Outputs == other.Outputs &&
        Parameters.Count == other.Parameters.Count && JsonNode.DeepEquals(Settings, other.Settings);
}

/// <summary>What a layer computed on one batch: its pre-activation Z and its output A.</summary>
/// <param name="Z">Pre-activation, outputs × examples (for maxout: the k pieces stacked, k·outputs × examples).</param>
/// <param name="A">Output, outputs × examples.</param>
public sealed record LayerTrace<T>(Matrix<T> Z, Matrix<T> A) where T : struct, IFloatingPointIeee754<T>;

/// <summary>A layer's backward pass on one batch.</summary>
/// <param name="Parameters">∂C/∂θ for each of the layer's parameters, in their order.</param>
/// <param name="Input">∂C/∂A_prev, when it was asked for.</param>
public sealed record LayerGradients<T>(Seq<Matrix<T>> Parameters, Option<Matrix<T>> Input) where T : struct, IFloatingPointIeee754<T>;
