namespace FunctionalNet.Numerics;

/// <summary>The floating-point type a network computes in.</summary>
public enum Precision
{
    /// <summary>32-bit float, <c>f32</c>.</summary>
    F32,
    /// <summary>64-bit double, <c>f64</c>.</summary>
    F64,
}

/// <summary>
/// A fixed training job whose speed is measured: a network shape, how it trains, and in which precision.
/// The benchmark runs it through <see cref="Training.Epoch{T}"/>, the same path as real training.
/// </summary>
/// <param name="Name">The name printed by the benchmark, e.g. <c>lecture-full-batch</c>.</param>
/// <param name="Sizes">Layer sizes, inputs first, e.g. 784, 16, 16, 10.</param>
/// <param name="Hidden">The activation of every layer but the last.</param>
/// <param name="Output">The activation of the last layer.</param>
/// <param name="Loss">The cost.</param>
/// <param name="Batching">Full batch or mini-batches.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Initializer">How the weights start.</param>
/// <param name="Precision">f32 or f64.</param>
public sealed record Workload(string Name, int[] Sizes, Activation Hidden, Activation Output, Loss Loss, Batching Batching,
    double LearningRate, Initializer Initializer, Precision Precision)
{
    /// <summary>The training options of one epoch of this workload.</summary>
    // Open-ended and never evaluated: a benchmark times the training epochs alone, as many as it asks for.
    public TrainingOptions Options(int seed) => new(Loss, LearningRate, int.MaxValue, Batching, seed) { EvaluateEvery = int.MaxValue };

    /// <summary>The network before training, drawn from <paramref name="seed"/>.</summary>
    public Fin<Network<T>> Network<T>(int seed) where T : struct, IFloatingPointIeee754<T> =>
        LayerSpec.Stack(Sizes, Hidden, Output).Bind(specs => Initialization.Create<T>(specs, Initializer, seed));

    /// <summary>
    /// Floating-point operations in the matrix products of one epoch on <paramref name="examples"/> examples,
    /// counting 2·m·n·k per m × k by k × n product: per layer of n_out × n_in weights, W·A_prev on the way
    /// forward, dZ·A_prevᵀ on the way back, and Wᵀ·dZ for every layer but the first (∂C/∂X is never formed).
    /// Every batch of an epoch together holds each example once, so the batch size cancels.
    /// </summary>
    public double ProductFlopsPerEpoch(int examples) =>
        Enumerable.Range(1, Sizes.Length - 1).Sum(l => 2.0 * Sizes[l] * Sizes[l - 1] * examples * (l == 1 ? 2 : 3));
}

/// <summary>The benchmark's fixed workloads, and synthetic data of MNIST's shapes for them.</summary>
public static class Workloads
{
    /// <summary>The name of the single-product workload: the hardware reference.</summary>
    public const string Sgemm = "sgemm";

    /// <summary>The lecture's 784-16-16-10 network: ReLU on every layer, mean squared error, one full batch, η = 0.1.</summary>
    public static Workload LectureFullBatch(Precision precision) =>
        new("lecture-full-batch", [784, 16, 16, 10], new Activation.ReLU(), new Activation.ReLU(), new Loss.MeanSquared(),
            new Batching.FullBatch(), 0.1, Initializer.Lecture, precision);

    /// <summary>784-16-16-10 with a softmax output and cross-entropy, mini-batches of 64, η = 0.05.</summary>
    public static Workload SmallBatch64(Precision precision) =>
        new("small-batch64", [784, 16, 16, 10], new Activation.ReLU(), new Activation.Softmax(), new Loss.SoftmaxCrossEntropy(),
            new Batching.MiniBatch(64), 0.05, new Initializer.He(), precision);

    /// <summary>784-512-512-10 with a softmax output and cross-entropy, mini-batches of 128, η = 0.05.</summary>
    public static Workload WideBatch128(Precision precision) =>
        new("wide-batch128", [784, 512, 512, 10], new Activation.ReLU(), new Activation.Softmax(), new Loss.SoftmaxCrossEntropy(),
            new Batching.MiniBatch(128), 0.05, new Initializer.He(), precision);

    /// <summary>The training workloads at their standard precisions: the lecture's in f64 and f32, the others in f32.</summary>
    public static Seq<Workload> Standard => Seq(
        LectureFullBatch(Precision.F64), LectureFullBatch(Precision.F32), SmallBatch64(Precision.F32), WideBatch128(Precision.F32));

    /// <summary>
    /// The inference workloads: <see cref="SmallBatch64"/>'s network after one epoch, the test images at batch 1 and
    /// at batch 1,000.
    /// </summary>
    public static Seq<InferenceWorkload> Inference => Seq(
        new InferenceWorkload("inference-batch1", 1, SmallBatch64(Precision.F32)),
        new InferenceWorkload("inference-batch1000", 1_000, SmallBatch64(Precision.F32)));

    /// <summary>The names of every workload: the training ones, <see cref="Sgemm"/>, then the inference ones.</summary>
    public static Seq<string> Names => Standard.Map(w => w.Name).Distinct().Add(Sgemm).Concat(Inference.Map(w => w.Name));

    /// <summary>
    /// The largest product of <see cref="WideBatch128"/>: the first layer's W·X, 512 × 784 by 784 × 128
    /// (its gradient dZ·Xᵀ has the same m·n·k).
    /// </summary>
    public static (int M, int N, int K) SgemmShape => (512, 128, 784);

    /// <summary>
    /// <paramref name="examples"/> synthetic examples of MNIST's shapes, as the real data arrives: pixels as bytes
    /// (28 × 28 = 784 per example, 80% of them 0 as in MNIST) and labels 0–9, all drawn from <paramref name="seed"/>.
    /// </summary>
    public static (byte[] Pixels, byte[] Labels) SyntheticMnist(int examples, int seed) =>
        Synthetic(examples, Seeds.Generator(seed, Seeds.Streams.Batch, 0));

    /// <summary>
    /// <paramref name="examples"/> more synthetic examples drawn as <see cref="SyntheticMnist"/>'s, from a stream of
    /// their own: the synthetic data's test set.
    /// </summary>
    public static (byte[] Pixels, byte[] Labels) SyntheticMnistTest(int examples, int seed) =>
        Synthetic(examples, Seeds.Generator(seed, Seeds.Streams.Batch, 2));

    private static (byte[] Pixels, byte[] Labels) Synthetic(int examples, System.Random random)
    {
        var pixels = new byte[examples * 784];
        for (var k = 0; k < pixels.Length; k++) pixels[k] = random.NextDouble() < 0.8 ? (byte)0 : (byte)random.Next(1, 256);
        var labels = new byte[examples];
        for (var k = 0; k < labels.Length; k++) labels[k] = (byte)random.Next(10);
        return (pixels, labels);
    }

    /// <summary>
    /// The lecture's layout: X is 784 × m with pixel/255 in each column, Y is 10 × m one-hot.
    /// <paramref name="pixels"/> holds the examples one after another (784 bytes each).
    /// </summary>
    public static (Matrix<T> X, Matrix<T> Y) Examples<T>(byte[] pixels, byte[] labels) where T : struct, IFloatingPointIeee754<T>
    {
        var x = new T[pixels.Length];
        for (var k = 0; k < x.Length; k++) x[k] = T.CreateChecked(pixels[k]) / T.CreateChecked(255);
        var y = new T[labels.Length * 10];
        for (var j = 0; j < labels.Length; j++) y[j * 10 + labels[j]] = T.One;
        return (Matrix<T>.Build.Dense(784, labels.Length, x), Matrix<T>.Build.Dense(10, labels.Length, y));
    }
}
