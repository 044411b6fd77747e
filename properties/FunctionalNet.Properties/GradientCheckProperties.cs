namespace FunctionalNet.Properties;

/// <summary>
/// (a) Backpropagation agrees with the central difference on generated networks; (e) the checker itself catches a
/// gradient with one wrong entry and names that entry; kinks are reported, not failed.
/// </summary>
public class GradientCheckProperties
{
    [Property(Arbitrary = [typeof(SmoothNetwork)])]
    public void SmoothNetworksAgreeWithTheCentralDifferenceToSevenDigits(CheckedNetworkCase c)
    {
        var result = Check(c, new GradientCheckOptions());
        Assert.True(result.MaxRelativeError < 1e-7, Describe(c, result));
        Assert.Equal(0, result.Kinks);
    }

    [Property(Arbitrary = [typeof(CheckableNetwork)])]
    public void EveryNetworkPassesWithKinksReportedNotFailed(CheckedNetworkCase c)
    {
        var result = Check(c, new GradientCheckOptions());
        Assert.True(result.Passed, Describe(c, result));
        if (c.Smooth) Assert.Equal(0, result.Kinks);
    }

    [Property(Arbitrary = [typeof(KinkedFirstLayer)])]
    public void AnEntryWhoseStepCrossesAKinkIsReportedAsAKink(KinkCase k)
    {
        // b1[0] is moved so that example 0's first pre-activation is δ with |δ| < h: θ ± h puts it on both sides of 0.
        var (network, x, y) = k.Problem();
        var result = Check(network, k.Case.Loss, x, y, new GradientCheckOptions());
        var entry = result.Entries.Single(e => e is { Layer: 1, Parameter: "b1", Row: 0 });
        Assert.True(entry.Kink, $"{k}: b1[0] straddles z = 0 but was not reported as a kink: {entry}");
        Assert.True(result.Passed, Describe(k, result));
    }

    [Property(Arbitrary = [typeof(WrongDerivatives)])]
    public void TheCheckerNamesTheOneWrongDerivative(WrongDerivative wrong)
    {
        var network = wrong.Case.Network<double>();
        var (x, y) = wrong.Case.Data<double>();
        var (layer, parameter, row, column) = wrong.Entry(network);
        var result = GradientCheck.Run(network, wrong.Case.Loss, x, y, new GradientCheckOptions(), wrong.Gradient)
            .Match(r => r, e => throw new InvalidOperationException(e.Message));
        var worst = result.Worst.Head;
        Assert.False(result.Passed, $"{wrong}: a wrong derivative passed with max relative error {result.MaxRelativeError:e2}");
        Assert.Equal((layer + 1, network.ParameterNames[layer][parameter], row, column), (worst.Layer, worst.Parameter, worst.Row, worst.Column));
        Assert.Equal(wrong.Gradient(network, wrong.Case.Loss, x, y).Layers[layer][parameter][row, column], worst.Analytic);
    }

    [Property(Arbitrary = [typeof(WrongDerivatives)])]
    public void TheOneWrongDerivativeIsDiagnosedAsAWrongDerivative(WrongDerivative wrong)
    {
        // Its error, at least 10⁻⁴ of max(|a|, floor·S), is far beyond the central difference's truncation and round-off.
        var network = wrong.Case.Network<double>();
        var (x, y) = wrong.Case.Data<double>();
        var result = GradientCheck.Run(network, wrong.Case.Loss, x, y, new GradientCheckOptions(), wrong.Gradient)
            .Match(r => r, e => throw new InvalidOperationException(e.Message));
        var worst = GradientCheck.Diagnose(network, wrong.Case.Loss, x, y, result).Head;
        Assert.True(worst.Cause == LikelyCause.WrongDerivative, $"{wrong}: diagnosed {worst}");
    }

    private static string Describe(object c, GradientCheckResult result) =>
        $"{c}: C = {result.Loss:g4}, S = {result.RoundOffScale:g4}, max relative error {result.MaxRelativeError:e2} at {result.Worst.HeadOrNone()}, {result.Kinks} kinks";

    private static GradientCheckResult Check(CheckedNetworkCase c, GradientCheckOptions options)
    {
        var (x, y) = c.Data<double>();
        return Check(c.Network<double>(), c.Loss, x, y, options);
    }

    private static GradientCheckResult Check(Network<double> network, Loss loss, Matrix<double> x, Matrix<double> y, GradientCheckOptions options) =>
        GradientCheck.Run(network, loss, x, y, options).Match(r => r, e => throw new InvalidOperationException(e.Message));
}
