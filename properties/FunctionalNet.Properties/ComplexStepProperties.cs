namespace FunctionalNet.Properties;

/// <summary>
/// The complex step on generated networks: on smooth ones it agrees with backpropagation to rounding; through a kink
/// or a maximum it is not applicable, and nothing fails.
/// </summary>
public class ComplexStepProperties
{
    private static readonly GradientCheckOptions ComplexStepOptions =
        new() { Scheme = DifferenceScheme.ComplexStep, Step = GradientCheckOptions.DefaultStepFor(DifferenceScheme.ComplexStep) };

    [Property(Arbitrary = [typeof(SmoothNetwork)])]
    public void SmoothNetworksAgreeWithTheComplexStepToTwelveDigits(CheckedNetworkCase c)
    {
        // Tanh, sigmoid, identity or softmax hidden layers and every loss: each has an analytic extension.
        var result = Check(c);
        Assert.Equal(0, result.NotApplicable);
        Assert.True(result.MaxRelativeError < 1e-12,
            $"{c}: C = {result.Loss:g4}, S = {result.RoundOffScale:g4}, max relative error {result.MaxRelativeError:e2} at {result.Worst.HeadOrNone()}");
    }

    [Property(Arbitrary = [typeof(CheckableNetwork)])]
    public void ANetworkWithAKinkOrAMaximumIsNotApplicableAndPasses(CheckedNetworkCase c)
    {
        var result = Check(c);
        Assert.True(result.Passed, $"{c}: max relative error {result.MaxRelativeError:e2} at {result.Worst.HeadOrNone()}");
        Assert.Equal(0, result.Kinks);
        // Every entry's derivative runs the whole forward pass: one kinked layer makes every entry not applicable.
        Assert.Equal(c.Smooth ? 0 : result.Entries.Count, result.NotApplicable);
    }

    private static GradientCheckResult Check(CheckedNetworkCase c)
    {
        var (x, y) = c.Data<double>();
        return GradientCheck.Run(c.Network<double>(), c.Loss, x, y, ComplexStepOptions).Match(r => r, e => throw new InvalidOperationException(e.Message));
    }
}
