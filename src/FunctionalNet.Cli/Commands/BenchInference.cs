using FunctionalNet.Numerics;

namespace FunctionalNet.Cli;

/// <summary>One forward pass's measured speed over every test image.</summary>
/// <param name="BestImagesPerSecond">Images per second of the fastest timed round.</param>
/// <param name="MedianImagesPerSecond">Images per second of the median round (the slower middle one for an even count).</param>
/// <param name="SameClass">How many images it gives the class that <see cref="Network.Predict{T}"/> gives them all at once.</param>
public sealed record PassSpeed(double BestImagesPerSecond, double MedianImagesPerSecond, int SameClass);

/// <summary>One inference workload's measured speed: the reference pass and the serving pass on the same batches.</summary>
/// <param name="Name">The workload.</param>
/// <param name="Precision"><c>f32</c> or <c>f64</c>.</param>
/// <param name="Batch">Images per call.</param>
/// <param name="Images">Test images, all of them timed in every round.</param>
/// <param name="Rounds">Timed rounds of each pass, after one warm-up pass each.</param>
/// <param name="Reference"><see cref="Network.Predict{T}"/>, through the active backend.</param>
/// <param name="Serving"><see cref="Inference.Predict{T}"/>, on its own kernels whatever the backend.</param>
/// <param name="LargestDifference">The largest |Δ| of an output of the serving pass from <see cref="Network.Predict{T}"/>'s.</param>
/// <param name="Fingerprint">SHA-256 of the timed network's parameter bits, as the training workloads print theirs.</param>
/// <param name="InputDensity">The fraction of the test images' pixels that are not zero.</param>
public sealed record InferenceResult(string Name, string Precision, int Batch, int Images, int Rounds, PassSpeed Reference, PassSpeed Serving,
    double LargestDifference, string Fingerprint, double InputDensity)
{
    /// <summary>The serving pass's best speed over the reference's.</summary>
    public double ServingOverReference => Serving.BestImagesPerSecond / Reference.BestImagesPerSecond;
}

/// <summary>
/// Times an inference workload: the test images cut into batches before the clock starts, each batch through
/// <see cref="Network.Predict{T}"/> (the reference, the bits <c>evaluate</c> prints) and through
/// <see cref="Inference.Predict{T}"/> (the serving pass), one warm-up pass each, then the two interleaved round by
/// round, as <c>benchmarks/InferenceBench</c> does without ONNX Runtime.
/// </summary>
public static class BenchInference
{
    /// <summary>The measured speed of <paramref name="workload"/> on <paramref name="network"/> over the columns of <paramref name="x"/>.</summary>
    public static InferenceResult Run<T>(InferenceWorkload workload, Network<T> network, Matrix<T> x, int rounds, string fingerprint)
        where T : struct, IFloatingPointIeee754<T>
    {
        var batches = Enumerable.Range(0, (x.ColumnCount + workload.Batch - 1) / workload.Batch)
            .Select(b => x.SubMatrix(0, x.RowCount, b * workload.Batch, Math.Min(workload.Batch, x.ColumnCount - b * workload.Batch))).ToArray();
        Func<Network<T>, Matrix<T>, Matrix<T>>[] passes = [Network.Predict, Inference.Predict];
        var seconds = passes.Select(_ => new List<double>()).ToArray();
        foreach (var pass in passes) Pass(pass, network, batches);   // warm-up: JIT, OpenBLAS's threads, the serving pass's weight layout
        for (var round = 0; round < rounds; round++)
            for (var p = 0; p < passes.Length; p++)
            {
                var clock = Stopwatch.StartNew();
                Pass(passes[p], network, batches);
                seconds[p].Add(clock.Elapsed.TotalSeconds);
            }

        // Untimed: the classes each pass gives through the same batches, against Network.Predict on all images at once.
        var reference = Network.Predict(network, x);
        var classes = Classes(reference);
        var outputs = passes.Select(pass => Matrix<T>.Build.Dense(network.Outputs, x.ColumnCount,
            batches.SelectMany(b => pass(network, b).ToColumnMajorArray()).ToArray())).ToArray();
        var speeds = passes.Select((_, p) =>
        {
            var times = seconds[p].Order().ToArray();
            var same = Classes(outputs[p]).Where((c, j) => c == classes[j]).Count();
            return new PassSpeed(x.ColumnCount / times[0], x.ColumnCount / times[times.Length / 2], same);
        }).ToArray();
        var largest = double.CreateChecked((outputs[1] - reference).Enumerate().Select(v => T.Abs(v)).Max());
        return new InferenceResult(workload.Name, workload.Precision == Precision.F32 ? "f32" : "f64", workload.Batch, x.ColumnCount, rounds,
            speeds[0], speeds[1], largest, fingerprint, SparseColumns.Density(x));
    }

    private static void Pass<T>(Func<Network<T>, Matrix<T>, Matrix<T>> pass, Network<T> network, Matrix<T>[] batches)
        where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var batch in batches) _ = pass(network, batch);
    }

    private static int[] Classes<T>(Matrix<T> a) where T : struct, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, a.ColumnCount).Select(j => a.Column(j).MaximumIndex()).ToArray();
}
