using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;
using FunctionalNet.Data;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// The MNIST view's network: a model file given to <c>serve --model</c>, or the <c>small</c> recipe trained for one epoch
/// on demand (the network <c>functionalnet train --recipe small --epochs 1 --seed 1</c> gives, in float32), on MNIST from
/// $FUNCTIONALNET_DATA or fetched as <c>train</c> fetches it. Training runs once, in the background; the page polls.
/// </summary>
public sealed class MnistApi
{
    /// <summary>The seed of the network trained on demand.</summary>
    public const int Seed = 1;

    /// <summary>The largest canvas side a drawing may have.</summary>
    public const int MaxCanvas = 140;

    private readonly object gate = new();
    private Classifier? network;
    private string source;
    private Task? training;
    private string? failure;

    /// <summary>The view's network: loaded from <paramref name="modelPath"/> now, or trained when the page asks.</summary>
    public MnistApi(string? modelPath)
    {
        source = "not trained yet";
        if (modelPath is null) return;
        network = ModelStore.Load(modelPath).Apply(new Classifier.Of());
        if (network.Sizes[0] != Pixels || network.Sizes[^1] != Dataset.Classes)
            throw ShellException.Usage($"--model {modelPath} is a {string.Join("-", network.Sizes)} network; the MNIST view needs {Pixels} inputs and {Dataset.Classes} outputs");
        source = $"model file {Path.GetFileName(modelPath)}";
    }

    /// <summary><c>GET /api/mnist/status</c>: whether a network is ready.</summary>
    public JsonObject Status()
    {
        lock (gate)
            return new JsonObject
            {
                ["state"] = network is not null ? "ready" : failure is not null ? "failed" : training is not null ? "training" : "none",
                ["source"] = source,
                ["failure"] = failure,
                ["sizes"] = network is null ? null : new JsonArray(network.Sizes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            };
    }

    /// <summary><c>POST /api/mnist/train</c>: starts training the small recipe for one epoch, once.</summary>
    public JsonObject Train()
    {
        lock (gate)
        {
            if (network is null && (training is null || failure is not null))
            {
                (failure, source) = (null, "training the small recipe for 1 epoch on MNIST");
                training = Task.Run(TrainSmall);
            }
        }
        return Status();
    }

    private void TrainSmall()
    {
        try
        {
            var recipe = Recipes.WithEpochs(Recipes.Small, 1);
            var options = recipe.Options with { Seed = Seed };
            var (fullTrain, _) = DatasetLocator.Load<float>("mnist", null);
            var (train, _) = Dataset.Split(fullTrain, recipe.ValidationExamples, Seed).OrFailure();
            var start = Training.Start(Recipes.Network<float>(recipe, Seed).OrFailure(), options);
            var trained = Training.Train(start, new TrainingData<float>(new LabelledSet<float>(train.X, train.Y)), options).OrFailure().Network;
            lock (gate) (network, source) = (new Classifier.Of().Use(new Model<float>(trained, ModelMetadata.None(Version.Library))),
                $"small recipe, 1 epoch, seed {Seed} (model hash {ModelFile.ModelHash(trained)[..12]}…)");
        }
        catch (Exception e)
        {
            lock (gate) failure = e.Message;
        }
    }

    /// <summary>
    /// <c>POST /api/mnist/predict</c> with <c>{"side": n, "pixels": base64}</c>: the drawing brought to MNIST's form
    /// (<see cref="DrawnDigit.ToMnist"/>), the ten probabilities and every hidden layer's activations.
    /// </summary>
    public JsonObject Predict(JsonNode? body)
    {
        Classifier ready;
        lock (gate) ready = network ?? throw ShellException.Failure("no network yet: train one first (POST /api/mnist/train)");
        var side = body?["side"] is JsonValue s && s.TryGetValue<int>(out var n) && n >= 1 && n <= MaxCanvas ? n
            : throw ShellException.Usage($"side must be a whole number from 1 to {MaxCanvas}");
        byte[] pixels;
        try { pixels = Convert.FromBase64String((string?)body?["pixels"] ?? ""); }
        catch (Exception e) when (e is FormatException or InvalidOperationException) { throw ShellException.Usage("pixels must be base64 text"); }
        var image = DrawnDigit.ToMnist(pixels, side).OrUsage();
        var layers = ready.Forward(image);
        var probabilities = layers[^1];
        return new JsonObject
        {
            ["image"] = JsonNumbers.Rounded(image, 3),
            ["probabilities"] = JsonNumbers.Array(probabilities),
            ["class"] = System.Array.IndexOf(probabilities, probabilities.Max()),
            ["hidden"] = new JsonArray(layers[..^1].Select(a => (JsonNode?)JsonNumbers.Array(a)).ToArray()),
        };
    }

    /// <summary>The pixels per image.</summary>
    public const int Pixels = DrawnDigit.Side * DrawnDigit.Side;

    // A network of either precision, as the view uses it: its sizes and its forward pass on one image.
    private sealed record Classifier(int[] Sizes, Func<double[], double[][]> Forward)
    {
        public sealed class Of : IModelUser<Classifier>
        {
            // Every layer's A for one column x: the hidden layers' activations, then the output.
            public Classifier Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T> =>
                new(model.Network.Layers.Map(l => l.Inputs).Add(model.Network.Outputs).ToArray(), image =>
                    Network.Forward(model.Network, Matrix<T>.Build.Dense(image.Length, 1, image.Select(T.CreateChecked).ToArray()))
                        .Layers.Map(l => l.A.Column(0).Select(double.CreateChecked).ToArray()).ToArray());
        }
    }
}
