
namespace FunctionalNet;

/// <summary>How to draw a layer's first weights. Every draw comes from an explicit seed.</summary>
public abstract record Initializer
{
    private Initializer() { }

    /// <summary>Weights and biases from Uniform(Low, High): the lecture's <c>np.random.rand(...) − 0.5</c> is (−0.5, 0.5).</summary>
    public sealed record Uniform(double Low, double High) : Initializer;

    /// <summary>Glorot/Xavier uniform: W ~ U(±√(6/(in+out))), biases 0. Suits sigmoid and tanh.</summary>
    public sealed record Glorot : Initializer;

    /// <summary>He normal: W ~ N(0, 2/in), biases 0. Suits ReLU.</summary>
    public sealed record He : Initializer;

    /// <summary>The lecture's Uniform(−0.5, 0.5).</summary>
    public static Initializer Lecture => new Uniform(-0.5, 0.5);

    /// <summary>The name used on the command line and in model files.</summary>
    public string Name => this switch
    {
        Uniform => "uniform",
        Glorot => "glorot",
        He => "he",
        _ => throw new UnreachableException(),
    };
}

/// <summary>Builds networks from layer shapes, an initializer and a seed: the same inputs give the same bits.</summary>
public static class Initialization
{
    /// <summary>
    /// A network of the given layers. Parameter p of layer l is drawn from its own stream
    /// (seed, l, p) in double precision and then rounded to T, so a float network is its double twin, rounded.
    /// </summary>
    public static Fin<Network<T>> Create<T>(Seq<LayerSpec> specs, Initializer initializer, int seed)
        where T : struct, IFloatingPointIeee754<T> =>
        Limits.Layers(specs).Bind(_ => Network.Create(toSeq(specs.Select((spec, l) => spec.Create<T>(initializer, seed, l))).Strict()));

    /// <summary>
    /// One parameter matrix, rows × columns, drawn from the stream (seed, <paramref name="layer"/>, <paramref name="index"/>)
    /// down each column, column by column. A weight matrix's fan-in is its column count; biases of Glorot and He start at zero.
    /// </summary>
    public static Matrix<T> Draw<T>(Initializer initializer, int rows, int columns, bool isBias, int seed, int layer, int index)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = Seeds.Generator(seed, Seeds.Streams.Initialization, layer, index);
        var arithmetic = Numerics.Arithmetic.Current;   // the portable one draws He's normals with its own log
        Func<double> sample = (initializer, isBias) switch
        {
            (Initializer.Uniform u, _) => () => u.Low + (u.High - u.Low) * random.NextDouble(),
            (_, true) => () => 0.0,
            (Initializer.Glorot, false) => Limit(Math.Sqrt(6.0 / (rows + columns)), random),
            (Initializer.He, false) => () => arithmetic.Normal(random, 0.0, Math.Sqrt(2.0 / columns)),
            _ => throw new UnreachableException(),
        };
        // In 64 bits: a product that wraps a 32-bit int would allocate a too-small array (Limits.Matrix refuses it first).
        var count = (long)rows * columns;
        if (rows < 0 || columns < 0 || count > Limits.MatrixEntries)
            throw new ArgumentOutOfRangeException(nameof(rows), FormattableString.Invariant($"a {rows}×{columns} matrix is more than one matrix holds"));
        var values = new T[count];
        for (var k = 0; k < values.Length; k++) values[k] = T.CreateChecked(sample());
        return Matrix<T>.Build.Dense(rows, columns, values);
    }

    private static Func<double> Limit(double limit, System.Random random) => () => -limit + 2 * limit * random.NextDouble();
}
