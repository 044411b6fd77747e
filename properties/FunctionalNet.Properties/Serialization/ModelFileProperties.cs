using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Properties.Serialization;

/// <summary>Model files round-trip bit for bit, and any damage is refused, never half-read.</summary>
public class ModelFileProperties
{
    private static Model<double> ModelOf(NetworkCase c) =>
        new(c.Network, new ModelMetadata("test", c.Seed, "abc", new JsonObject { ["loss"] = c.Loss.Name }));

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool SaveThenLoadGivesTheSameBits(NetworkCase c)
    {
        var model = ModelOf(c);
        var loaded = ModelFile.Decode<double>(ModelFile.Encode(model)).ThrowIfFail();
        return loaded.Network.Equals(model.Network) && loaded.Metadata.Seed == c.Seed
            && (string?)loaded.Metadata.Training["loss"] == c.Loss.Name
            && ModelFile.ModelHash(loaded.Network) == ModelFile.ModelHash(model.Network);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool FloatModelsRoundTripToo(NetworkCase c)
    {
        var network = LayerSpec.Stack(c.Sizes, c.HiddenActivation, c.OutputActivation)
            .Bind(s => Initialization.Create<float>(s, new Initializer.He(), c.Seed)).ThrowIfFail();
        var bytes = ModelFile.Encode(new Model<float>(network, ModelMetadata.None("test")));
        return ModelFile.Decode<float>(bytes).ThrowIfFail().Network.Equals(network) && ModelFile.Decode<double>(bytes).IsFail;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryTruncationIsRefused(NetworkCase c, PositiveInt cut)
    {
        var bytes = ModelFile.Encode(ModelOf(c));
        var length = cut.Get % bytes.Length;
        return ModelFile.Decode<double>(bytes.AsSpan(0, length)).IsFail;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryFlippedByteIsRefused(NetworkCase c, PositiveInt position, byte mask)
    {
        var bytes = ModelFile.Encode(ModelOf(c));
        var flip = (byte)(mask == 0 ? 1 : mask);
        bytes[position.Get % bytes.Length] ^= flip;
        return ModelFile.Decode<double>(bytes).IsFail;
    }
}
