// The sample's shell: it reads MNIST, prints and sets the exit code; everything else is the library's functions applied
// to the four components defined in this folder. One line per check; exit code 0 only when every check holds.
using System.Text.Json.Nodes;
using Extending;
using FunctionalNet;
using FunctionalNet.Data;
using FunctionalNet.Numerics;
using FunctionalNet.Serialization;
using LanguageExt;
using LanguageExt.Common;
using MathNet.Numerics.LinearAlgebra;
using static LanguageExt.Prelude;

// The names files use, mapped back to components: the library's own and this sample's four (Registration.cs).
var registry = Registration.Register(Components.BuiltIn);

// As the shell does (src/FunctionalNet.Cli/HostExecutor.cs): OpenBLAS unless FUNCTIONALNET_BACKEND=managed, one thread per product.
Executor.Default = Executor.Choose(Environment.GetEnvironmentVariable("FUNCTIONALNET_BACKEND"), blasThreads: 1, Environment.ProcessorCount,
    "FUNCTIONALNET_BACKEND");

const int Seed = 7;
const double MaxRelativeError = 1e-7;   // of the gradient checks, in double precision
const int TrainingImages = 10_000;     // the first of MNIST's 60,000: enough to learn, quick enough for CI
const int Epochs = 2;
const double MinimumAccuracy = 0.8;    // chance is 0.1

var checks = new List<Check>();
void Report(Check check)
{
    checks.Add(check);
    Console.WriteLine($"{(check.Passed ? "ok  " : "FAIL")} {check.Name}: {check.Detail}");
}

// 1. Gradients, in double precision: each component in a small network of built-ins, then all three together.
var gelu = new Gelu();
var tanh = new Activation.Tanh();
var identity = new Activation.Identity();
Report(GradientCheckOf("gelu, 6-5-4-3, mse", Seq<LayerSpec>(new LayerSpec.Dense(6, 5, gelu), new LayerSpec.Dense(5, 4, gelu), new LayerSpec.Dense(4, 3, identity)),
    new Loss.MeanSquared(), targetRange: 1));
Report(GradientCheckOf("huber, 6-5-4-3 tanh", Seq<LayerSpec>(new LayerSpec.Dense(6, 5, tanh), new LayerSpec.Dense(5, 4, tanh), new LayerSpec.Dense(4, 3, identity)),
    new Huber(), targetRange: 3));
Report(GradientCheckOf("layer-norm, 6-5-LN-4-3 tanh, mse",
    Seq<LayerSpec>(new LayerSpec.Dense(6, 5, tanh), new LayerNormSpec(5), new LayerSpec.Dense(5, 4, tanh), new LayerSpec.Dense(4, 3, identity)),
    new Loss.MeanSquared(), targetRange: 1));
Report(GradientCheckOf("all three, 6-5-LN-4-3 gelu, huber",
    Seq<LayerSpec>(new LayerSpec.Dense(6, 5, gelu), new LayerNormSpec(5), new LayerSpec.Dense(5, 4, gelu), new LayerSpec.Dense(4, 3, identity)),
    new Huber(), targetRange: 3));

// 2. RMSProp: an optimizer has no gradient to check, so its update is compared with the formula on a hand example.
Report(RmsPropByHand());

// 3. MNIST with all four: 784-64-LN-10, GELU hidden, Huber on a linear output, RMSProp, mini-batches of 64.
var directory = args.Length > 0 ? args[0]
    : Environment.GetEnvironmentVariable("FUNCTIONALNET_DATA") is { Length: > 0 } fromEnvironment ? fromEnvironment
    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "functionalnet", "mnist");
var trained =
    from train in ReadMnist(directory, "train")
    from test in ReadMnist(directory, "t10k")
    from result in Train(Dataset.Take(train, TrainingImages), test)
    select result;
trained.Match(
    result =>
    {
        Report(AccuracyOf(result));
        // 4. The model file: read back with the registry, and refused by a registry that lacks a component.
        var bytes = ModelFile.Encode(Saved(result.Network));
        Report(ModelRoundTrip(bytes, result.Network, registry));
        Report(Refusal("model refused without the sample's components", ModelFile.Decode<float>(bytes, Components.BuiltIn), "gelu"));
        Report(Refusal("model refused without the layer kind", ModelFile.Decode<float>(bytes, Components.BuiltIn.WithActivation("gelu", _ => new Gelu())),
            LayerNormKind.KindName));
        Report(CheckpointRoundTrip(result.State, registry));
    },
    error => Report(new Check("mnist", false, error.Message)));

var failed = checks.Count(c => !c.Passed);
Console.WriteLine(failed == 0 ? $"all {checks.Count} checks passed" : $"{failed} of {checks.Count} checks failed");
return failed == 0 ? 0 : 1;

// A gradient check of the network `specs` with every parameter drawn from U(−1, 1), on 8 examples with X ~ U(−1, 1) and
// Y ~ U(−range, range). Drawn rather than initialized: at the layer norm's γ = 1 and β = 0 a check could not tell γ·dY
// from dY. A range of 3 puts some residuals beyond Huber's δ = 1, so both of its pieces are checked.
static Check GradientCheckOf(string name, Seq<LayerSpec> specs, Loss loss, double targetRange)
{
    var options = new GradientCheckOptions { Threshold = MaxRelativeError, Seed = Seed };
    var checkedRun =
        from initial in Initialization.Create<double>(specs, Initializer.Lecture, Seed)
        let network = EveryParameterDrawn(initial)
        let batch = Batch(network.Inputs, network.Outputs, examples: 8, targetRange)
        from result in GradientCheck.Run(network, loss, batch.X, batch.Y, options)
        select (result, Residuals: Network.Predict(network, batch.X) - batch.Y);
    return checkedRun.Match(
        run =>
        {
            var (result, residuals) = run;
            // Huber's two pieces: how many residuals lie beyond δ (both counts must be nonzero for the check to see both).
            var beyond = loss is Huber huber ? Some(residuals.Enumerate().Count(r => Math.Abs(r) > huber.Delta)) : None;
            var bothPieces = beyond.ForAll(b => b > 0 && b < residuals.RowCount * residuals.ColumnCount);
            return new Check($"gradient check, {name}", result.Passed && result.Kinks == 0 && bothPieces,
                $"max relative error {result.MaxRelativeError:0.0e+00} over {result.Entries.Count} entries (threshold {MaxRelativeError:0e+0})" +
                beyond.Match(b => $"; {b} of {residuals.RowCount * residuals.ColumnCount} residuals beyond δ", () => ""));
        },
        error => new Check($"gradient check, {name}", false, error.Message));
}

static Network<double> EveryParameterDrawn(Network<double> network) =>
    network.WithParameters(toSeq(network.Parameters.Select((layer, l) => toSeq(layer.Select((parameter, p) =>
        Initialization.Draw<double>(new Initializer.Uniform(-1, 1), parameter.RowCount, parameter.ColumnCount, isBias: false, Seed, l, p))).Strict())).Strict());

static (Matrix<double> X, Matrix<double> Y) Batch(int inputs, int outputs, int examples, double targetRange)
{
    var (inputDraws, targetDraws) = (Seeds.Generator(Seed, Seeds.Streams.Batch, 0), Seeds.Generator(Seed, Seeds.Streams.Batch, 1));
    return (Matrix<double>.Build.Dense(inputs, examples, (_, _) => 2 * inputDraws.NextDouble() - 1),
            Matrix<double>.Build.Dense(outputs, examples, (_, _) => targetRange * (2 * targetDraws.NextDouble() - 1)));
}

// One neuron, W = (0.5, −0.25) and b = 0.1, given two gradients: the library's two updates against the formula, entry by entry.
static Check RmsPropByHand()
{
    var (rho, epsilon, learningRate) = (0.9, 1e-8, 0.01);
    double[] start = [0.5, -0.25, 0.1], first = [0.8, -2.0, 0.5], second = [-0.4, -1.0, 0.5];
    var optimizer = new RmsProp(rho, epsilon);
    var network0 = Neuron(start);
    var (state1, network1) = optimizer.Update(optimizer.Init(network0), network0, GradientOf(first), learningRate);
    var (state2, network2) = optimizer.Update(state1, network1, GradientOf(second), learningRate);
    // By hand: v₁ = ρ·0 + (1 − ρ)·g₁², w₁ = w₀ − η·g₁/(√v₁ + ε); v₂ = ρ·v₁ + (1 − ρ)·g₂², w₂ = w₁ − η·g₂/(√v₂ + ε).
    var v1 = first.Select(g => (1 - rho) * g * g).ToArray();
    var w1 = start.Select((w, k) => w - learningRate * first[k] / (Math.Sqrt(v1[k]) + epsilon)).ToArray();
    var v2 = v1.Select((v, k) => rho * v + (1 - rho) * second[k] * second[k]).ToArray();
    var w2 = w1.Select((w, k) => w - learningRate * second[k] / (Math.Sqrt(v2[k]) + epsilon)).ToArray();
    var difference = Entries(network2).Zip(w2, (library, hand) => Math.Abs(library - hand)).Max();
    // From v = 0 the first step is η·g/(√(1 − ρ)·|g| + ε) ≈ η/√(1 − ρ) for every parameter, whatever the size of its gradient.
    var firstSteps = Entries(network0).Zip(Entries(network1), (before, after) => Math.Abs(after - before) / learningRate).ToArray();
    var equalSteps = firstSteps.All(s => Math.Abs(s - 1 / Math.Sqrt(1 - rho)) < 1e-6);
    return new Check("rmsprop update (an optimizer has no gradient to check)", difference <= 1e-15 && equalSteps && state2.Step == 2,
        $"two updates of a hand example equal w − η·g/(√v + ε) to {difference:0.0e+00}; the first moved all three parameters by " +
        $"{firstSteps.Max():0.0000}·η = η/√(1 − ρ), gradients {string.Join(", ", first)} alike");

    static Network<double> Neuron(double[] p) => new(Seq1<Layer<double>>(new DenseLayer<double>(
        Matrix<double>.Build.Dense(1, 2, [p[0], p[1]]), Some(Matrix<double>.Build.Dense(1, 1, [p[2]])), new Activation.Identity())));
    static Gradients<double> GradientOf(double[] g) => new(Seq1(Seq(Matrix<double>.Build.Dense(1, 2, [g[0], g[1]]), Matrix<double>.Build.Dense(1, 1, [g[2]]))));
    static double[] Entries(Network<double> n) => [.. n.Parameters.Bind(layer => layer).Bind(m => toSeq(m.ToColumnMajorArray()))];
}

static Fin<Dataset<float>> ReadMnist(string directory, string prefix)
{
    var (images, labels) = (Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"));
    if (!File.Exists(images) || !File.Exists(labels))
        return Error.New($"no MNIST files {prefix}-*-idx*-ubyte in {directory} (fetch them with: dotnet run --project src/FunctionalNet.Cli -- data fetch mnist)");
    return Dataset.Read<float>(File.ReadAllBytes(images), images, File.ReadAllBytes(labels), labels);
}

// Two epochs in float; the test set is measured after each epoch, never trained on.
static Fin<TrainingResult<float>> Train(Dataset<float> train, Dataset<float> test)
{
    var specs = Seq<LayerSpec>(new LayerSpec.Dense(784, 64, new Gelu()), new LayerNormSpec(64), new LayerSpec.Dense(64, 10, new Activation.Identity()));
    var options = new TrainingOptions(new Huber(), LearningRate: 1e-3, Epochs, new Batching.MiniBatch(64), Seed) { Optimizer = new RmsProp() };
    var data = new TrainingData<float>(new LabelledSet<float>(train.X, train.Y), Test: Some(new LabelledSet<float>(test.X, test.Y)));
    return Initialization.Create<float>(specs, new Initializer.He(), Seed).Bind(network => Training.Train(Training.Start(network, options), data, options));
}

static Check AccuracyOf(TrainingResult<float> result)
{
    var tests = result.History.Choose(epoch => epoch.Test.Map(test => (epoch.Epoch, Test: test))).Strict();
    return new Check("mnist, 784-64-LN-10 gelu, huber, rmsprop", tests.Count == Epochs && tests.Last.Test.Accuracy > MinimumAccuracy,
        $"test accuracy {string.Join(", ", tests.Map(t => $"{100 * t.Test.Accuracy:0.00} % after epoch {t.Epoch}"))} " +
        $"of {TrainingImages:N0} training images ({tests.Last.Test.Examples:N0} test images; threshold {100 * MinimumAccuracy:0} %)");
}

static Model<float> Saved(Network<float> network) => new(network, new ModelMetadata(
    typeof(Network).Assembly.GetName().Version?.ToString() ?? "", Seed, DatasetSha256: "",
    new JsonObject { ["sample"] = "samples/Extending", ["optimizer"] = new RmsProp().ToString(), ["loss"] = new Huber().ToString() }));

// Decoded with the registry: the network bit for bit, its model hash, and the file re-encoded byte for byte.
static Check ModelRoundTrip(byte[] bytes, Network<float> network, Components registry) =>
    ModelFile.Decode<float>(bytes, registry).Match(
        model => new Check("model file round trip", model.Network.Equals(network) &&
                ModelFile.ModelHash(model.Network) == ModelFile.ModelHash(network) && ModelFile.Encode(model).AsSpan().SequenceEqual(bytes),
            $"{bytes.Length:N0} bytes decode to the trained network bit for bit (model hash {ModelFile.ModelHash(network)[..16]}…) and re-encode to the same bytes"),
        error => new Check("model file round trip", false, error.Message));

// A decoder without some of the components must refuse the file with one line naming the first one it lacks.
static Check Refusal(string name, Fin<Model<float>> decoded, string component) => decoded.Match(
    _ => new Check(name, false, "the file was read, but it names a component the registry lacks"),
    error => new Check(name, !error.Message.Contains('\n') && error.Message.Contains($"'{component}'"), error.Message));

// The run's whole state, RMSProp's v included, through a checkpoint file: its Kind, Buffers and Restore from outside the library.
static Check CheckpointRoundTrip(TrainingState<float> state, Components registry) =>
    CheckpointFile.Decode<float>(CheckpointFile.Encode(new Checkpoint<float>(state, new JsonObject { ["sample"] = "samples/Extending" })), registry).Match(
        checkpoint => new Check("checkpoint round trip", checkpoint.State.Network.Equals(state.Network) &&
                checkpoint.State.Optimizer is MeanSquareState<float> read && state.Optimizer is MeanSquareState<float> written &&
                read.Step == written.Step && BitwiseEqual(read.MeanSquare, written.MeanSquare),
            $"the network and RMSProp's state ({checkpoint.State.Optimizer.Kind}, step {checkpoint.State.Optimizer.Step}) read back bit for bit"),
        error => new Check("checkpoint round trip", false, error.Message));

static bool BitwiseEqual(Gradients<float> first, Gradients<float> second) =>
    first.Layers.Count == second.Layers.Count && first.Layers.Zip(second.Layers).ForAll(layers =>
        layers.Item1.Count == layers.Item2.Count && layers.Item1.Zip(layers.Item2).ForAll(m => Linear.BitwiseEqual(m.Item1, m.Item2)));

/// <summary>One line of the sample's report.</summary>
internal sealed record Check(string Name, bool Passed, string Detail);
