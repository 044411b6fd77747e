using System.Text.Json.Nodes;

namespace FunctionalNet;

/// <summary>
/// The explicit registry that maps the names files use back to components: activations, losses, layer kinds and
/// optimizers (by the kind of state a checkpoint holds). <see cref="BuiltIn"/> holds the library's own; a user adds
/// theirs with the <c>With…</c> functions, which return a new registry (it is a value: nothing global changes), and
/// passes it to <see cref="Serialization.ModelFile.Decode{T}(ReadOnlySpan{byte}, Components)"/> and
/// <see cref="Serialization.CheckpointFile.Decode{T}(ReadOnlySpan{byte}, Components)"/>. A file naming a component
/// that is not registered is refused with one line naming it.
/// </summary>
public sealed record Components
{
    private Seq<(string Name, Func<double?, Activation> Create)> activations;
    private Seq<(string Name, Func<double?, Loss> Create)> losses;
    private Seq<LayerKind> layers;
    private Seq<Optimizer> optimizers;

    private Components() { }

    /// <summary>A registry with nothing in it.</summary>
    public static Components Empty { get; } = new();

    /// <summary>The library's own components: every activation, loss, layer kind and optimizer it ships.</summary>
    public static Components BuiltIn { get; } = Empty
        .WithActivation("step", _ => new Activation.Step())
        .WithActivation("sigmoid", _ => new Activation.Sigmoid())
        .WithActivation("tanh", _ => new Activation.Tanh())
        .WithActivation("relu", _ => new Activation.ReLU())
        .WithActivation("leaky-relu", p => new Activation.LeakyReLU(p ?? 0.1))   // the lecture's slope
        .WithActivation("elu", p => new Activation.ELU(p ?? 1.0))
        .WithActivation("identity", _ => new Activation.Identity())
        .WithActivation("softmax", _ => new Activation.Softmax())
        .WithLoss("half-sse", () => new Loss.HalfSumSquares())
        .WithLoss("mse", () => new Loss.MeanSquared())
        .WithLoss("bce", () => new Loss.BinaryCrossEntropy())
        .WithLoss("softmax-ce", () => new Loss.SoftmaxCrossEntropy())
        .WithLayer(new LayerKind.DenseKind())
        .WithLayer(new LayerKind.MaxoutKind())
        .WithOptimizer(new Optimizer.GradientDescent())
        .WithOptimizer(new Optimizer.Momentum())
        .WithOptimizer(new Optimizer.Adam());

    /// <summary>The registry with an activation added (or replaced) under <paramref name="name"/>; <paramref name="create"/> gets the file's parameter, if any.</summary>
    public Components WithActivation(string name, Func<double?, Activation> create) =>
        this with { activations = activations.Filter(a => a.Name != name).Add((name, create)) };

    /// <summary>The registry with a loss added (or replaced) under <paramref name="name"/>.</summary>
    public Components WithLoss(string name, Func<Loss> create) => WithLoss(name, _ => create());

    /// <summary>The registry with a parameterised loss added (or replaced) under <paramref name="name"/>; <paramref name="create"/> gets the parameter, if any.</summary>
    public Components WithLoss(string name, Func<double?, Loss> create) =>
        this with { losses = losses.Filter(l => l.Name != name).Add((name, create)) };

    /// <summary>The registry with a layer kind added (or replaced).</summary>
    public Components WithLayer(LayerKind kind) => this with { layers = layers.Filter(k => k.Name != kind.Name).Add(kind) };

    /// <summary>The registry with an optimizer added, so that checkpoints holding its kind of state can be read.</summary>
    public Components WithOptimizer(Optimizer optimizer) =>
        this with { optimizers = optimizers.Filter(o => o.StateKind != optimizer.StateKind).Add(optimizer) };

    /// <summary>The activations' names, in the order they were registered.</summary>
    public IReadOnlyList<string> ActivationNames => activations.Map(a => a.Name).ToArray();

    /// <summary>The losses' names, in the order they were registered.</summary>
    public IReadOnlyList<string> LossNames => losses.Map(l => l.Name).ToArray();

    /// <summary>The activation called <paramref name="name"/>, with the file's <paramref name="parameter"/> if it has one.</summary>
    public Fin<Activation> Activation(string name, double? parameter = null) =>
        activations.Find(a => a.Name == name).Map(a => a.Create(parameter))
            .ToFin(Error.New($"unknown activation '{name}' (expected one of: {string.Join(", ", ActivationNames)})"));

    /// <summary>The loss called <paramref name="name"/>, with <paramref name="parameter"/> if it takes one.</summary>
    public Fin<Loss> Loss(string name, double? parameter = null) =>
        losses.Find(l => l.Name == name).Map(l => l.Create(parameter))
            .ToFin(Error.New($"unknown loss '{name}' (expected one of: {string.Join(", ", LossNames)})"));

    /// <summary>The layer kind called <paramref name="name"/>.</summary>
    public Fin<LayerKind> Layer(string name) =>
        layers.Find(k => k.Name == name)
            .ToFin(Error.New($"unknown layer kind '{name}' (expected one of: {string.Join(", ", layers.Map(k => k.Name))})"));

    /// <summary>A failure of a lookup, reworded as said by a file: "the model file names unknown activation 'x' (…)".</summary>
    internal static Fin<A> SaidBy<A>(Fin<A> lookup, string noun) =>
        lookup.Match(a => FinSucc(a), e => FinFail<A>(Error.New($"the {noun} names an {e.Message}")));

    /// <summary>An optimizer that keeps states of kind <paramref name="stateKind"/>, to rebuild one from a checkpoint.</summary>
    public Fin<Optimizer> OptimizerFor(string stateKind) =>
        optimizers.Find(o => o.StateKind == stateKind)
            .ToFin(Error.New($"unknown optimizer state '{stateKind}' (expected one of: {string.Join(", ", optimizers.Map(o => o.StateKind))})"));
}

/// <summary>
/// How a model file's layer of one kind is read back: how many parameter matrices it has and how to rebuild the layer
/// from its <see cref="Layer{T}.Settings"/> and those matrices. A user layer registers one (<see cref="Components.WithLayer"/>).
/// </summary>
public abstract class LayerKind
{
    /// <summary>The kind as files name it: the layer's <see cref="Layer{T}.Kind"/>.</summary>
    public abstract string Name { get; }

    /// <summary>How many parameter matrices a layer with these settings has.</summary>
    public abstract Fin<int> ParameterCount(JsonObject settings);

    /// <summary>The layer from its settings and its parameters (in the layer's order); activations are looked up in <paramref name="components"/>.</summary>
    public abstract Fin<Layer<T>> Create<T>(JsonObject settings, Seq<Matrix<T>> parameters, Components components)
        where T : struct, IFloatingPointIeee754<T>;

    /// <summary>Dense layers: an activation with its parameter, and a bias or not.</summary>
    public sealed class DenseKind : LayerKind
    {
        /// <inheritdoc />
        public override string Name => "dense";

        /// <inheritdoc />
        public override Fin<int> ParameterCount(JsonObject settings) => (bool)settings["bias"]! ? 2 : 1;

        /// <inheritdoc />
        public override Fin<Layer<T>> Create<T>(JsonObject settings, Seq<Matrix<T>> parameters, Components components) =>
            from f in components.Activation((string)settings["activation"]!, (double?)settings["activation_parameter"])
            from _ in parameters.Count == 2 ? IsBias(parameters[1], parameters[0]) : unit
            select (Layer<T>)new DenseLayer<T>(parameters[0], parameters.Count == 2 ? Some(parameters[1]) : None, f);
    }

    /// <summary>Refuses a bias that is not outputs × 1 for weights W of outputs × inputs (Z = W·A + b·1ᵀ needs it).</summary>
    protected static Fin<Unit> IsBias<T>(Matrix<T> bias, Matrix<T> weights) where T : struct, IFloatingPointIeee754<T> =>
        bias.RowCount == weights.RowCount && bias.ColumnCount == 1
            ? unit
            : Error.New($"its bias is {bias.RowCount}×{bias.ColumnCount} but its weights are {weights.RowCount}×{weights.ColumnCount}, so it must be {weights.RowCount}×1");

    /// <summary>Maxout layers: k pieces, each a weight matrix and a bias.</summary>
    public sealed class MaxoutKind : LayerKind
    {
        /// <inheritdoc />
        public override string Name => "maxout";

        /// <inheritdoc />
        /// <inheritdoc />
        public override Fin<int> ParameterCount(JsonObject settings) =>
            // 2·pieces in 64 bits: a crafted count near 2³⁰ must not wrap to a small or negative one.
            (int)settings["pieces"]! is var pieces && pieces >= 1 && 2L * pieces <= int.MaxValue
                ? 2 * pieces
                : Error.New($"a maxout layer has from 1 to {int.MaxValue / 2} pieces (got {pieces})");

        /// <summary>The k weights first, then the k biases: every W_j of one shape, every b_j of its outputs × 1.</summary>
        public override Fin<Layer<T>> Create<T>(JsonObject settings, Seq<Matrix<T>> parameters, Components components)
        {
            var (weights, biases) = (parameters.Take(parameters.Count / 2).Strict(), parameters.Skip(parameters.Count / 2).Strict());
            var first = weights.Head;
            if (weights.Find(w => w.RowCount != first.RowCount || w.ColumnCount != first.ColumnCount).Case is Matrix<T> other)
                return Error.New($"its pieces' weights differ in shape ({first.RowCount}×{first.ColumnCount} and {other.RowCount}×{other.ColumnCount})");
            return biases.Fold(FinSucc(unit), (checkedSoFar, b) => checkedSoFar.Bind(_ => IsBias(b, first)))
                .Map(_ => (Layer<T>)new MaxoutLayer<T>(weights, biases));
        }
    }
}
