namespace FunctionalNet;

/// <summary>One checked direction v: the analytic directional derivative against the scheme's.</summary>
/// <param name="Index">k, the direction's number (0-based): it is drawn from (seed, <see cref="Seeds.Streams.Batch"/>, <see cref="DirectionalCheck.DirectionStream"/>, k).</param>
/// <param name="Analytic">vᵀ∇C, ∇C from backpropagation.</param>
/// <param name="Numeric">φ′(0) for φ(t) = C(θ + t·v), by the scheme.</param>
/// <param name="RelativeError">|a − n| / max(|a|, |n|, floor·S); +∞ when either is not a finite number.</param>
/// <param name="Kink">True when the scheme's points straddle a kink (some kink pattern changes along v): not a failure.</param>
public sealed record CheckedDirection(int Index, double Analytic, double Numeric, double RelativeError, bool Kink)
{
    /// <summary>True when the scheme does not apply here (the complex step through a kink or a maximum): reported, not failed.</summary>
    public bool NotApplicable { get; init; }

    /// <summary>True when the direction counts towards the verdict: neither across a kink nor outside the scheme.</summary>
    public bool Counts => !Kink && !NotApplicable;
}

/// <summary>What a directional gradient check found: every direction, and the summaries.</summary>
/// <param name="Directions">Every checked direction, in the order drawn.</param>
/// <param name="Loss">C(θ), the loss at the checked parameters.</param>
/// <param name="RoundOffScale">S, the scale of the round-off in C (<see cref="GradientCheck.RoundOffScale{T}"/>); the floor is Floor·S.</param>
/// <param name="GradientNorm">‖∇C‖ of the analytic gradient, over all parameters.</param>
/// <param name="Parameters">P, the number of parameters the directions span.</param>
/// <param name="Options">The options the check ran with.</param>
public sealed record DirectionalCheckResult(Seq<CheckedDirection> Directions, double Loss, double RoundOffScale, double GradientNorm,
    long Parameters, GradientCheckOptions Options)
{
    /// <summary>The largest relative error over the directions that count (0 when none does).</summary>
    public double MaxRelativeError => Directions.Where(d => d.Counts).Select(d => d.RelativeError).DefaultIfEmpty(0.0).Max();

    /// <summary>The number of directions that count (neither across a kink nor outside the scheme).</summary>
    public int Counted => Directions.Count(d => d.Counts);

    /// <summary>The number of directions whose scheme points straddle a kink (reported, not counted as failures).</summary>
    public int Kinks => Directions.Count(d => d.Kink);

    /// <summary>The number of directions the scheme does not apply to (reported, not counted as failures).</summary>
    public int NotApplicable => Directions.Count(d => d.NotApplicable);

    /// <summary>True when no direction that counts has a relative error above the threshold.</summary>
    public bool Passed => MaxRelativeError <= Options.Threshold;

    /// <summary>
    /// The probability that a single entry off by <paramref name="error"/> escapes every direction that counts
    /// (<see cref="DirectionalCheck.EscapeProbability"/> with this check's ‖∇C‖, floor·S, P, τ and K).
    /// </summary>
    public double EscapeProbability(double error) =>
        DirectionalCheck.EscapeProbability(error, GradientNorm, Options.Floor * RoundOffScale, Parameters, Options.Threshold, Counted);

    /// <summary>
    /// The size of a single wrong entry this check catches with probability <paramref name="probability"/>: the e with
    /// <see cref="EscapeProbability"/>(e) = 1 − probability (larger errors are caught more often); +∞ when no direction counts.
    /// </summary>
    public double ErrorCaughtWith(double probability)
    {
        if (Counted == 0) return double.PositiveInfinity;
        // The escape probability falls with |e|: bisect on log₁₀ e.
        var (low, high) = (-30.0, 30.0);
        for (var step = 0; step < 100; step++)
        {
            var middle = (low + high) / 2;
            if (EscapeProbability(Math.Pow(10, middle)) > 1 - probability) low = middle;
            else high = middle;
        }
        return Math.Pow(10, high);
    }
}
