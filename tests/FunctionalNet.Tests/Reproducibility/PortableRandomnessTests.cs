using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// Seeds, shuffles, dropout masks and the uniform, Glorot and He initial weights are integer arithmetic and IEEE basic
/// operations on a Mersenne Twister's output, so they are the same on every machine. Pinned here by their first values
/// for seed 11 (recorded on x86-64; .ci/run runs this again without AVX-512 and without SIMD, and the ARM64 run compares
/// model hashes that start from them): a change to any of them changes every model, and must be deliberate.
/// The uniform draw is also checked against the published MT19937 reference output (seed 5489).
/// </summary>
public class PortableRandomnessTests
{
    [Fact]
    public void TheMersenneTwisterGivesThePublishedFirstOutput()
    {
        // MT19937's reference implementation, seeded with 5489, first returns 3499211612 (Matsumoto and Nishimura's
        // mt19937ar.c); MathNet's NextDouble is that integer over 2³², exactly.
        var twister = new MathNet.Numerics.Random.MersenneTwister(5489, threadSafe: false);
        Assert.Equal(3499211612.0, twister.NextDouble() * 4294967296.0);
    }

    [Fact]
    public void TheFirstShuffleOfSeed11IsPinned() =>
        Assert.Equal("30, 69, 81, 8, 66, 19, 35, 93", string.Join(", ", Batches.Plan(new Batching.MiniBatch(8), 100, seed: 11, epoch: 1)[0]));

    [Fact]
    public void TheFirstDropoutMaskOfSeed11IsPinned()
    {
        var network = Initialization.Create<double>(LayerSpec.Stack([4, 6, 3], new Activation.ReLU(), new Activation.Softmax()).ThrowIfFail(),
            new Initializer.He(), 11).ThrowIfFail();
        var masks = Dropout.Masks(network, new DropoutRates(Hidden: 0.5, Input: 0.2), examples: 3, seed: 11, epoch: 1, batch: 1);
        // Input: 4 × 3 entries kept (1/(1 − 0.2)) or dropped; hidden: 6 × 3 of 1/(1 − 0.5) or 0.
        Assert.Equal("1.25, 0, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 2, 2, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 2, 0, 0, 2, 0", string.Join(", ", masks.Masks.Map(m => m.IfNone(() => throw new InvalidOperationException("no mask")).ToColumnMajorArray()).Bind(toSeq)));
    }

    [Theory]
    [InlineData("uniform", new[] { 4574555924684865536, -4621986500249124864, -4628926745393758208, 4596244369249402880, 4586955084461506560, 4597927102145101824 })]
    [InlineData("glorot", new[] { 4577608764166911872, -4618898430708394251, -4625586268829586072, 4599449434648272672, 4590954686305838720, 4601780953954416528 })]
    [InlineData("he", new[] { 4575748289576672504, -4619444278676983306, 4590541700224197715, -4617406849210558893, 4597298825489807433, -4615707014818493688 })]
    public void TheFirstInitialWeightsOfSeed11ArePinnedOnThePlatformBackends(string initializer, long[] bits)
    {
        using var use = Executor.Choose("managed", 1, 2).Use();
        Assert.Equal(string.Join(", ", bits), string.Join(", ", FirstWeights(initializer)));
    }

    [Fact]
    public void ThePolarMethodWithTheCLibraryLogIsMathNetsNormalSample()
    {
        var (ours, theirs) = (Seeds.Generator(11, 1), Seeds.Generator(11, 1));
        for (var k = 0; k < 1000; k++)
            Assert.Equal(MathNet.Numerics.Distributions.Normal.Sample(theirs, 0.5, 2.0), Arithmetic.PolarNormal(ours, 0.5, 2.0, Math.Log));
    }

    [Fact]
    public void PortableHeWeightsArePinned()
    {
        using var use = Executor.Choose("portable", 1, 2).Use();
        // The same draws as the platform's here: the portable log and the C library's round these six r alike.
        Assert.Equal("4575748289576672504, -4619444278676983306, 4590541700224197715, -4617406849210558893, 4597298825489807433, -4615707014818493688", string.Join(", ", FirstWeights("he")));
    }

    // The bits of W_1's first four entries and W_2's first two for a 5-4-3 network.
    private static long[] FirstWeights(string initializer)
    {
        var network = Initialization.Create<double>(LayerSpec.Stack([5, 4, 3], new Activation.ReLU(), new Activation.Softmax()).ThrowIfFail(),
            initializer switch { "uniform" => Initializer.Lecture, "glorot" => new Initializer.Glorot(), _ => new Initializer.He() }, 11).ThrowIfFail();
        var weights = network.Parameters.Map(layer => layer.Head.ToColumnMajorArray()).ToArray();
        return weights[0].Take(4).Concat(weights[1].Take(2)).Select(BitConverter.DoubleToInt64Bits).ToArray();
    }
}
