namespace FunctionalNet;

/// <summary>
/// An activation function f, applied to a layer's pre-activation Z to give A = f(Z).
/// A closed union: every case is listed here, and every switch over it is exhaustive.
/// </summary>
public abstract record Activation
{
    private Activation() { }

    /// <summary>The perceptron's threshold: 1 if z ≥ 0, else 0. Its derivative is 0 wherever it exists.</summary>
    public sealed record Step : Activation;
    /// <summary>The logistic sigmoid σ(z) = 1 / (1 + e^−z).</summary>
    public sealed record Sigmoid : Activation;
    /// <summary>The hyperbolic tangent.</summary>
    public sealed record Tanh : Activation;
    /// <summary>The rectified linear unit max(0, z).</summary>
    public sealed record ReLU : Activation;
    /// <summary>max(slope·z, z): the lecture's leaky ReLU uses slope 0.1.</summary>
    public sealed record LeakyReLU(double Slope) : Activation;
    /// <summary>z for z ≥ 0, alpha·(e^z − 1) below.</summary>
    public sealed record ELU(double Alpha) : Activation;
    /// <summary>f(z) = z: a linear output, for regression.</summary>
    public sealed record Identity : Activation;
    /// <summary>softmax(z)_i = e^{z_i} / Σ_j e^{z_j} over each column: not element-wise.</summary>
    public sealed record Softmax : Activation;

    /// <summary>The name used on the command line and in model files (e.g. <c>leaky-relu</c>).</summary>
    public string Name => this switch
    {
        Step => "step",
        Sigmoid => "sigmoid",
        Tanh => "tanh",
        ReLU => "relu",
        LeakyReLU => "leaky-relu",
        ELU => "elu",
        Identity => "identity",
        Softmax => "softmax",
        _ => throw new UnreachableException(),
    };

    /// <summary>The parameter of a parameterised activation (leaky ReLU's slope, ELU's alpha), else null.</summary>
    public double? Parameter => this switch
    {
        LeakyReLU l => l.Slope,
        ELU e => e.Alpha,
        _ => null,
    };

    /// <summary>The names accepted by <see cref="Parse"/>, as on the command line.</summary>
    public static readonly IReadOnlyList<string> Names = ["step", "sigmoid", "tanh", "relu", "leaky-relu", "elu", "identity", "softmax"];

    /// <summary>
    /// An activation from its name; <paramref name="parameter"/> sets leaky ReLU's slope (default 0.1, the lecture's)
    /// or ELU's alpha (default 1).
    /// </summary>
    public static Fin<Activation> Parse(string name, double? parameter = null) => name switch
    {
        "step" => new Step(),
        "sigmoid" => new Sigmoid(),
        "tanh" => new Tanh(),
        "relu" => new ReLU(),
        "leaky-relu" => new LeakyReLU(parameter ?? 0.1),
        "elu" => new ELU(parameter ?? 1.0),
        "identity" => new Identity(),
        "softmax" => new Softmax(),
        _ => Error.New($"unknown activation '{name}' (expected one of: {string.Join(", ", Names)})"),
    };

    /// <summary>True where f has a point at which it is not differentiable (at z = 0).</summary>
    public bool HasKink => this is Step or ReLU or LeakyReLU or ELU;

    /// <summary>The name, with any parameter: <c>leaky-relu(0.1)</c>. Sealed, so the cases print this and not a record dump.</summary>
    public sealed override string ToString() => this switch
    {
        LeakyReLU l => $"leaky-relu({l.Slope})",
        ELU e => $"elu({e.Alpha})",
        _ => Name,
    };
}
