using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Tests.Serialization;

/// <summary>The checkpoint format on hand-made cases the properties do not generate, and each refusal by name.</summary>
public class CheckpointFileTests
{
    private static Network<float> Network() => new(Seq<Layer<float>>(
        new DenseLayer<float>(Matrix<float>.Build.Dense(3, 2, (i, j) => 0.25f * i - j), Some(Matrix<float>.Build.Dense(3, 1, 0.5f)), new Activation.ReLU()),
        new DenseLayer<float>(Matrix<float>.Build.Dense(2, 3, (i, j) => i + 0.125f * j), None, new Activation.Sigmoid())));

    private static Evaluation Evaluation(double loss) => new(4, loss, 0.75, new ConfusionMatrix(2, Arr.create(2, 0, 1, 1)));

    // A float32 run in the middle of epoch 3 with Nesterov's velocity, a best network, and the numbers JSON cannot
    // write: an evaluation whose loss is +∞ (cross-entropy of a saturated output) and one whose loss is NaN.
    private static TrainingState<float> State()
    {
        var network = Network();
        var velocity = new Gradients<float>(network.Parameters.Map(l => l.Map(p => p.Map(v => -v / 3))));
        return new TrainingState<float>(network, new OptimizerState<float>.Velocity(41, velocity), 2, 5, 0.1 + 0.2,
            Seq(new EpochSummary(1, 0.7) { LearningRate = 0.05, Train = Evaluation(double.PositiveInfinity), Validation = Evaluation(0.5) },
                new EpochSummary(2, Math.PI) { LearningRate = 1e-300, Train = Evaluation(double.NaN), Test = Evaluation(double.NegativeInfinity) }),
            Some(new BestNetwork<float>(1, 0.5, network.WithParameters(network.Parameters.Map(l => l.Map(p => p * 2f))))));
    }

    private static byte[] Bytes => CheckpointFile.Encode(new Checkpoint<float>(State(), new JsonObject { ["note"] = "hand-made" }));

    private static string Refusal(byte[] bytes) => CheckpointFile.Decode<float>(bytes).Match(_ => "", e => e.Message);

    [Fact]
    public void AFloatStateWithInfinitiesAndNaNRoundTrips()
    {
        var decoded = CheckpointFile.Decode<float>(Bytes).ThrowIfFail();
        var state = decoded.State;
        Assert.Equal(Network(), state.Network);
        var velocity = Assert.IsType<OptimizerState<float>.Velocity>(state.Optimizer);
        Assert.Equal(41, velocity.Step);
        Assert.Equal(-0.5f / 3, velocity.Value.Layers[0][1][0, 0]);
        Assert.Equal((2, 5, 0.1 + 0.2), (state.Epoch, state.Batch, state.LossTotal));
        Assert.Equal(State().History, state.History);
        Assert.True(double.IsPositiveInfinity(state.History[0].Train.Map(e => e.Loss).IfNone(0)));
        Assert.True(double.IsNaN(state.History[1].Train.Map(e => e.Loss).IfNone(0)));
        Assert.Equal(1e-300, state.History[1].LearningRate);
        Assert.Equal(State().Best.Map(b => b.Network), state.Best.Map(b => b.Network));
        Assert.Equal("hand-made", (string?)decoded.Run["note"]);
        Assert.Equal(("f32", "hand-made"), CheckpointFile.ReadRun(Bytes).Map(r => (r.Precision, (string)r.Run["note"]!)).ThrowIfFail());
    }

    [Fact]
    public void ADoubleReaderRefusesAFloatCheckpoint() =>
        Assert.Contains("holds f32 parameters, not f64", CheckpointFile.Decode<double>(Bytes).Match(_ => "", e => e.Message));

    [Fact]
    public void AModelFileIsNotACheckpoint() =>
        Assert.Contains("not a FunctionalNet checkpoint (its first bytes are not FNETCKPT)",
            Refusal(ModelFile.Encode(new Model<float>(Network(), ModelMetadata.None("test")))));

    [Fact]
    public void ACheckpointIsNotAModelFile() =>
        Assert.Contains("not a FunctionalNet model file", ModelFile.Decode<float>(Bytes).Match(_ => "", e => e.Message));

    [Fact]
    public void ATruncatedOrFlippedCheckpointIsRefused()
    {
        Assert.Contains("corrupt or truncated", Refusal(Bytes[..^1]));
        var flipped = Bytes;
        flipped[flipped.Length / 3] ^= 0x40;
        Assert.Contains("corrupt", Refusal(flipped));
    }

    [Fact]
    public void ANewerFormatVersionIsRefusedByName()
    {
        var bytes = Bytes;
        bytes[8] = 2;
        Assert.Contains("format version 2", Refusal(bytes));
    }
}
