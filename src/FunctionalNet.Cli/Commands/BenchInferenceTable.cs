using System.Text.Json.Nodes;
using FunctionalNet.Numerics;

namespace FunctionalNet.Cli;

/// <summary>
/// How <c>functionalnet bench</c> shows an inference workload: two rows of a table (one per pass, the serving pass's
/// with its ratio to the reference) or one JSON line.
/// </summary>
public static class BenchInferenceTable
{
    /// <summary>The names of the two passes, as the rows and the help show them.</summary>
    public const string Reference = "Network.Predict", Serving = "Inference.Predict";

    /// <summary>What is timed, and the table's header.</summary>
    public static void WriteHeader(TextWriter output, int images, int rounds, string backend)
    {
        output.WriteLine($"inference: {images:N0} test images, {rounds} interleaved rounds after a warm-up pass; {Reference} through {backend}, " +
            $"{Serving} on its own kernels; {Lanes} lane(s)");
        output.WriteLine($"{"workload",-20}{"precision",-11}{"pass",-18}{"best images/s",15}{"median images/s",17}{"same class",15}{"÷ reference",13}{"largest |Δ|",13}  {"parameters (SHA-256)"}");
    }

    /// <summary>The workload's two rows.</summary>
    public static void WriteRows(TextWriter output, InferenceResult r)
    {
        output.WriteLine(Row(r, Reference, r.Reference, "", "") + $"  {r.Fingerprint}");
        output.WriteLine(Row(r, Serving, r.Serving, Number.Fixed(r.ServingOverReference, 2) + "×", Number.Scientific(r.LargestDifference)));
    }

    private static string Row(InferenceResult r, string pass, PassSpeed speed, string ratio, string difference) =>
        $"{r.Name,-20}{r.Precision,-11}{pass,-18}{Count(speed.BestImagesPerSecond),15}{Count(speed.MedianImagesPerSecond),17}" +
        $"{$"{Count(speed.SameClass)}/{Count(r.Images)}",15}{ratio,13}{difference,13}";

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The workload as one JSON object.</summary>
    public static JsonObject Json(InferenceResult r, Backend backend) => new()
    {
        ["name"] = r.Name, ["precision"] = r.Precision, ["batch"] = r.Batch, ["images"] = r.Images, ["rounds"] = r.Rounds,
        ["network_best_images_per_second"] = r.Reference.BestImagesPerSecond, ["network_median_images_per_second"] = r.Reference.MedianImagesPerSecond,
        ["network_same_class"] = r.Reference.SameClass,
        ["inference_best_images_per_second"] = r.Serving.BestImagesPerSecond, ["inference_median_images_per_second"] = r.Serving.MedianImagesPerSecond,
        ["inference_same_class"] = r.Serving.SameClass, ["inference_over_network"] = r.ServingOverReference,
        ["inference_largest_difference"] = r.LargestDifference, ["fingerprint"] = r.Fingerprint, ["input_density"] = r.InputDensity,
        ["backend"] = backend.Name, ["threads"] = backend.Threads, ["lanes"] = Lanes,
    };

    // The serving pass splits a large batch's columns into two lanes on two cores when the executor allows it
    // (DOTNET_PROCESSOR_COUNT=1 gives one lane).
    private static int Lanes => Executor.Current.SideBySide ? 2 : 1;
}
