using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FunctionalNet;
using FunctionalNet.Data;
using FunctionalNet.Serialization;
using FunctionalNet.Serialization.Onnx;
using InferenceBench;
using MathNet.Numerics.LinearAlgebra;

// dotnet run --project benchmarks/InferenceBench -c Release -- [--model FILE.fnet | --recipe small|best] [--rounds 5]
//   [--threads 1] [--lanes 1|2] [--mnist DIR] [--json]
// Times the 10,000 MNIST test images through FunctionalNet (Network.Predict) and through ONNX Runtime (the same
// network exported by OnnxModel.Encode), at batch 1 and batch 1,000, interleaved round by round; prints images/s.
var options = BenchArguments.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: InferenceBench [--model FILE.fnet | --recipe small|best] [--seed N] [--rounds N] [--threads N] [--lanes 1|2] [--mnist DIR] [--json]");
    return 2;
}
// The library's products on OpenBLAS unless FUNCTIONALNET_BACKEND=managed, as the CLI chooses (HostExecutor).
FunctionalNet.Numerics.Executor.Default = FunctionalNet.Numerics.Executor.Choose(
    Environment.GetEnvironmentVariable("FUNCTIONALNET_BACKEND"), 1, Math.Min(options.Lanes, Environment.ProcessorCount), "FUNCTIONALNET_BACKEND");
var directory = options.Mnist ?? Environment.GetEnvironmentVariable("FUNCTIONALNET_DATA")
    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "functionalnet", "mnist");
var test = Dataset.Read<float>(File.ReadAllBytes(Path.Combine(directory, "t10k-images-idx3-ubyte")), "t10k-images-idx3-ubyte",
    File.ReadAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte")), "t10k-labels-idx1-ubyte").ThrowIfFail();
var model = options.Model is { } path
    ? ModelFile.Decode<float>(File.ReadAllBytes(path)).ThrowIfFail()
    : new Model<float>(Recipes.Network<float>(Recipes.Find(options.Recipe).ThrowIfFail(), options.Seed).ThrowIfFail(), ModelMetadata.None("bench"));
var onnx = OnnxModel.Encode(model, "bench").ThrowIfFail();

using var ort = new OrtEngine(onnx, options.Threads);
var engines = new IEngine[] { new FunctionalNetEngine(model.Network, serving: false), new FunctionalNetEngine(model.Network, serving: true), ort };
var batches = new[] { 1, 1_000 };
var prepared = engines.SelectMany(e => batches.Select(b => (Engine: e, Batch: b, Run: e.Prepare(test.X, b)))).ToArray();
var seconds = prepared.ToDictionary(p => (p.Engine.Name, p.Batch), _ => new List<double>());
foreach (var p in prepared) p.Run();   // warm-up: every kernel compiled and every buffer touched once
for (var round = 0; round < options.Rounds; round++)
    foreach (var p in prepared)          // interleaved: each round times every engine and batch once
    {
        var clock = Stopwatch.StartNew();
        p.Run();
        seconds[(p.Engine.Name, p.Batch)].Add(clock.Elapsed.TotalSeconds);
    }

var (theirs, ours, served) = (ort.Classes(test.X), Network.Classify(model.Network, test.X), FunctionalNet.Numerics.Inference.Classify(model.Network, test.X));
var agreement = Enumerable.Range(0, test.Count).Count(j => theirs[j] == ours[j]);
var servedAgreement = Enumerable.Range(0, test.Count).Count(j => served[j] == ours[j]);
var largest = (double)(FunctionalNet.Numerics.Inference.Predict(model.Network, test.X) - Network.Predict(model.Network, test.X)).Enumerate().Max(Math.Abs);
var layers = string.Join("-", model.Network.Layers.Select(l => l.Inputs).Append(model.Network.Outputs));
if (!options.Json)
{
    Console.WriteLine($"{layers} f32, {test.Count:N0} MNIST test images, {options.Rounds} interleaved rounds, ONNX Runtime with {options.Threads} intra-op thread(s), FunctionalNet in {(FunctionalNet.Numerics.Executor.Default.SideBySide ? 2 : 1)} lane(s), " +
        $"FunctionalNet on {FunctionalNet.Numerics.Backend.Active.Name}; " +
        $"ONNX Runtime's class equals Network.Predict's for {agreement:N0} of {test.Count:N0}, Inference.Predict's for {servedAgreement:N0} (largest |Δ| {largest:G2})");
    Console.WriteLine($"{"engine",-14}{"batch",7}{"best images/s",16}{"median images/s",18}");
}
foreach (var batch in batches)
    foreach (var engine in engines)
    {
        var times = seconds[(engine.Name, batch)].Order().ToArray();
        var (best, median) = (test.Count / times[0], test.Count / times[times.Length / 2]);
        if (options.Json)
            Console.WriteLine(new JsonObject
            {
                ["engine"] = engine.Name, ["batch"] = batch, ["layers"] = layers, ["images"] = test.Count, ["rounds"] = options.Rounds,
                ["threads"] = options.Threads, ["lanes"] = FunctionalNet.Numerics.Executor.Default.SideBySide ? 2 : 1, ["best_images_per_second"] = best, ["median_images_per_second"] = median,
                ["same_class"] = agreement, ["inference_same_class"] = servedAgreement, ["inference_largest_difference"] = largest, ["backend"] = FunctionalNet.Numerics.Backend.Active.Name,
            }.ToJsonString());
        else
            Console.WriteLine($"{engine.Name,-14}{batch,7}{best.ToString("N0", CultureInfo.InvariantCulture),16}{median.ToString("N0", CultureInfo.InvariantCulture),18}");
    }
return 0;
