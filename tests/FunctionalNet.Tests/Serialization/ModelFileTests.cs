using FunctionalNet.Serialization;

namespace FunctionalNet.Tests.Serialization;

/// <summary>The model file format on hand-made cases: layouts the properties do not generate, and each refusal.</summary>
public class ModelFileTests
{
    private static Network<double> WithMaxoutAndNoBias() => new(Seq<Layer<double>>(
        new MaxoutLayer<double>(Seq(Matrix<double>.Build.Dense(3, 2, 0.5), Matrix<double>.Build.Dense(3, 2, -0.25)),
            Seq(Matrix<double>.Build.Dense(3, 1, 0.1), Matrix<double>.Build.Dense(3, 1, 0.2))),
        new DenseLayer<double>(Matrix<double>.Build.Dense(2, 3, (i, j) => i - j), None, new Activation.LeakyReLU(0.05))));

    private static byte[] Bytes => ModelFile.Encode(new Model<double>(WithMaxoutAndNoBias(), ModelMetadata.None("1.0")));

    private static string Refusal(byte[] bytes) => ModelFile.Decode<double>(bytes).Match(_ => "", e => e.Message);

    [Fact]
    public void MaxoutLayersMissingBiasesAndActivationParametersRoundTrip()
    {
        var loaded = ModelFile.Decode<double>(Bytes).ThrowIfFail().Network;
        Assert.Equal(WithMaxoutAndNoBias(), loaded);
        Assert.Equal(new Activation.LeakyReLU(0.05), ((DenseLayer<double>)loaded.Layers[1]).Activation);
        Assert.Equal(Seq(Seq("W1_1", "W1_2", "b1_1", "b1_2"), Seq1("W2")), loaded.ParameterNames);
    }

    [Fact]
    public void ModelHashDependsOnlyOnTheParameters()
    {
        var network = WithMaxoutAndNoBias();
        var other = ModelFile.Encode(new Model<double>(network, new ModelMetadata("2.0", 9, "ff", new())));
        Assert.Equal(ModelFile.ModelHash(network), ModelFile.ModelHash(ModelFile.Decode<double>(other).ThrowIfFail().Network));
        Assert.Equal(64, ModelFile.ModelHash(network).Length);
        // One bit of one weight changes the hash.
        Assert.NotEqual(ModelFile.ModelHash(network), ModelFile.ModelHash(network.WithParameters(
            network.Parameters.Map(l => l.Map(p => p.Map(v => v == 0.5 ? Math.BitIncrement(0.5) : v))))));
    }

    [Fact]
    public void AForeignFileIsRefused() => Assert.Contains("not a FunctionalNet model file", Refusal("PK\u0003\u0004 a zip file"u8.ToArray()));

    [Fact]
    public void AnEmptyFileIsRefused() => Assert.Contains("not a FunctionalNet model file", Refusal([]));

    [Fact]
    public void ATruncatedFileIsRefused() => Assert.Contains("truncated", Refusal(Bytes[..(Bytes.Length - 10)]));

    [Fact]
    public void AFlippedBitIsRefused()
    {
        var bytes = Bytes;
        bytes[bytes.Length / 2] ^= 0x10;
        Assert.Contains("corrupt", Refusal(bytes));
    }

    [Fact]
    public void ANewerFormatVersionIsRefusedByName()
    {
        var bytes = Bytes;
        bytes[8] = 2;
        Assert.Contains("format version 2", Refusal(bytes));
    }

    [Fact]
    public void APrecisionMismatchIsRefused() => Assert.Contains("f64", ModelFile.Decode<float>(Bytes).Match(_ => "", e => e.Message));
}
