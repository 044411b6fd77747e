namespace FunctionalNet.Tests;

/// <summary>
/// The diagnosis of a checked entry (<see cref="GradientDiagnosis"/>): its errors in three units, the scheme's own
/// truncation and round-off, and the likely cause, on cases where the cause is known by construction.
/// </summary>
public class GradientCheckDiagnosisTests
{
    private static readonly Loss SoftmaxCrossEntropy = new Loss.SoftmaxCrossEntropy();

    // The README's network: 6-5-4-3, tanh, softmax-ce, Glorot weights, seed 1, a batch of 4.
    private static (Network<T> Network, Matrix<T> X, Matrix<T> Y) Lecture<T>() where T : struct, IFloatingPointIeee754<T>
    {
        var network = LayerSpec.Stack([6, 5, 4, 3], new Activation.Tanh(), new Activation.Softmax())
            .Bind(specs => Initialization.Create<T>(specs, new Initializer.Glorot(), seed: 1)).ThrowIfFail();
        var (x, y) = SyntheticBatch.Create<T>(SoftmaxCrossEntropy, 6, 3, examples: 4, seed: 1).ThrowIfFail();
        return (network, x, y);
    }

    private static Seq<GradientDiagnosis> Diagnosed<T>(GradientCheckOptions options) where T : struct, IFloatingPointIeee754<T>
    {
        var (network, x, y) = Lecture<T>();
        var result = GradientCheck.Run(network, SoftmaxCrossEntropy, x, y, options).ThrowIfFail();
        return GradientCheck.Diagnose(network, SoftmaxCrossEntropy, x, y, result);
    }

    [Fact]
    public void TheUlpErrorCountsUnitsInTheLastPlaceOfTheLargerValue()
    {
        var epsilon = GradientDiagnosis.EpsilonOf<double>();
        Assert.Equal(Math.Pow(2, -52), epsilon);
        Assert.Equal(Math.Pow(2, -23), GradientDiagnosis.EpsilonOf<float>());
        Assert.Equal(2, GradientDiagnosis.Ulps(1.0, 1.0 + 2 * epsilon, epsilon));
        Assert.Equal(1, GradientDiagnosis.Ulps(0.75, 0.75 + epsilon / 2, epsilon));   // ulps in [0.5, 1) are ε/2
        Assert.Equal(3, GradientDiagnosis.Ulps(-8.0, -8.0 - 24 * epsilon, epsilon));   // ulps in [8, 16) are 8ε
        Assert.Equal(0, GradientDiagnosis.Ulps(0.1, 0.1, epsilon));
        Assert.Equal(1, GradientDiagnosis.Ulps(1.0f, MathF.BitIncrement(1.0f), GradientDiagnosis.EpsilonOf<float>()));
    }

    [Fact]
    public void WhereTruncationDominatesItsEstimateIsTheActualError()
    {
        // Central at h = 10⁻²: the error is c·h² ≈ 10⁻⁶ of the entry, against round-off near 10⁻¹⁴; Richardson's
        // |D(h) − D(2h)| / 3 is then c·h² up to the h⁴ term, and backpropagation is exact to round-off.
        var diagnoses = Diagnosed<double>(new GradientCheckOptions { Step = 1e-2 });
        Assert.NotEmpty(diagnoses);
        foreach (var d in diagnoses)
        {
            Assert.Equal(LikelyCause.Truncation, d.Cause);
            Assert.InRange(d.Truncation / d.AbsoluteError, 0.9, 1.1);
        }
    }

    [Fact]
    public void TooSmallAStepIsDiagnosedAsCancellationWithinTheRoundOffBound()
    {
        var diagnoses = Diagnosed<double>(new GradientCheckOptions { Step = 1e-9 });
        foreach (var d in diagnoses)
        {
            Assert.Equal(LikelyCause.Cancellation, d.Cause);
            Assert.True(d.AbsoluteError <= d.RoundOff, $"{d.Entry}: |a − n| = {d.AbsoluteError:e2} above the round-off bound {d.RoundOff:e2}");
        }
    }

    [Fact]
    public void TheSameNetworkInFloat32IsDiagnosedAsFloat32()
    {
        var diagnoses = Diagnosed<float>(new GradientCheckOptions());
        Assert.All(diagnoses, d => Assert.Equal(LikelyCause.Float32, d.Cause));
        Assert.All(diagnoses, d => Assert.Equal(Math.Pow(2, -23), d.Epsilon));
    }

    [Fact]
    public void BceAtASigmoidNearOneIsDiagnosedAsSaturation()
    {
        // One sigmoid unit at a = 1 − 10⁻⁶ with target 0: C = −log(1 − a), whose 1 − a keeps only ten of double's
        // sixteen digits, so C(θ ± h) are off by about 10⁻¹⁰ and the central difference by 10⁻⁵ of a derivative near 1.
        var z = Math.Log((1 - 1e-6) / 1e-6);   // σ(z) = 1 − 10⁻⁶
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 1.0), Some(Matrix<double>.Build.Dense(1, 1, z - 1.0)), new Activation.Sigmoid());
        var network = new Network<double>(Seq1<Layer<double>>(layer));
        var (x, y) = (Matrix<double>.Build.Dense(1, 1, 1.0), Matrix<double>.Build.Dense(1, 1, 0.0));
        var loss = new Loss.BinaryCrossEntropy();
        var result = GradientCheck.Run(network, loss, x, y, new GradientCheckOptions()).ThrowIfFail();
        var diagnoses = GradientCheck.Diagnose(network, loss, x, y, result);
        Assert.Equal(2, diagnoses.Count);
        Assert.All(diagnoses, d =>
        {
            Assert.Equal(LikelyCause.Saturation, d.Cause);
            Assert.InRange(d.Saturation, 0.9e-6, 1.1e-6);
        });
    }

    [Theory]
    [InlineData(DifferenceScheme.Forward)]
    [InlineData(DifferenceScheme.Central)]
    [InlineData(DifferenceScheme.FivePoint)]
    [InlineData(DifferenceScheme.Richardson)]
    public void AKinkIsDiagnosedAsAKinkCrossed(DifferenceScheme scheme)
    {
        var (network, x, y) = GradientCheckTests.ReluJustBelowItsKink();
        var result = GradientCheck.Run(network, new Loss.HalfSumSquares(), x, y, new GradientCheckOptions { Scheme = scheme }).ThrowIfFail();
        var diagnoses = GradientCheck.Diagnose(network, new Loss.HalfSumSquares(), x, y, result);
        Assert.Equal(2, diagnoses.Count);
        Assert.All(diagnoses, d => Assert.Equal(LikelyCause.KinkCrossed, d.Cause));
    }
}
