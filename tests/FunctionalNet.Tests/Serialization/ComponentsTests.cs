using System.Text.Json.Nodes;
using FunctionalNet.Numerics;
using FunctionalNet.Serialization;
using FunctionalNet.Tests.Extending;

namespace FunctionalNet.Tests.Serialization;

/// <summary>
/// The name registry: a file naming a user's component is refused, in one line naming it, by a registry that does not
/// hold it, and read back bit for bit by one that does; registering returns a new registry and changes no other.
/// </summary>
public class ComponentsTests
{
    private const string BuiltInActivations = "step, sigmoid, tanh, relu, leaky-relu, elu, identity, softmax";

    private static Network<double> WithSoftplus() =>
        LayerSpec.Stack([3, 4, 2], new Softplus(), new Activation.Identity())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 7)).ThrowIfFail();

    private static readonly Components WithTheUsersSoftplus = Components.BuiltIn.WithActivation("softplus", _ => new Softplus());

    [Fact]
    public void AModelFileNamingAnUnregisteredActivationIsRefusedInOneLineNamingIt()
    {
        var bytes = ModelFile.Encode(new Model<double>(WithSoftplus(), ModelMetadata.None("1.0")));
        var refusal = ModelFile.Decode<double>(bytes, Components.BuiltIn).Match(_ => "", e => e.Message);
        Assert.Equal($"the model file names an unknown activation 'softplus' (expected one of: {BuiltInActivations})", refusal);
        Assert.DoesNotContain('\n', refusal);
        // The one-argument Decode reads with the built-ins.
        Assert.Equal(refusal, ModelFile.Decode<double>(bytes).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void AModelFileWithAUserActivationDecodesBitForBitOnceTheActivationIsRegistered()
    {
        var network = WithSoftplus();
        var bytes = ModelFile.Encode(new Model<double>(network, new ModelMetadata("1.0", 7, "ab", new JsonObject { ["note"] = "softplus" })));
        var model = ModelFile.Decode<double>(bytes, WithTheUsersSoftplus).ThrowIfFail();
        Assert.Equal(network, model.Network);   // every parameter bitwise, and the same architecture
        Assert.IsType<Softplus>(((DenseLayer<double>)model.Network.Layers[0]).Activation);
        Assert.Equal(ModelFile.ModelHash(network), ModelFile.ModelHash(model.Network));
        Assert.Equal(bytes, ModelFile.Encode(model));
    }

    [Fact]
    public void RegisteringAnActivationReturnsANewRegistryAndLeavesTheBuiltInsAsTheyWere()
    {
        Assert.Contains("softplus", WithTheUsersSoftplus.ActivationNames);
        Assert.Equal(BuiltInActivations, string.Join(", ", Components.BuiltIn.ActivationNames));
        Assert.True(Components.BuiltIn.Activation("softplus").IsFail);
        Assert.Equal(new Softplus(), WithTheUsersSoftplus.Activation("softplus").ThrowIfFail());
        // Registering a name again replaces it: the leaky ReLU of a file may be read with another default slope.
        var gentler = Components.BuiltIn.WithActivation("leaky-relu", p => new Activation.LeakyReLU(p ?? 0.01));
        Assert.Equal(new Activation.LeakyReLU(0.01), gentler.Activation("leaky-relu").ThrowIfFail());
        Assert.Equal(new Activation.LeakyReLU(0.1), Components.BuiltIn.Activation("leaky-relu").ThrowIfFail());
        Assert.Equal(Components.BuiltIn.ActivationNames.Count, gentler.ActivationNames.Count);
    }

    [Fact]
    public void ACheckpointOfANetworkWithAUserActivationNeedsItRegisteredAndThenRoundTrips()
    {
        var network = WithSoftplus();
        var velocity = new Gradients<double>(network.Parameters.Map(l => l.Map(p => p.Map(v => v / 4))));
        var state = new TrainingState<double>(network, new OptimizerState<double>.Velocity(3, velocity), 1, 2, 0.75,
            Seq1(new EpochSummary(1, 0.5) { LearningRate = 0.1 }), None);
        var bytes = CheckpointFile.Encode(new Checkpoint<double>(state, new JsonObject { ["note"] = "softplus" }));
        Assert.Equal($"the checkpoint names an unknown activation 'softplus' (expected one of: {BuiltInActivations})",
            CheckpointFile.Decode<double>(bytes).Match(_ => "", e => e.Message));
        var decoded = CheckpointFile.Decode<double>(bytes, WithTheUsersSoftplus).ThrowIfFail().State;
        Assert.Equal(network, decoded.Network);
        var restored = Assert.IsType<OptimizerState<double>.Velocity>(decoded.Optimizer);
        Assert.Equal(3, restored.Step);
        Assert.True(restored.Value.Layers.Zip(velocity.Layers).All(l => l.Item1.Zip(l.Item2).All(p => Linear.BitwiseEqual(p.Item1, p.Item2))),
            "the velocity did not come back bit for bit");
    }
}
