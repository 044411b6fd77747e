namespace FunctionalNet.Tests.Extending;

/// <summary>
/// A user layer (<see cref="Scaling{T}"/>) is checked by the same <see cref="GradientCheck.Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, GradientCheckOptions)"/>
/// as the built-ins: a deliberately wrong ∂C/∂s at one row is caught at exactly that entry, and the right one passes.
/// </summary>
public class UserLayerGradientCheckTests
{
    // 3-4-(scaling)-2: tanh, then s∘x on the 4 hidden units, then a linear output; half the sum of squares.
    private static (Network<double> Network, Matrix<double> X, Matrix<double> Y) Problem(Option<int> wrongAt)
    {
        var tanh = new Activation.Tanh();
        var loss = new Loss.HalfSumSquares();
        var dense = LayerSpec.Stack([3, 4, 2], tanh, new Activation.Identity())
            .Bind(specs => Initialization.Create<double>(specs, new Initializer.Glorot(), seed: 5)).ThrowIfFail();
        var scaling = new Scaling<double>(Matrix<double>.Build.Dense(4, 1, [0.5, -1.25, 2.0, 0.75]), wrongAt);
        var network = new Network<double>(Seq<Layer<double>>(dense.Layers[0], scaling, dense.Layers[1]));
        var (x, y) = SyntheticBatch.Create<double>(loss, 3, 2, examples: 5, seed: 5).ThrowIfFail();
        return (network, x, y);
    }

    [Fact]
    public void AWrongDerivativeInAUserLayerIsCaughtAtThatEntry()
    {
        var (network, x, y) = Problem(Some(2));
        var result = GradientCheck.Run(network, new Loss.HalfSumSquares(), x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.False(result.Passed);
        // The scaling layer is layer 2, so its s is named s2; row 2, column 0.
        Assert.Equal((2, "s2", 2, 0), (result.Worst.Head.Layer, result.Worst.Head.Parameter, result.Worst.Head.Row, result.Worst.Head.Column));
        Assert.Equal(0.5, result.Worst.Head.RelativeError, 1e-6);   // |2a − a| / |2a|
        Assert.True(result.Worst.Tail.ForAll(e => e.RelativeError < 1e-7), "only the wrong entry is off");
        var diagnosis = GradientCheck.Diagnose(network, new Loss.HalfSumSquares(), x, y, result).Head;
        Assert.Equal(LikelyCause.WrongDerivative, diagnosis.Cause);
    }

    [Fact]
    public void TheSameUserLayerWithItsDerivativeFixedPasses()
    {
        var (network, x, y) = Problem(None);
        var result = GradientCheck.Run(network, new Loss.HalfSumSquares(), x, y, new GradientCheckOptions()).ThrowIfFail();
        Assert.True(result.Passed, $"max relative error {result.MaxRelativeError:e2} at {result.Worst.Head}");
        Assert.Equal(4, result.Entries.Count(e => e.Parameter == "s2"));
        Assert.True(result.MaxRelativeError < 1e-7);
    }
}
