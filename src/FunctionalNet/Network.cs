namespace FunctionalNet;

/// <summary>A feed-forward network: layers applied in order, A_0 = X, A_l = layer_l(A_{l−1}).</summary>
/// <param name="Layers">The layers, input side first.</param>
public sealed record Network<T>(Seq<Layer<T>> Layers) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Size of the input (rows of X).</summary>
    public int Inputs => Layers.Head.Inputs;

    /// <summary>Size of the output (rows of A_L).</summary>
    public int Outputs => Layers.Last.Outputs;

    /// <summary>All parameters, layer by layer, each layer's in its own order.</summary>
    public Seq<Seq<Matrix<T>>> Parameters => Layers.Map(l => l.Parameters);

    /// <summary>The number of trainable scalars.</summary>
    public long ParameterCount => Layers.Sum(l => l.Parameters.Sum(p => (long)p.RowCount * p.ColumnCount));

    /// <summary>
    /// Parameter names across the network, numbered from 1 as in the lecture: <c>W1</c>, <c>b1</c>, <c>W2</c>, …;
    /// a maxout layer's pieces are <c>W2_1</c>, <c>b2_1</c>, …. Exports use these names.
    /// </summary>
    public Seq<Seq<string>> ParameterNames =>
        toSeq(Layers.Select((layer, index) =>
            layer.ParameterNames.Map(n => n.Contains('_') ? n.Replace("_", $"{index + 1}_") : $"{n}{index + 1}"))).Strict();

    /// <summary>The same network with new parameters, shaped as <see cref="Parameters"/>.</summary>
    public Network<T> WithParameters(Seq<Seq<Matrix<T>>> parameters) =>
        new(Layers.Zip(parameters).Map(lp => lp.Item1.WithParameters(lp.Item2)));

    /// <summary>Structural, bit-for-bit equality of every parameter (NaN equals NaN of the same bits).</summary>
    public bool Equals(Network<T>? other) =>
        other is not null && Layers.Count == other.Layers.Count &&
        Layers.Zip(other.Layers).ForAll(p => p.Item1.GetType() == p.Item2.GetType() &&
            p.Item1.SameArchitecture(p.Item2) &&
            p.Item1.Parameters.Count == p.Item2.Parameters.Count &&
            p.Item1.Parameters.Zip(p.Item2.Parameters).ForAll(m => Numerics.Linear.BitwiseEqual(m.Item1, m.Item2)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Layers.Count, Inputs, Outputs);
}

/// <summary>Functions over networks: construction with validation, the forward pass, predictions.</summary>
public static class Network
{
    /// <summary>A network from layers, refusing layers whose sizes do not chain.</summary>
    public static Fin<Network<T>> Create<T>(Seq<Layer<T>> layers) where T : struct, IFloatingPointIeee754<T>
    {
        if (layers.IsEmpty) return Error.New("a network needs at least one layer");
        foreach (var (previous, next, index) in layers.Zip(layers.Tail).Select((p, i) => (p.Item1, p.Item2, i)))
            if (previous.Outputs != next.Inputs)
                return Error.New($"layer {index + 2} takes {next.Inputs} inputs but layer {index + 1} gives {previous.Outputs}");
        return new Network<T>(layers);
    }

    /// <summary>The forward pass, keeping Z and A of every layer for backpropagation.</summary>
    public static ForwardTrace<T> Forward<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        Forward(network, x, Dropout.None(network));

    /// <summary>
    /// The training-mode forward pass: layer l sees its input times its dropout mask, Ã_{l−1} = A_{l−1} ∘ M_l
    /// (with no masks this is the plain pass, bit for bit).
    /// </summary>
    public static ForwardTrace<T> Forward<T>(Network<T> network, Matrix<T> x, DropoutMasks<T> masks) where T : struct, IFloatingPointIeee754<T>
    {
        var (inputs, traces) = network.Layers.Fold((Inputs: Seq<Matrix<T>>(), Traces: Seq<LayerTrace<T>>()), (state, layer) =>
        {
            var l = state.Traces.Count;
            var input = Dropout.Apply(masks, l, l == 0 ? x : state.Traces.Last.A);
            return (state.Inputs.Add(input), state.Traces.Add(layer.Forward(input)));
        });
        return new ForwardTrace<T>(inputs, traces);
    }

    /// <summary>A_L: the network's output for the batch X (examples as columns).</summary>
    public static Matrix<T> Predict<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        OutputTrace(network, x).A;

    /// <summary>The last layer's Z_L and A_L for the batch X, without keeping the other layers' (what a loss needs).</summary>
    public static LayerTrace<T> OutputTrace<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T> =>
        network.Layers.Tail.Fold(network.Layers.Head.Forward(x), (trace, layer) => layer.Forward(trace.A));

    /// <summary>C(X, Y) of the network, without gradients (from Z_L where the output layer allows, see <see cref="Layer{T}.OutputLoss"/>).</summary>
    public static double Cost<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        network.Layers.Last.OutputLoss(loss, OutputTrace(network, x), y);

    /// <summary>The name and value of the first parameter entry that is NaN or ±∞ (W1, b1, W2, … in order), if any.</summary>
    public static Option<(string Name, T Value)> FirstNonFinite<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        network.ParameterNames.Zip(network.Parameters).Bind(l => l.Item1.Zip(l.Item2))
            .Choose(p => Numerics.Linear.FirstNonFinite(p.Item2).Map(v => (p.Item1, v))).HeadOrNone();

    /// <summary>The index of the largest output of each column: the predicted class.</summary>
    public static int[] Classify<T>(Network<T> network, Matrix<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        var a = Predict(network, x);
        return Enumerable.Range(0, a.ColumnCount).Select(j => a.Column(j).MaximumIndex()).ToArray();
    }
}

/// <summary>The forward pass of one batch: what each layer saw, and each layer's Z and A.</summary>
/// <param name="Inputs">The input of each layer: X, then A_{l−1} (times the dropout mask in training mode).</param>
/// <param name="Layers">Each layer's Z and A.</param>
public sealed record ForwardTrace<T>(Seq<Matrix<T>> Inputs, Seq<LayerTrace<T>> Layers) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>What the first layer saw: X (after input dropout, if any).</summary>
    public Matrix<T> Input => Inputs.Head;

    /// <summary>A_L, the network's output.</summary>
    public Matrix<T> Output => Layers.Last.A;

    /// <summary>The input to layer l (0-based): X for the first layer, A_{l−1} after (each times its dropout mask, if any).</summary>
    public Matrix<T> InputTo(int layer) => Inputs[layer];
}
