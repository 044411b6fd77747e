namespace FunctionalNet.Cli;

/// <summary>
/// The command line's names for activations, losses and initializers, shared by every command: the names are
/// the core's own (<see cref="Activation.Name"/>, <see cref="Loss.Name"/>, <see cref="Initializer.Name"/>),
/// so a name means the same thing in an option, a table and a model file.
/// </summary>
public static class Names
{
    /// <summary>Every activation with the lecture's parameters: leaky ReLU max(0.1·z, z), ELU with α = 1.</summary>
    public static readonly IReadOnlyList<FunctionalNet.Activation> Activations =
    [
        new Activation.Step(), new Activation.Sigmoid(), new Activation.Tanh(), new Activation.ReLU(),
        new Activation.LeakyReLU(0.1), new Activation.ELU(1.0), new Activation.Identity(), new Activation.Softmax(),
    ];

    /// <summary>Every loss.</summary>
    public static readonly IReadOnlyList<FunctionalNet.Loss> Losses =
    [
        new Loss.HalfSumSquares(), new Loss.MeanSquared(), new Loss.BinaryCrossEntropy(), new Loss.SoftmaxCrossEntropy(),
    ];

    /// <summary>Every initializer; <c>uniform</c> is the lecture's Uniform(−0.5, 0.5).</summary>
    public static readonly IReadOnlyList<FunctionalNet.Initializer> Initializers = [FunctionalNet.Initializer.Lecture, new Initializer.Glorot(), new Initializer.He()];

    /// <summary>
    /// The activation called <paramref name="name"/> in <paramref name="registry"/> (the built-ins unless a command
    /// loaded a user's, <see cref="ComponentAssembly"/>), or a usage error listing the names.
    /// </summary>
    public static Activation Activation(string option, string name, Components? registry = null) =>
        (registry ?? Components.BuiltIn).Activation(name.Trim().ToLowerInvariant())
            .Match(a => a, _ => throw ShellException.Usage($"{option} must be one of: {string.Join(" ", (registry ?? Components.BuiltIn).ActivationNames)} (got '{name}')"));

    /// <summary>The loss called <paramref name="name"/> in <paramref name="registry"/> (the built-ins by default), or a usage error listing the names.</summary>
    public static Loss Loss(string option, string name, Components? registry = null) =>
        (registry ?? Components.BuiltIn).Loss(name.Trim().ToLowerInvariant())
            .Match(l => l, _ => throw ShellException.Usage($"{option} must be one of: {string.Join(" ", (registry ?? Components.BuiltIn).LossNames)} (got '{name}')"));

    /// <summary>The loss of exactly that name, as a model file stores it, or a failure.</summary>
    public static LanguageExt.Fin<Loss> LossNamed(string name) => FunctionalNet.Loss.Parse(name);

    /// <summary>The initializer called <paramref name="name"/>, or a usage error listing the names.</summary>
    public static FunctionalNet.Initializer Initializer(string option, string name) => Find(option, name, Initializers, i => i.Name);

    /// <summary>The names of a family, as the help text lists them: <c>step sigmoid tanh …</c>.</summary>
    public static string List<A>(IEnumerable<A> family, Func<A, string> name) => string.Join(" ", family.Select(name));

    private static A Find<A>(string option, string name, IReadOnlyList<A> family, Func<A, string> nameOf) where A : class =>
        family.FirstOrDefault(a => nameOf(a) == name.Trim().ToLowerInvariant())
        ?? throw ShellException.Usage($"{option} must be one of: {List(family, nameOf)} (got '{name}')");
}
