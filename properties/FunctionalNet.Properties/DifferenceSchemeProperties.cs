namespace FunctionalNet.Properties;

/// <summary>
/// The difference schemes on generated smooth networks: each one's error falls at its order p while truncation
/// dominates, and its own estimated truncation and round-off explain the whole error of a correct gradient.
/// </summary>
public class DifferenceSchemeProperties
{
    // h and h/2, large enough that truncation (≈ c·hᵖ, 10⁻⁹ and more here) stands far above the round-off k·ε·S/h
    // (≈ 10⁻¹⁴·S), and small enough that the next term of the expansion (relative size h or h² times a ratio of
    // derivatives of order 1 to 10 on these networks) moves the ratio by a few per cent. Powers of 2: θ ± t·h is
    // then exact wherever θ is a multiple of h's ulp.
    private const double Coarse = 1.0 / 16;
    private const double Fine = Coarse / 2;

    // Round-off must be below a tenth of the error at the finer step for the ratio to measure the order.
    private const double Dominance = 10;

    [Property(Arbitrary = [typeof(SmoothNetworkUnderARealScheme)])]
    public Property EverySchemesErrorShrinksAtItsOrderUntilRoundOffDominates(SchemeCase c)
    {
        // D(h) − a = c·hᵖ + O(hᵖ⁺¹), so halving h divides the error by 2ᵖ. The errors of all entries form a vector
        // whose norm does not vanish by chance as one entry's error can (two terms of the expansion cancelling), so
        // the ratio of norms is 2ᵖ·(1 + O(h)); the margin, a factor 2 either way, holds the next term and a round-off
        // of at most a tenth. Where round-off dominates already at h/2 (a network polynomial in each parameter, such as
        // identity layers under a squared loss, has no truncation at all) there is no order to see: the case is discarded.
        var (network, (x, y)) = (c.Case.Network<double>(), c.Case.Data<double>());
        var (coarse, fine) = (Errors(c, network, x, y, Coarse), Errors(c, network, x, y, Fine));
        var scale = GradientCheck.RoundOffScale(c.Case.Loss, Network.Predict(network, x), y);
        var roundOff = GradientDiagnosis.RoundOffFactor(c.Scheme) * GradientDiagnosis.EpsilonOf<double>() * scale / Fine * Math.Sqrt(fine.Length);
        var (norm, finerNorm) = (Norm(coarse), Norm(fine));
        var order = DifferenceSchemes.Order(c.Scheme);
        return Prop.When(finerNorm >= Dominance * roundOff, () =>
        {
            var ratio = norm / finerNorm;
            Assert.True(ratio >= Math.Pow(2, order - 1) && ratio <= Math.Pow(2, order + 1),
                $"{c}: ‖D(h) − a‖ / ‖D(h/2) − a‖ = {ratio:g4} at h = {Coarse}, expected about 2^{order} = {Math.Pow(2, order)} " +
                $"(‖D(h/2) − a‖ = {finerNorm:e2}, round-off bound {roundOff:e2})");
        });
    }

    [Property(Arbitrary = [typeof(SmoothNetworkUnderARealScheme)])]
    public void ASchemesOwnTruncationAndRoundOffExplainTheErrorOfACorrectGradient(SchemeCase c)
    {
        // With threshold 0 every entry that is not explained within a factor 10 would be called a wrong derivative:
        // backpropagation is right here, so none may be, at the default h, under every real scheme.
        var (network, (x, y)) = (c.Case.Network<double>(), c.Case.Data<double>());
        var options = new GradientCheckOptions { Scheme = c.Scheme, Threshold = 0, Worst = int.MaxValue };
        var result = GradientCheck.Run(network, c.Case.Loss, x, y, options).Match(r => r, e => throw new InvalidOperationException(e.Message));
        foreach (var d in GradientCheck.Diagnose(network, c.Case.Loss, x, y, result))
            Assert.True(d.Cause != LikelyCause.WrongDerivative,
                $"{c}: {d.Entry} has |a − n| = {d.AbsoluteError:e2} against truncation {d.Truncation:e2} + round-off {d.RoundOff:e2}");
    }

    // n − a for every entry, in a fixed order, with the scheme at step h.
    private static double[] Errors(SchemeCase c, Network<double> network, Matrix<double> x, Matrix<double> y, double h) =>
        GradientCheck.Run(network, c.Case.Loss, x, y, new GradientCheckOptions { Scheme = c.Scheme, Step = h, Worst = 0 })
            .Match(r => r.Entries.Select(e => e.Numeric - e.Analytic).ToArray(), e => throw new InvalidOperationException(e.Message));

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(e => e * e));
}
