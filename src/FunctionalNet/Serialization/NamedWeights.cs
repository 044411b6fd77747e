using System.Globalization;

namespace FunctionalNet.Serialization;

/// <summary>How the arrays of an imported file are named.</summary>
public enum WeightNames
{
    /// <summary>FunctionalNet's own, as <c>export --format npz</c> writes them: W1, b1, W2, b2, … (W outputs × inputs, b outputs × 1).</summary>
    FunctionalNet,

    /// <summary>A PyTorch <c>state_dict</c> of Linear layers: <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, … (weight outputs × inputs, bias a vector).</summary>
    PyTorch,
}

/// <summary>
/// A dense network from named arrays (an imported <c>.npz</c>): each layer's weight and bias found by name, checked
/// against the layer sizes given, converted to the network's precision. NumPy and PyTorch hold a weight as
/// outputs × inputs, as the library does (W·A_prev + B), so nothing is transposed; a float32 array read into float32
/// and a float64 one into float64 keep their bits.
/// </summary>
public static class NamedWeights
{
    /// <summary>Which naming the arrays follow: W1 present means ours, a name ending in <c>.weight</c> PyTorch's.</summary>
    public static Fin<WeightNames> Naming(Seq<NpyArray> arrays) =>
        arrays.Exists(a => a.Name == "W1") ? WeightNames.FunctionalNet
        : arrays.Exists(a => a.Name.EndsWith(".weight", StringComparison.Ordinal)) ? WeightNames.PyTorch
        : Error.New($"the .npz file has neither W1, b1, … (FunctionalNet's names) nor 0.weight, 0.bias, … (a PyTorch state_dict's); it holds {List(arrays.Map(a => a.Name))}");

    /// <summary>
    /// The network <paramref name="sizes"/> describe (dense layers, <paramref name="hidden"/> on every layer but the
    /// last, <paramref name="output"/> on the last) with the arrays' values, or one line naming the first array that is
    /// missing, left over, mis-shaped or not finite.
    /// </summary>
    public static Fin<Network<T>> Network<T>(Seq<NpyArray> arrays, IReadOnlyList<int> sizes, Activation hidden, Activation output)
        where T : struct, IFloatingPointIeee754<T> =>
        from specs in LayerSpec.Stack(sizes, hidden, output)
        from naming in Naming(arrays)
        from names in Names(naming, arrays, specs.Count, sizes)
        from layers in toSeq(specs.Zip(names).Select((pair, l) => Layer<T>(arrays, (LayerSpec.Dense)pair.Item1, pair.Item2, l + 1))).Sequence()
        from unused in Unused(arrays, names)
        from network in FunctionalNet.Network.Create(layers.Strict())
        select network;

    // Each layer's (weight, bias) names: ours by number; PyTorch's by the prefix before .weight, in numeric order when
    // every prefix is a number (nn.Sequential skips the activations' indices: 0, 2, 4), else in the file's order.
    private static Fin<Seq<(string Weight, string Bias)>> Names(WeightNames naming, Seq<NpyArray> arrays, int layers, IReadOnlyList<int> sizes)
    {
        if (naming == WeightNames.FunctionalNet)
            return toSeq(Enumerable.Range(1, layers).Select(l => ($"W{l}", $"b{l}"))).Strict();
        var prefixes = arrays.Map(a => a.Name).Filter(n => n.EndsWith(".weight", StringComparison.Ordinal)).Map(n => n[..^7]).Strict();
        if (prefixes.ForAll(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            prefixes = prefixes.OrderBy(p => int.Parse(p, CultureInfo.InvariantCulture)).ToSeq().Strict();
        if (prefixes.Count != layers)
            return Error.New($"the .npz file has {prefixes.Count} weight matrices ({List(prefixes.Map(p => p + ".weight"))}) but --layers {string.Join(",", sizes)} makes {layers} layers");
        return prefixes.Map(p => (p + ".weight", p + ".bias")).Strict();
    }

    private static Fin<Layer<T>> Layer<T>(Seq<NpyArray> arrays, LayerSpec.Dense spec, (string Weight, string Bias) names, int layer)
        where T : struct, IFloatingPointIeee754<T> =>
        from weight in Find(arrays, names.Weight, $"layer {layer}'s weights")
        from bias in Find(arrays, names.Bias, $"layer {layer}'s bias")
        from w in ToMatrix<T>(weight, spec.Outputs, spec.Inputs, vector: false, $"{spec.Outputs}×{spec.Inputs} (outputs × inputs) for layer {layer}")
        from b in ToMatrix<T>(bias, spec.Outputs, 1, vector: true, $"({spec.Outputs},) or ({spec.Outputs}, 1) for layer {layer}")
        select (Layer<T>)new DenseLayer<T>(w, Some(b), spec.Activation);

    private static Fin<NpyArray> Find(Seq<NpyArray> arrays, string name, string what) =>
        arrays.Find(a => a.Name == name).ToFin(Error.New($"the .npz file has no {name} ({what})"));

    // The array as a rows × columns matrix, if its shape is that (or, for a bias, the vector of its rows) and every value is finite in T.
    private static Fin<Matrix<T>> ToMatrix<T>(NpyArray array, int rows, int columns, bool vector, string expected) where T : struct, IFloatingPointIeee754<T>
    {
        var fits = array.Shape.SequenceEqual(Seq((long)rows, (long)columns)) || (vector && array.Shape.SequenceEqual(Seq1((long)rows)));
        if (!fits) return Error.New($"{array.Name} has shape {array.ShapeText}; the layers need {expected}");
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<T>.Build.Dense(rows, columns, (i, j) => T.CreateChecked(array.Values[i * columns + j]));
        var bad = Numerics.Linear.FirstNonFinite(matrix);
        return bad.IsSome ? Error.New($"{array.Name} holds {bad.Map(v => v.ToString()).IfNone("")} in {ModelFile.PrecisionOf<T>()}: every parameter must be finite") : matrix;
    }

    private static Fin<Unit> Unused(Seq<NpyArray> arrays, Seq<(string Weight, string Bias)> names)
    {
        var used = names.Bind(n => Seq(n.Weight, n.Bias)).ToHashSet();
        var unused = arrays.Map(a => a.Name).Filter(n => !used.Contains(n)).Strict();
        return unused.IsEmpty ? unit : Error.New($"the .npz file holds arrays the layers do not use: {List(unused)}");
    }

    private static string List(Seq<string> names) =>
        string.Join(", ", names.Take(8).Map(n => n.Length > 40 ? n[..40] + "…" : n)) + (names.Count > 8 ? $", … ({names.Count} in all)" : "");
}
