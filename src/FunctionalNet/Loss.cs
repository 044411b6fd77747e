namespace FunctionalNet;

/// <summary>How a loss combines the examples of a batch.</summary>
public enum Reduction
{
    /// <summary>Summed over examples: the batch gradient is the sum of the per-example gradients.</summary>
    Sum,
    /// <summary>Averaged over examples: the batch gradient is the mean of the per-example gradients.</summary>
    Mean,
}

/// <summary>
/// A loss (cost) C(A, Y) of the network's output A against the targets Y (one column per example).
/// A closed union; <see cref="Losses"/> gives each case's value and output delta side by side.
/// </summary>
public abstract record Loss
{
    private Loss() { }

    /// <summary>½ Σ (y − ŷ)², summed over examples: the lecture's single neuron.</summary>
    public sealed record HalfSumSquares : Loss;
    /// <summary>(1/m) Σ |a − y|²: the lecture's MNIST cost, whose delta is 2(A − Y)∘f′(Z) averaged over the batch.</summary>
    public sealed record MeanSquared : Loss;
    /// <summary>−(1/m) Σ [y log a + (1 − y) log(1 − a)]: needs a sigmoid output, whose values lie in (0, 1).</summary>
    public sealed record BinaryCrossEntropy : Loss;
    /// <summary>−(1/m) Σ y log a over a softmax output: the lecture's cross-entropy.</summary>
    public sealed record SoftmaxCrossEntropy : Loss;

    /// <summary>
    /// A constant factor c on the loss, 1 unless set (<c>new Loss.MeanSquared() with { Scale = 0.5 }</c>):
    /// the value and the output delta are both multiplied by c, so every gradient scales by c.
    /// </summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Whether the loss sums or averages over the examples of a batch.</summary>
    public Reduction Reduction => this is HalfSumSquares ? Reduction.Sum : Reduction.Mean;

    /// <summary>The name used on the command line and in model files.</summary>
    public string Name => this switch
    {
        HalfSumSquares => "half-sse",
        MeanSquared => "mse",
        BinaryCrossEntropy => "bce",
        SoftmaxCrossEntropy => "softmax-ce",
        _ => throw new UnreachableException(),
    };

    /// <summary>The names accepted by <see cref="Parse"/>, as on the command line.</summary>
    public static readonly IReadOnlyList<string> Names = ["half-sse", "mse", "bce", "softmax-ce"];

    /// <summary>A loss from its name.</summary>
    public static Fin<Loss> Parse(string name) => name switch
    {
        "half-sse" => new HalfSumSquares(),
        "mse" => new MeanSquared(),
        "bce" => new BinaryCrossEntropy(),
        "softmax-ce" => new SoftmaxCrossEntropy(),
        _ => Error.New($"unknown loss '{name}' (expected one of: {string.Join(", ", Names)})"),
    };

    /// <summary>The name, with any scale: <c>mse</c>, <c>0.5·mse</c>. Sealed, so the cases print this and not a record dump.</summary>
    public sealed override string ToString() => Scale == 1.0 ? Name : $"{Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}·{Name}";
}
