using System.Text.Json.Nodes;
using FunctionalNet.Serialization;
using FunctionalNet.Testing;

namespace FunctionalNet.Tests.Serialization;

/// <summary>
/// Files crafted by hand, with both hashes recomputed so that they pass them: each kind is refused with one line
/// naming what is wrong, at once, and never reaches an allocation, BLAS or a loop that does not end.
/// </summary>
public class CraftedFileTests
{
    // W1 3×2 and b1 3×1 (ReLU), then W2 2×3 without a bias (sigmoid).
    private static Network<float> Network() => new(Seq<Layer<float>>(
        new DenseLayer<float>(Matrix<float>.Build.Dense(3, 2, (i, j) => 0.25f * i - j), Some(Matrix<float>.Build.Dense(3, 1, 0.5f)), new Activation.ReLU()),
        new DenseLayer<float>(Matrix<float>.Build.Dense(2, 3, (i, j) => i + 0.125f * j), None, new Activation.Sigmoid())));

    private static byte[] Model => ModelFile.Encode(new Model<float>(Network(), ModelMetadata.None("test")));

    private static Evaluation Evaluation() => new(4, 0.5, 0.75, new ConfusionMatrix(2, Arr.create(2, 0, 1, 1)));

    // After batch 1 of epoch 3, with a velocity and the best network of epoch 1.
    private static byte[] Checkpoint
    {
        get
        {
            var network = Network();
            var state = new TrainingState<float>(network, new OptimizerState<float>.Velocity(5, Gradients<float>.ZerosLike(network)), 2, 1, 0.25,
                Seq(new EpochSummary(1, 0.7) { Train = Some(Evaluation()) }, new EpochSummary(2, 0.6) { Train = Some(Evaluation()) }),
                Some(new BestNetwork<float>(1, 0.5, network)));
            return CheckpointFile.Encode(new Checkpoint<float>(state, new JsonObject()));
        }
    }

    private static string ModelRefusal(byte[] bytes) => OneLine(ModelFile.Decode<float>(bytes).Match(_ => "accepted", e => e.Message));

    private static string CheckpointRefusal(byte[] bytes) => OneLine(CheckpointFile.Decode<float>(bytes).Match(_ => "accepted", e => e.Message));

    private static string OneLine(string message)
    {
        Assert.DoesNotContain('\n', message);
        return message;
    }

    private static JsonObject Parameter(JsonObject header, int k) => header["parameters"]![k]!.AsObject();

    private static JsonObject Layer(JsonObject header, int k) => header["layers"]![k]!.AsObject();

    private static JsonObject State(JsonObject header) => header["state"]!.AsObject();

    [Fact]
    public void TheCraftingHelperLeavesAnUnchangedFileReadable()
    {
        Assert.True(ModelFile.Decode<float>(CraftedFiles.Craft(Model, _ => { })).IsSucc);
        Assert.True(CheckpointFile.Decode<float>(CraftedFiles.Craft(Checkpoint, _ => { })).IsSucc);
    }

    [Fact]
    public void ShapesWhoseSizeWraps32BitsAreRefusedBeforeAnyAllocation()
    {
        // 65,536 × 65,537 × 4 bytes: 17 GB, whose entry count wraps to 65,536 in 32 bits.
        var crafted = CraftedFiles.Craft(Model, h =>
        {
            (Parameter(h, 0)["rows"], Parameter(h, 0)["columns"]) = (65536, 65537);
            (Layer(h, 0)["outputs"], Layer(h, 0)["inputs"]) = (65536, 65537);
        });
        Assert.Equal("the model file's parameter data has 60 bytes but its header describes 17180131364", ModelRefusal(crafted));
    }

    [Fact]
    public void ABiasOfTheWrongShapeIsRefused()
    {
        // 1×3 holds as many bytes as 3×1, so the data length alone cannot tell.
        var crafted = CraftedFiles.Craft(Model, h => (Parameter(h, 1)["rows"], Parameter(h, 1)["columns"]) = (1, 3));
        Assert.Equal("the model file's layer 1: its bias is 1×3 but its weights are 3×2, so it must be 3×1", ModelRefusal(crafted));
    }

    [Fact]
    public void LayersThatDoNotChainAreRefused()
    {
        // W2 read as 3×2 (as many bytes as 2×3), the layer's own fields agreeing: it takes 2 inputs, layer 1 gives 3.
        var crafted = CraftedFiles.Craft(Model, h =>
        {
            (Parameter(h, 2)["rows"], Parameter(h, 2)["columns"]) = (3, 2);
            (Layer(h, 1)["outputs"], Layer(h, 1)["inputs"]) = (3, 2);
        });
        Assert.Equal("the model file's layers do not chain: layer 2 takes 2 inputs but layer 1 gives 3", ModelRefusal(crafted));
    }

    [Fact]
    public void ALayersDeclaredSizesMustBeThoseOfItsWeights()
    {
        var crafted = CraftedFiles.Craft(Model, h => Layer(h, 0)["inputs"] = 784);
        Assert.Equal("the model file's layer 1 declares 784 inputs and 3 outputs but its weights are 3×2", ModelRefusal(crafted));
    }

    [Fact]
    public void ARepeatedKeyIsRefusedByName()
    {
        var crafted = CraftedFiles.CraftText(Model, text => text.Replace("{\"precision\":\"f32\"", "{\"precision\":\"f64\",\"precision\":\"f32\""));
        Assert.Equal("the model file's header repeats the key 'precision'", ModelRefusal(crafted));
        var nested = CraftedFiles.CraftText(Checkpoint, text => text.Replace("\"epoch\":2,", "\"epoch\":2,\"epoch\":-1,"));
        Assert.Equal("the checkpoint's header repeats the key 'epoch'", CheckpointRefusal(nested));
    }

    [Fact]
    public void DataShorterThanTheHeaderSaysIsRefused()
    {
        var crafted = CraftedFiles.Craft(Model, _ => { }, data => data[..^4]);
        Assert.Equal("the model file's parameter data has 56 bytes but its header describes 60", ModelRefusal(crafted));
    }

    [Fact]
    public void AMaxoutPieceCountThatWouldWrapIsRefused()
    {
        var w = Matrix<float>.Build.Dense(2, 2, 1f);
        var b = Matrix<float>.Build.Dense(2, 1, 0f);
        var maxout = ModelFile.Encode(new Model<float>(new Network<float>(Seq1<Layer<float>>(new MaxoutLayer<float>(Seq(w, w), Seq(b, b)))), ModelMetadata.None("test")));
        Assert.Equal("the model file's layer 1: a maxout layer has from 1 to 1073741823 pieces (got 1073741824)",
            ModelRefusal(CraftedFiles.Craft(maxout, h => Layer(h, 0)["pieces"] = 1 << 30)));
        // Two pieces whose biases are 1×2: as many bytes as 2×1.
        Assert.Equal("the model file's layer 1: its bias is 1×2 but its weights are 2×2, so it must be 2×1",
            ModelRefusal(CraftedFiles.Craft(maxout, h => (Parameter(h, 2)["rows"], Parameter(h, 2)["columns"]) = (1, 2))));
    }

    [Fact]
    public void AFilesOwnStringsCannotBreakTheLine()
    {
        var crafted = CraftedFiles.Craft(Model, h => Layer(h, 0)["activation"] = "relu\nsecond line");
        Assert.StartsWith("the model file names an unknown activation 'relu\\u000asecond line'", ModelRefusal(crafted));
    }

    [Fact]
    public void AMissingOrMistypedFieldIsRefused()
    {
        Assert.Equal("the model file's header is malformed (a field it needs is missing or null)",
            ModelRefusal(CraftedFiles.Craft(Model, h => Parameter(h, 0).Remove("rows"))));
        Assert.StartsWith("the model file's header is malformed (",
            ModelRefusal(CraftedFiles.Craft(Model, h => Parameter(h, 0)["rows"] = "three")));
        Assert.Equal("the model file's precision is 'f16', not f32 or f64", ModelRefusal(CraftedFiles.Craft(Model, h => h["precision"] = "f16")));
    }

    [Fact]
    public void ACheckpointAtANegativeEpochIsRefused() =>
        Assert.Equal("the checkpoint's epoch is -1; epochs done are counted from 0",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["epoch"] = -1)));

    [Fact]
    public void ACheckpointWhoseLossTotalIsNaNIsRefused() =>
        Assert.Equal("the checkpoint's loss total is NaN; a run whose loss is not finite stops as diverged, so it must be finite",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["loss_total"] = "NaN")));

    [Fact]
    public void AConfusionMatrixOfTheWrongLengthIsRefused() =>
        Assert.Equal("the checkpoint's history at epoch 2 has a confusion matrix of 3 counts for 2 classes; it needs classes² counts, each ≥ 0",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["history"]![1]!["train"]!["confusion"]!.AsArray().RemoveAt(0))));

    [Fact]
    public void AHistoryOutOfOrderOrPastTheEpochIsRefused()
    {
        Assert.Equal("the checkpoint's history has epoch 1 after epoch 1; it must count up from 1 to the state's epoch 2",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["history"]![1]!["epoch"] = 1)));
        Assert.Equal("the checkpoint's best network is from epoch 7, not one of the epochs 1 to 2 done",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["best"]!["epoch"] = 7)));
        Assert.Equal("the checkpoint's optimizer step is -5; it counts updates from 0",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => State(h)["optimizer"]!["step"] = -5)));
    }

    [Fact]
    public void BlocksOutOfOrderAreRefused() =>
        Assert.Equal("the checkpoint holds the blocks ['network', 'best', 'velocity']; its state needs [network, velocity, best]",
            CheckpointRefusal(CraftedFiles.Craft(Checkpoint, h => h["blocks"] = new JsonArray("network", "best", "velocity"))));

    [Fact]
    public void ACheckpointAtABatchBeyondTheEpochsPlanIsRefusedInsteadOfLoopingForever()
    {
        // Four examples in batches of 2: two batches an epoch. The file alone cannot know that; the run's validation can.
        var checkpoint = CheckpointFile.Decode<float>(CraftedFiles.Craft(Checkpoint, h => State(h)["batch"] = 5000)).ThrowIfFail();
        var set = new LabelledSet<float>(Matrix<float>.Build.Dense(2, 4, 0.5f), Matrix<float>.Build.Dense(2, 4, 1f));
        var options = new TrainingOptions(new Loss.HalfSumSquares(), 0.1, 5, new Batching.MiniBatch(2)) { Optimizer = new Optimizer.Momentum() };
        var refusal = Training.Steps(checkpoint.State, new TrainingData<float>(set), options).Match(_ => "accepted", e => e.Message);
        Assert.Equal("the state is after batch 5000 of epoch 3, but an epoch of 4 examples in batches of 2 has 2", refusal);
        Assert.True(Training.Train(checkpoint.State, new TrainingData<float>(set), options).IsFail);
        Assert.True(Training.Steps(checkpoint.State with { Batch = 1 }, new TrainingData<float>(set), options).IsSucc);
    }
}
