using System.Text.Json;
using FunctionalNet.Cli;
using FunctionalNet.Serialization;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// A learning rate of 10³⁰ blows the first update's weights up to about 10³⁰, so the next batch's loss is NaN: training
/// stops with one line naming the epoch and the batch, keeps the last finite network, and never writes a NaN model.
/// </summary>
public class DivergenceTests : IDisposable
{
    private readonly TinyDigits digits = new();
    private readonly TemporaryDirectory runs = new();

    public void Dispose()
    {
        digits.Dispose();
        runs.Dispose();
    }

    private string[] Diverging(params string[] more) =>
        ["train", "--dataset", digits.Path, "--layers", "16,32,10", "--epochs", "3", "--batch", "20", "--validation", "50", "--optimizer", "gd", "--lr", "1e30", .. more];

    [Fact]
    public void AHugeLearningRateStopsWithOneLineNamingTheEpochAndBatch()
    {
        var run = CliRun.Of(Diverging("--json"));
        run.AssertFailsCleanly(1);
        Assert.Matches(@"^functionalnet: training diverged at epoch 1, batch \d+: the (batch loss is (NaN|\+∞|−∞)|update made \w+ (NaN|\+∞|−∞)); stopped", run.Error);
        Assert.DoesNotContain("summary", run.Out);
    }

    [Fact]
    public void TheLastFiniteNetworkIsWrittenMarkedAsSuchAndNoModelIsWritten()
    {
        var directory = runs["diverged"];
        var run = CliRun.Of(Diverging("--out", directory));
        run.AssertFailsCleanly(1);
        Assert.False(File.Exists(Path.Combine(directory, TrainRunner.ModelFileName)));
        var path = Path.Combine(directory, TrainRunner.LastFiniteFileName);
        Assert.Contains(path, run.Error);
        var model = ModelFile.Decode<float>(File.ReadAllBytes(path)).ThrowIfFail();
        Assert.True(Network.FirstNonFinite(model.Network).IsNone);
        // Its loss on the training set is finite too: a network is kept only if its own batch loss was.
        var evaluated = CliRun.Of("evaluate", "--model", path, "--dataset", digits.Path, "--json");
        Assert.True(double.IsFinite(evaluated.Summary.GetProperty("test_loss").GetDouble()), evaluated.Out);

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, Manifest.FileName))).RootElement;
        Assert.Equal(TrainRunner.LastFiniteFileName, manifest.GetProperty("model_file").GetString());
        Assert.Equal(ModelFile.ModelHash(model.Network), manifest.GetProperty("model_hash").GetString());
        Assert.True(manifest.GetProperty("diverged").GetProperty("model_is_last_finite").GetBoolean());
        Assert.StartsWith("training diverged at epoch 1, batch ", manifest.GetProperty("diverged").GetProperty("reason").GetString());
    }

    [Fact]
    public void ADivergedRunWritesNoCheckpointOfItsNonFiniteState()
    {
        var directory = runs["checkpointed"];
        CliRun.Of(Diverging("--out", directory, "--checkpoint-every", "1")).AssertFailsCleanly(1);
        var state = CheckpointFile.Decode<float>(File.ReadAllBytes(Path.Combine(directory, CheckpointStore.FileName))).ThrowIfFail().State;
        Assert.True(Network.FirstNonFinite(state.Network).IsNone);
    }
}
