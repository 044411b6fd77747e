using System.Text.Json.Nodes;
using FunctionalNet.Numerics;

namespace FunctionalNet.Cli;

/// <summary>The validated options of <c>functionalnet bench</c>.</summary>
/// <param name="Dataset">A directory of MNIST IDX files, or null for synthetic data.</param>
/// <param name="Workloads">The workload names to run, in the standard order.</param>
/// <param name="Precision">Run every workload in this precision; null for each workload's own.</param>
/// <param name="Epochs">Timed epochs per training workload, after one warm-up epoch; timed rounds per inference workload, after one warm-up pass.</param>
/// <param name="Seed">Seeds the networks, the shuffles and the synthetic data.</param>
/// <param name="Dense">Keep the first layer's products dense even when X is mostly zeros.</param>
public sealed record BenchOptions(string? Dataset, string[] Workloads, Precision? Precision, int Epochs, int Seed, bool Dense = false);

/// <summary>One workload's measured speed.</summary>
/// <param name="Name">The workload.</param>
/// <param name="Precision"><c>f32</c> or <c>f64</c>.</param>
/// <param name="SecondsPerEpoch">Mean wall-clock seconds of the timed epochs (null for <c>sgemm</c>).</param>
/// <param name="ExamplesPerSecond">Training examples per second (null for <c>sgemm</c>).</param>
/// <param name="Gflops">
/// Billions of floating-point operations per second in the matrix products, each counted as dense (2·m·n·k), as NumPy
/// computes them: with sparse input the work done is smaller, so this is the rate of the dense work it replaces.
/// </param>
/// <param name="Repetitions">Timed epochs, or timed products for <c>sgemm</c>.</param>
/// <param name="SecondsPerProduct">Seconds per product (only for <c>sgemm</c>).</param>
/// <param name="Loss">The training loss of the last timed epoch (not for <c>sgemm</c>): a check that it trained.</param>
/// <param name="Fingerprint">SHA-256 of the trained parameters' bits (or the product's), to compare runs bit for bit.</param>
/// <param name="Input">
/// <c>sparse</c> when the first layer's products ran on X's nonzero entries, <c>dense</c> otherwise (and for <c>sgemm</c>).
/// </param>
/// <param name="InputDensity">The fraction of X's entries that are not zero (null for <c>sgemm</c>).</param>
public sealed record BenchResult(string Name, string Precision, double? SecondsPerEpoch, double? ExamplesPerSecond, double Gflops,
    int Repetitions, double? SecondsPerProduct, double? Loss, string Fingerprint, string Input, double? InputDensity);

/// <summary>The bench's data as the files hold it: pixels as bytes, 784 per example, and labels.</summary>
/// <param name="Train">The training set, which every training workload times and every inference network trains on.</param>
/// <param name="Test">The test set, loaded only when an inference workload is chosen.</param>
public sealed record BenchData((byte[] Pixels, byte[] Labels) Train, (byte[] Pixels, byte[] Labels)? Test);

/// <summary>
/// <c>functionalnet bench</c>: fixed training workloads timed through the library's own training path
/// (<see cref="Training.Epoch{T}"/>) after a warm-up epoch, one bare matrix product as the hardware reference, and
/// the test images through the library's two forward passes (<see cref="BenchInference"/>).
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var dataset = SharedOptions.Dataset(defaultValue: null);
        var synthetic = new Option<bool>("--synthetic") { Description = "time on 60,000 seeded random examples of MNIST's shapes instead of MNIST (and 10,000 more as test images)" };
        var workloads = new Option<string?>("--workloads") { Description = $"comma-separated workloads to run (default: all): {string.Join(", ", Workloads.Names)}" };
        var precision = SharedOptions.Precision(defaultValue: null, "run every workload in this precision (default: lecture-full-batch in both, the rest in f32)");
        var epochs = SharedOptions.Epochs(3, "per workload, timed after one warm-up epoch (rounds of an inference workload, after a warm-up pass), 1–1,000");
        var seed = SharedOptions.Seed(0, "the networks, the shuffles and the synthetic data");
        var json = SharedOptions.Json("one object per workload and line; the last is the summary");
        var backends = new Option<string?>("--backends")
        {
            Description = $"comma-separated backends to time one after the other, with the ratio of each to the first: {string.Join(", ", BackendNames)} (default: the active one)",
        };
        var dense = new Option<bool>("--dense")
        {
            Description = "keep the first layer's products dense, as NumPy computes them (by default they run on X's nonzero entries when X is mostly zeros, as MNIST is)",
        };

        var command = new Command("bench",
            "Times fixed workloads: training through the library's training path (one warm-up epoch, then --epochs timed\n" +
            "epochs), and inference through its two forward passes (a warm-up pass, then --epochs timed rounds).\n" +
            "  lecture-full-batch  784-16-16-10, ReLU, mean squared error, one batch of all 60,000 examples (f64 and f32)\n" +
            "  small-batch64       784-16-16-10, softmax cross-entropy, mini-batches of 64 (f32)\n" +
            "  wide-batch128       784-512-512-10, softmax cross-entropy, mini-batches of 128 (f32)\n" +
            "  sgemm               one 512×784 by 784×128 product, the largest in wide-batch128 (f32)\n" +
            "  inference-batch1    the 10,000 test images one at a time through small-batch64's network after one epoch (f32)\n" +
            "  inference-batch1000 the same in batches of 1,000\n" +
            "An inference workload trains its network for one epoch on the training set with --seed (a ReLU layer's zeros, and\n" +
            "so the speed, depend on the weights), cuts the batches before the clock starts, and times Network.Predict (the\n" +
            "reference, through the backend) and Numerics.Inference.Predict (the serving pass, on its own kernels: it does not\n" +
            "go through the backend) interleaved, --epochs rounds after a warm-up pass each. It prints images/s best and median,\n" +
            "the ratio serving ÷ reference (best), and how many images each pass classifies as Network.Predict does on all of\n" +
            "them at once.\n" +
            $"Products run on OpenBLAS, one thread each, with column blocks on two cores ({HostExecutor.BackendVariable}=managed forces MathNet's managed\n" +
            $"code, {HostExecutor.BackendVariable}=portable the portable backend, the same bits on every machine; --backends times several in one run;\n" +
            $"{HostExecutor.BlasThreadsVariable}=N gives OpenBLAS N threads). When X is mostly zeros (MNIST: 81%), the first layer's\n" +
            "W·X and dZ·Xᵀ run on its nonzero entries; --dense times them dense. GFLOP/s counts every product as dense.\n" +
            "Inference against ONNX Runtime (kept out of this tool: its native libraries are 390 MB) has a project of its own,\n" +
            "which times the same two passes beside ONNX Runtime on a model file:\n" +
            "  dotnet run --project benchmarks/InferenceBench -c Release -- --model runs/small/model.fnet\n" +
            "Examples:\n  functionalnet bench --synthetic\n  functionalnet bench --synthetic --workloads lecture-full-batch --precision f64 --json\n" +
            "  functionalnet bench --workloads lecture-full-batch --dense\n" +
            "  functionalnet bench --synthetic --workloads small-batch64,wide-batch128 --backends openblas,portable\n" +
            "  functionalnet bench --workloads inference-batch1,inference-batch1000 --epochs 9")
        {
            dataset, synthetic, workloads, precision, epochs, seed, json, dense, backends,
        };
        command.SetAction(result =>
        {
            var options = Validate(result.GetValue(dataset), result.GetValue(synthetic), result.GetValue(workloads),
                result.GetValue(precision), result.GetValue(epochs), result.GetValue(seed)) with { Dense = result.GetValue(dense) };
            var executors = Executors(result.GetValue(backends));
            var data = Load(options);
            var asJson = result.GetValue(json);
            var timed = new List<(string Backend, string Name, string Precision, double Speed)>();
            var trained = new Dictionary<(string, Precision), object>();   // each inference network, trained under the first backend
            foreach (var executor in executors)
            {
                using var use = executor.Use();
                var backend = executor.Backend;
                if (!asJson)
                {
                    io.Out.WriteLine($"backend {backend.Name} ({backend.Threads} threads, {backend.Detail}); data {Describe(options, data)}");
                    if (options.Workloads.Any(n => !IsInference(n)))
                        io.Out.WriteLine($"{"workload",-20}{"precision",-11}{"input",-8}{"s/epoch",10}{"examples/s",14}{"GFLOP/s",10}  {"parameters (SHA-256)"}");
                }
                foreach (var r in Run(options, data.Train))
                {
                    timed.Add((backend.Name, r.Name, r.Precision, r.Gflops));
                    if (asJson)
                        Json.Line(io.Out, new JsonObject
                        {
                            ["name"] = r.Name, ["precision"] = r.Precision, ["seconds_per_epoch"] = r.SecondsPerEpoch, ["examples_per_second"] = r.ExamplesPerSecond,
                            ["gflops"] = r.Gflops, ["repetitions"] = r.Repetitions, ["seconds_per_product"] = r.SecondsPerProduct, ["loss"] = r.Loss,
                            ["fingerprint"] = r.Fingerprint, ["input"] = r.Input, ["input_density"] = r.InputDensity, ["backend"] = backend.Name,
                            ["threads"] = backend.Threads,
                        });
                    else
                        io.Out.WriteLine($"{r.Name,-20}{r.Precision,-11}{r.Input,-8}{Format(r.SecondsPerEpoch, 4),10}{Format(r.ExamplesPerSecond, 0),14}{Number.Fixed(r.Gflops, 1),10}  {r.Fingerprint}");
                    io.Out.Flush();
                }
                if (!asJson && data.Test is { } test)
                    BenchInferenceTable.WriteHeader(io.Out, test.Labels.Length, options.Epochs, backend.Name);
                foreach (var r in RunInference(options, data, trained))
                {
                    timed.Add((backend.Name, r.Name, r.Precision, r.Reference.BestImagesPerSecond));
                    if (asJson) Json.Line(io.Out, BenchInferenceTable.Json(r, backend));
                    else BenchInferenceTable.WriteRows(io.Out, r);
                    io.Out.Flush();
                }
                if (asJson)
                    Json.Line(io.Out, new JsonObject
                    {
                        ["event"] = "summary", ["backend"] = backend.Name, ["threads"] = backend.Threads, ["detail"] = backend.Detail,
                        ["data"] = Describe(options, data), ["examples"] = data.Train.Labels.Length, ["test_images"] = data.Test?.Labels.Length,
                        ["epochs"] = options.Epochs, ["seed"] = options.Seed,
                    });
            }
            if (!asJson) WriteRatios(io.Out, timed);
            return Exit.Ok;
        });
        return command;
    }

    private static readonly string[] BackendNames = ["openblas", "managed", "portable"];

    // The executors to time, in the order given: the active one when none is named.
    private static IReadOnlyList<Executor> Executors(string? names)
    {
        if (names is null) return [Executor.Current];
        var chosen = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (chosen.Length == 0 || chosen.Any(n => !BackendNames.Contains(n)) || chosen.Distinct().Count() != chosen.Length)
            throw ShellException.Usage($"--backends expects distinct names from {string.Join(", ", BackendNames)} (got '{names}')");
        return chosen.Select(HostExecutor.For).ToArray();
    }

    // Speed of every backend after the first relative to the first, workload by workload (above 1: faster than the first).
    // A training workload's speed is its GFLOP/s; an inference workload's is Network.Predict's best images/s, the pass
    // that goes through the backend.
    private static void WriteRatios(TextWriter output, List<(string Backend, string Name, string Precision, double Speed)> timed)
    {
        var first = timed.Count > 0 ? timed[0].Backend : null;
        foreach (var (backend, name, precision, speed) in timed.Where(t => t.Backend != first))
            if (timed.Where(t => t.Backend == first && t.Name == name && t.Precision == precision).Select(t => (double?)t.Speed).FirstOrDefault() is { } reference)
                output.WriteLine($"{backend}/{first} {name} {precision}: {Number.Fixed(reference > 0 ? speed / reference : double.NaN, 2)}× the speed{(IsInference(name) ? " of Network.Predict" : "")}");
    }

    private static bool IsInference(string name) => Workloads.Inference.Exists(w => w.Name == name);

    private static BenchOptions Validate(string? dataset, bool synthetic, string? workloads, string? precision, int epochs, int seed)
    {
        if (dataset is not null && synthetic) throw ShellException.Usage("give --dataset DIR or --synthetic, not both");
        if (dataset is null && !synthetic) dataset = "mnist";   // real MNIST unless asked otherwise
        var names = workloads is null ? Workloads.Names.ToArray()
            : workloads.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0 || names.Any(n => !Workloads.Names.Contains(n)))
            throw ShellException.Usage($"--workloads expects names from {string.Join(", ", Workloads.Names)} (got '{workloads}')");
        Precision? chosen = precision switch
        {
            null => null,
            "f32" => Precision.F32,
            "f64" => Precision.F64,
            _ => throw ShellException.Usage($"--precision expects f32 or f64 (got '{precision}')"),
        };
        return new BenchOptions(dataset, names, chosen, Parse.Between("--epochs", epochs, 1, 1000), seed);
    }

    // The training set, and the test set when an inference workload is chosen: MNIST's (or a directory's, fetched as
    // for train) or synthetic, 60,000 and 10,000 examples drawn from the seed.
    private static BenchData Load(BenchOptions options)
    {
        var inference = options.Workloads.Any(IsInference);
        if (options.Dataset is not { } dataset)
            return new BenchData(Workloads.SyntheticMnist(60_000, options.Seed), inference ? Workloads.SyntheticMnistTest(10_000, options.Seed) : null);
        var source = Data.DatasetLocator.Locate(dataset, null, Console.Error);
        return new BenchData(Read(source.TrainImages, source.TrainLabels), inference ? Read(source.TestImages, source.TestLabels) : null);
    }

    // One set's images and labels as raw bytes, checked as for train; the workloads' networks take 28 × 28 images.
    private static (byte[] Pixels, byte[] Labels) Read(Data.DataFile imageFile, Data.DataFile labelFile)
    {
        var images = FunctionalNet.Data.Idx.ReadImages(Data.DatasetLocator.Bytes(imageFile), imageFile.Name).OrFailure();
        var labels = FunctionalNet.Data.Idx.ReadLabels(Data.DatasetLocator.Bytes(labelFile), labelFile.Name).OrFailure();
        if ((images.Rows, images.Columns) != (28, 28))
            throw ShellException.Failure($"{imageFile.Name} holds {images.Rows}×{images.Columns} images; the bench's networks take MNIST's 28×28");
        if (labels.Length != images.Count)
            throw ShellException.Failure($"{imageFile.Name} holds {images.Count} images but {labelFile.Name} {labels.Length} labels");
        return (images.Pixels.ToArray(), labels.ToArray());
    }

    private static string Describe(BenchOptions options, BenchData data)
    {
        var test = data.Test is { } t ? $" and {t.Labels.Length} test images" : "";
        return options.Dataset is { } directory ? $"MNIST from {directory} ({data.Train.Labels.Length} examples{test})"
            : $"synthetic ({data.Train.Labels.Length} examples{test}, seed {options.Seed})";
    }

    private static string Format(double? value, int decimals) => value is { } v ? Number.Fixed(v, decimals) : "-";

    private static IEnumerable<BenchResult> Run(BenchOptions options, (byte[] Pixels, byte[] Labels) data)
    {
        var chosen = Workloads.Standard
            .Where(w => options.Workloads.Contains(w.Name))
            .Select(w => options.Precision is { } p ? w with { Precision = p } : w)
            .DistinctBy(w => (w.Name, w.Precision));
        foreach (var workload in chosen)
            yield return workload.Precision switch
            {
                Precision.F32 => Train<float>(workload, data, options),
                Precision.F64 => Train<double>(workload, data, options),
                _ => throw new UnreachableException(),
            };
        if (options.Workloads.Contains(Workloads.Sgemm))
            yield return (options.Precision ?? Precision.F32) switch
            {
                Precision.F32 => Product<float>(options),
                Precision.F64 => Product<double>(options),
                _ => throw new UnreachableException(),
            };
    }

    private static IEnumerable<InferenceResult> RunInference(BenchOptions options, BenchData data, Dictionary<(string, Precision), object> trained)
    {
        var chosen = Workloads.Inference
            .Where(w => options.Workloads.Contains(w.Name))
            .Select(w => options.Precision is { } p ? w with { TrainingWorkload = w.TrainingWorkload with { Precision = p } } : w);
        foreach (var workload in chosen)
            yield return workload.Precision switch
            {
                Precision.F32 => Infer<float>(workload, data, options, trained),
                Precision.F64 => Infer<double>(workload, data, options, trained),
                _ => throw new UnreachableException(),
            };
    }

    // The network is trained once per training workload and precision, and timed on every backend as it is.
    private static InferenceResult Infer<T>(InferenceWorkload workload, BenchData data, BenchOptions options, Dictionary<(string, Precision), object> trained)
        where T : struct, IFloatingPointIeee754<T>
    {
        var key = (workload.TrainingWorkload.Name, workload.Precision);
        if (!trained.TryGetValue(key, out var entry))
        {
            var (x, y) = Workloads.Examples<T>(data.Train.Pixels, data.Train.Labels);
            var network = workload.Network(new LabelledSet<T>(x, y) { SparseInput = !options.Dense }, options.Seed).OrFailure();
            var test = data.Test ?? throw new UnreachableException();
            trained[key] = entry = (network, Workloads.Examples<T>(test.Pixels, test.Labels).X, Fingerprint(network.Parameters.Bind(layer => layer)));
        }
        var (timedNetwork, images, fingerprint) = ((Network<T>, Matrix<T>, string))entry;
        return BenchInference.Run(workload, timedNetwork, images, options.Epochs, fingerprint);
    }

    private static BenchResult Train<T>(Workload workload, (byte[] Pixels, byte[] Labels) data, BenchOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (x, y) = Workloads.Examples<T>(data.Pixels, data.Labels);
        var network = workload.Network<T>(options.Seed).OrFailure();
        var training = workload.Options(options.Seed);
        Training.Validate(network, x, y, training).OrFailure();
        var set = new TrainingData<T>(new LabelledSet<T>(x, y) { SparseInput = !options.Dense });
        var sparse = Executor.TakesSparseInput(network, Dropout.None(network)) && Executor.Current.SparseInput(set.Train).IsSome;
        var run = Training.Epoch(Training.Start(network, training), set, training);   // warm-up: JIT, OpenBLAS threads, caches
        var clock = Stopwatch.StartNew();
        for (var epoch = 2; epoch <= options.Epochs + 1; epoch++) run = Training.Epoch(run, set, training);
        var seconds = clock.Elapsed.TotalSeconds / options.Epochs;
        return new BenchResult(workload.Name, Name(workload.Precision), seconds, x.ColumnCount / seconds,
            workload.ProductFlopsPerEpoch(x.ColumnCount) / seconds / 1e9, options.Epochs, null, run.History.Last.Loss,
            Fingerprint(run.Network.Parameters.Bind(layer => layer)), sparse ? "sparse" : "dense", SparseColumns.Density(x));
    }

    private static BenchResult Product<T>(BenchOptions options) where T : struct, IFloatingPointIeee754<T>
    {
        var (m, n, k) = Workloads.SgemmShape;
        var random = Seeds.Generator(options.Seed, Seeds.Streams.Batch, 1);
        var a = Matrix<T>.Build.Dense(m, k, (_, _) => T.CreateChecked(random.NextDouble() - 0.5));
        var b = Matrix<T>.Build.Dense(k, n, (_, _) => T.CreateChecked(random.NextDouble()));
        var product = Linear.Times(a, b);
        // Repeat for at least half a second (and 20 products), so the clock's resolution does not matter.
        var clock = Stopwatch.StartNew();
        var repetitions = 0;
        while (repetitions < 20 || clock.Elapsed.TotalSeconds < 0.5)
        {
            _ = Linear.Times(a, b);
            repetitions++;
        }
        var seconds = clock.Elapsed.TotalSeconds / repetitions;
        return new BenchResult(Workloads.Sgemm, Name(options.Precision ?? Precision.F32), null, null, 2.0 * m * n * k / seconds / 1e9,
            repetitions, seconds, null, Fingerprint(Seq1(product)), "dense", null);
    }

    private static string Fingerprint<T>(LanguageExt.Seq<Matrix<T>> matrices) where T : struct, IFloatingPointIeee754<T>
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var m in matrices) hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.ToColumnMajorArray().AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static string Name(Precision precision) => precision == Precision.F32 ? "f32" : "f64";
}
