using FunctionalNet.Cli;
using FunctionalNet.Cli.Data;
using FunctionalNet.Data;
using FunctionalNet.Serialization;
using FunctionalNet.Serialization.Onnx;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;
using Xunit.Abstractions;

namespace FunctionalNet.Tests.Onnx;

/// <summary>
/// An exported network computes in ONNX Runtime what it computes in the library: on all 10,000 MNIST test images the
/// same class for every image, and outputs within 1e-5 in float32 (1e-12 in float64).
/// </summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    private const double Float32Bound = 1e-5;
    private const double Float64Bound = 1e-12;

    private static readonly Lazy<(Dataset<double> Train, Dataset<double> Test)> Double = new(() => DatasetLocator.Load<double>("mnist", null));

    private static readonly Seq<LayerSpec> Small = Recipes.Small.Layers.ThrowIfFail();
    private static readonly Seq<LayerSpec> Maxout = LayerSpec.MaxoutHidden(Small, pieces: 2);

    private static readonly Lazy<Network<float>> SmallFloat = new(() => OnnxRuntimeRun.Trained(Small, RealMnist.Train, seed: 11));
    private static readonly Lazy<Network<float>> MaxoutFloat = new(() => OnnxRuntimeRun.Trained(Maxout, RealMnist.Train, seed: 11));

    [Fact]
    public void TheSmallModelPredictsEveryTestImageAsOnnxRuntimeDoes() =>
        AgreesOnEveryTestImage(SmallFloat.Value, RealMnist.Test, Float32Bound, "small f32", batch: 1_000);

    [Fact]
    public void AMaxoutModelPredictsEveryTestImageAsOnnxRuntimeDoes() =>
        AgreesOnEveryTestImage(MaxoutFloat.Value, RealMnist.Test, Float32Bound, "maxout f32", batch: 1_000);

    [Fact]
    public void InFloat64TheSmallAndMaxoutModelsAgreeToTwelveDigits()
    {
        AgreesOnEveryTestImage(OnnxRuntimeRun.Trained(Small, Double.Value.Train, seed: 11), Double.Value.Test, Float64Bound, "small f64", batch: 1_000);
        AgreesOnEveryTestImage(OnnxRuntimeRun.Trained(Maxout, Double.Value.Train, seed: 11), Double.Value.Test, Float64Bound, "maxout f64", batch: 1_000);
    }

    [Fact]
    public void TheBatchDimensionIsOpenOneImageAtATimeGivesTheSameAnswers()
    {
        var network = SmallFloat.Value;
        using var session = OnnxRuntimeRun.Session(Export(network));
        Assert.Equal([-1, 784], session.InputMetadata["input"].Dimensions);
        Assert.Equal("batch", session.InputMetadata["input"].SymbolicDimensions[0]);
        Assert.Equal([-1, 10], session.OutputMetadata["output"].Dimensions);
        var byOne = OnnxRuntimeRun.Outputs(session, RealMnist.Test.X, batch: 1);
        var byThousand = OnnxRuntimeRun.Outputs(session, RealMnist.Test.X, batch: 1_000);
        var (delta, same) = OnnxRuntimeRun.Compare(byOne, byThousand);
        output.WriteLine($"batch 1 against batch 1,000 in ONNX Runtime: max |Δ| {delta:E2}, same class {same:N0} of 10,000");
        Assert.Equal(10_000, same);
        Assert.True(delta <= Float32Bound, $"max |Δ| {delta:E2}");
        AgreesOnEveryTestImage(network, RealMnist.Test, Float32Bound, "small f32, batch 1", batch: 1);
    }

    public static TheoryData<string, string, string> Activations => new()
    {
        { "sigmoid", "softmax", "f32" }, { "tanh", "softmax", "f32" }, { "relu", "identity", "f32" }, { "leaky-relu", "sigmoid", "f32" },
        { "elu", "tanh", "f32" }, { "identity", "softmax", "f32" },
        { "sigmoid", "softmax", "f64" }, { "tanh", "softmax", "f64" }, { "relu", "identity", "f64" }, { "leaky-relu", "sigmoid", "f64" },
        { "elu", "tanh", "f64" }, { "identity", "softmax", "f64" },
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void EveryActivationHasAnOnnxFormThatAgreesOnEveryTestImage(string hidden, string last, string precision)
    {
        // leaky ReLU with a slope that float32 cannot hold exactly, ELU with α ≠ 1: the parameters must reach ONNX.
        var f = hidden switch { "leaky-relu" => new Activation.LeakyReLU(0.13), "elu" => new Activation.ELU(0.7), _ => Activation.Parse(hidden).ThrowIfFail() };
        var specs = LayerSpec.Stack([784, 24, 16, 10], f, Activation.Parse(last).ThrowIfFail()).ThrowIfFail();
        if (precision == "f32")
            AgreesOnEveryTestImage(Initialization.Create<float>(specs, new Initializer.Glorot(), seed: 5).ThrowIfFail(), RealMnist.Test, Float32Bound, $"{hidden}/{last} f32", 1_000);
        else
            AgreesOnEveryTestImage(Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 5).ThrowIfFail(), Double.Value.Test, Float64Bound, $"{hidden}/{last} f64", 1_000);
    }

    [Fact]
    public void TheMetadataCarriesTheModelHashAndHowTheModelWasMade()
    {
        var network = SmallFloat.Value;
        var training = new System.Text.Json.Nodes.JsonObject { ["recipe"] = "small", ["epochs"] = 1 };
        var model = new Model<float>(network, new ModelMetadata("0.1.0", 11, "abc123", training));
        using var session = OnnxRuntimeRun.Session(OnnxModel.Encode(model, "9.9.9").ThrowIfFail());
        var metadata = session.ModelMetadata;
        Assert.Equal("FunctionalNet", metadata.ProducerName);
        var props = metadata.CustomMetadataMap;
        Assert.Equal(ModelFile.ModelHash(network), props["model_hash"]);
        Assert.Equal("f32", props["precision"]);
        Assert.Equal("784,16,16,10", props["layers"]);
        Assert.Equal("relu,relu,softmax", props["activations"]);
        Assert.Equal("small", props["recipe"]);
        Assert.Equal("0.1.0", props["library_version"]);
        Assert.Equal("11", props["seed"]);
        Assert.Equal("abc123", props["dataset_sha256"]);
        Assert.Equal(training.ToJsonString(), props["training"]);
        Assert.Contains("\"kind\":\"dense\"", props["architecture"]);
    }

    [Fact]
    public void TheStepActivationIsRefusedWithOneLine()
    {
        var specs = LayerSpec.Stack([4, 3, 2], new Activation.Step(), new Activation.Sigmoid()).ThrowIfFail();
        var network = Initialization.Create<float>(specs, new Initializer.Glorot(), seed: 1).ThrowIfFail();
        var refusal = OnnxModel.Encode(new Model<float>(network, ModelMetadata.None("0")), "0");
        Assert.Equal("cannot export layer 1 to ONNX: the step activation has no ONNX form (ONNX has no step operator)",
            refusal.Match(_ => "", e => e.Message));

        using var directory = new TemporaryDirectory();
        ModelStore.Save(directory["step.fnet"], new Model<float>(network, ModelMetadata.None("0")));
        CliRun.Of("export", "--model", directory["step.fnet"], "--format", "onnx", "--out", directory["step.onnx"])
            .FailsWith(2, "cannot export layer 1 to ONNX: the step activation has no ONNX form");
        Assert.False(File.Exists(directory["step.onnx"]));
    }

    [Fact]
    public void AUserActivationIsExportedThroughItsOnnxFormAndRefusedWithoutOne()
    {
        var specs = LayerSpec.Stack([784, 16, 10], new Swish(), new Activation.Softmax()).ThrowIfFail();
        AgreesOnEveryTestImage(Initialization.Create<float>(specs, new Initializer.Glorot(), seed: 3).ThrowIfFail(), RealMnist.Test, Float32Bound, "user swish f32", 1_000);
        AgreesOnEveryTestImage(Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 3).ThrowIfFail(), Double.Value.Test, Float64Bound, "user swish f64", 1_000);

        var without = LayerSpec.Stack([4, 3, 2], new Extending.Softplus(), new Activation.Identity()).ThrowIfFail();
        var refusal = OnnxModel.Encode(new Model<double>(Initialization.Create<double>(without, new Initializer.Glorot(), 1).ThrowIfFail(), ModelMetadata.None("0")), "0");
        Assert.Equal("cannot export layer 1 to ONNX: the activation 'softplus' has no ONNX form (a user activation gets one by implementing IOnnxActivation)",
            refusal.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void AUserLayerIsExportedThroughItsOnnxFormAndRefusedWithoutOne()
    {
        var dense = Initialization.Create<float>(Small, new Initializer.He(), seed: 4).ThrowIfFail();
        var scale = Matrix<float>.Build.Dense(784, 1, (i, _) => 0.5f + i % 7 * 0.25f);
        var network = FunctionalNet.Network.Create(dense.Layers.Add(new RowScaling<float>(Matrix<float>.Build.Dense(10, 1, (i, _) => 1 + i)))
            .Prepend(new RowScaling<float>(scale)).ToSeq()).ThrowIfFail();
        AgreesOnEveryTestImage(network, RealMnist.Test, Float32Bound, "user layer f32", 1_000);

        var without = FunctionalNet.Network.Create(Seq1<Layer<float>>(new Extending.Scaling<float>(scale, None)) + dense.Layers).ThrowIfFail();
        var refusal = OnnxModel.Encode(new Model<float>(without, ModelMetadata.None("0")), "0");
        Assert.Equal("cannot export layer 1 to ONNX: the layer kind 'scaling' has no ONNX form (a user layer gets one by implementing IOnnxLayer)",
            refusal.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void TheExportCommandWritesAnOnnxFileThatRunsAndRefusesAnUnknownFormat()
    {
        using var directory = new TemporaryDirectory();
        var network = MaxoutFloat.Value;
        ModelStore.Save(directory["maxout.fnet"], new Model<float>(network, ModelMetadata.None("0")));
        var (exit, stdout, error) = CliRun.Of("export", "--model", directory["maxout.fnet"], "--format", "onnx", "--out", directory["maxout.onnx"]);
        Assert.True(exit == 0, error);
        Assert.Contains($"model hash {ModelFile.ModelHash(network)}", stdout);
        using var session = OnnxRuntimeRun.Session(File.ReadAllBytes(directory["maxout.onnx"]));
        var x = RealMnist.Test.X.SubMatrix(0, 784, 0, 100);
        var (delta, same) = OnnxRuntimeRun.Compare(Network.Predict(network, x), OnnxRuntimeRun.Outputs(session, x, 100));
        Assert.Equal(100, same);
        Assert.True(delta <= Float32Bound, $"max |Δ| {delta:E2}");

        CliRun.Of("export", "--model", directory["maxout.fnet"], "--format", "tflite", "--out", directory["x"])
            .FailsWith(2, "--format must be one of: npz onnx (got 'tflite')");
    }

    private void AgreesOnEveryTestImage<T>(Network<T> network, Dataset<T> test, double bound, string what, int batch) where T : struct, IFloatingPointIeee754<T>
    {
        using var session = OnnxRuntimeRun.Session(Export(network));
        var ours = Network.Predict(network, test.X);
        var (delta, same) = OnnxRuntimeRun.Compare(ours, OnnxRuntimeRun.Outputs(session, test.X, batch));
        output.WriteLine($"{what}: max |Δ| {delta:E2} against predict, same class {same:N0} of {test.Count:N0}");
        Assert.Equal(10_000, test.Count);
        Assert.True(same == test.Count, $"{what}: {test.Count - same} of {test.Count} images classified differently");
        Assert.True(delta <= bound, $"{what}: max |Δ| {delta:E2} > {bound:E0}");
    }

    private static byte[] Export<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        OnnxModel.Encode(new Model<T>(network, ModelMetadata.None("0")), "0").ThrowIfFail();

    /// <summary>A user layer with an ONNX form: the tests' scaling layer y = s∘x, as Mul by the vector s.</summary>
    private sealed record RowScaling<T>(Matrix<T> Scale) : Extending.Scaling<T>(Scale, None), IOnnxLayer where T : struct, IFloatingPointIeee754<T>
    {
        // batch × n times the vector s (n,), broadcast over the batch's rows
        public OnnxFragment Onnx(OnnxScope scope) => new(
            Seq1(new OnnxNode("Mul", Seq(scope.Input, scope.ParameterNames[0]), scope.Output)),
            Seq1(OnnxTensor.Vector(scope.ParameterNames[0], Scale)));
    }

    /// <summary>A user activation with an ONNX form: swish, f(z) = z·σ(z), as Sigmoid then Mul.</summary>
    private sealed record Swish : Activation, IOnnxActivation
    {
        public override string Name => "swish";
        public override T Value<T>(T z) => z / (T.One + T.Exp(-z));
        public override T Derivative<T>(T z, T a)
        {
            var s = T.One / (T.One + T.Exp(-z));
            return s + z * s * (T.One - s);   // (z·σ)′ = σ + z·σ(1 − σ)
        }
        public OnnxFragment Onnx(OnnxScope scope) => new(Seq(
            new OnnxNode("Sigmoid", Seq1(scope.Input), scope.Name("sigmoid")),
            new OnnxNode("Mul", Seq(scope.Input, scope.Name("sigmoid")), scope.Output)), Seq<OnnxTensor>());
    }
}
