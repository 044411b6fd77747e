namespace FunctionalNet;

/// <summary>One checked partial derivative ∂C/∂θ.</summary>
/// <param name="Layer">The layer, numbered from 1 as in the lecture (W1 is layer 1's weights).</param>
/// <param name="Parameter">The parameter's name in <see cref="Network{T}.ParameterNames"/>: <c>W1</c>, <c>b1</c>, …</param>
/// <param name="Row">The entry's row in the parameter matrix (0-based).</param>
/// <param name="Column">The entry's column (0-based).</param>
/// <param name="Analytic">∂C/∂θ from backpropagation.</param>
/// <param name="Numeric">The scheme's estimate: (C(θ + h) − C(θ − h)) / 2h for the central difference (<see cref="DifferenceSchemes.Formula"/>).</param>
/// <param name="RelativeError">|a − n| / max(|a|, |n|, floor·S); +∞ when either is not a finite number.</param>
/// <param name="Kink">True when θ ± h puts some pre-activation on different sides of a kink: not a failure.</param>
public sealed record GradientEntry(int Layer, string Parameter, int Row, int Column, double Analytic, double Numeric,
    double RelativeError, bool Kink)
{
    /// <summary>True when the scheme does not apply here (the complex step through a kink or a maximum): reported, not failed.</summary>
    public bool NotApplicable { get; init; }

    /// <summary>True when the entry counts towards the verdict: neither across a kink nor outside the scheme.</summary>
    public bool Counts => !Kink && !NotApplicable;
}

/// <summary>The summary of one layer's checked entries.</summary>
/// <param name="Layer">The layer, numbered from 1.</param>
/// <param name="Checked">Entries checked in this layer, kinks included.</param>
/// <param name="Kinks">Entries that straddle a kink.</param>
/// <param name="MaxRelativeError">The largest relative error away from kinks (0 when there is none).</param>
public sealed record LayerCheck(int Layer, int Checked, int Kinks, double MaxRelativeError);

/// <summary>What a gradient check found: every entry, and the summaries a reader looks at first.</summary>
/// <param name="Entries">Every checked entry, layer by layer, parameter by parameter, column-major within a matrix.</param>
/// <param name="Loss">C(θ), the loss at the checked parameters.</param>
/// <param name="RoundOffScale">S, the scale of the round-off in C (<see cref="GradientCheck.RoundOffScale{T}"/>); the floor is Floor·S.</param>
/// <param name="Options">The options the check ran with.</param>
public sealed record GradientCheckResult(Seq<GradientEntry> Entries, double Loss, double RoundOffScale, GradientCheckOptions Options)
{
    /// <summary>The largest relative error over all entries away from kinks (0 when there is none).</summary>
    public double MaxRelativeError => MaxOf(Entries);

    /// <summary>Per-layer counts and maxima, first layer first.</summary>
    public Seq<LayerCheck> Layers => toSeq(Entries.GroupBy(e => e.Layer).OrderBy(g => g.Key)
        .Select(g => new LayerCheck(g.Key, g.Count(), g.Count(e => e.Kink), MaxOf(g)))).Strict();

    /// <summary>The K entries with the largest relative errors away from kinks, worst first.</summary>
    public Seq<GradientEntry> Worst => toSeq(Entries.Where(e => e.Counts)
        .OrderByDescending(e => e.RelativeError).Take(Options.Worst)).Strict();

    /// <summary>The first K entries that straddle a kink, in the order of <see cref="Entries"/>.</summary>
    public Seq<GradientEntry> FirstKinks => toSeq(Entries.Where(e => e.Kink).Take(Options.Worst)).Strict();

    /// <summary>The entries a report lists: the worst K away from kinks, then the first K across a kink.</summary>
    public Seq<GradientEntry> Reported => Worst + FirstKinks;

    /// <summary>The number of entries that straddle a kink (reported, not counted as failures).</summary>
    public int Kinks => Entries.Count(e => e.Kink);

    /// <summary>
    /// The number of entries whose analytic and numeric derivatives are both exactly 0 (dead ReLU units, a step
    /// layer): they agree, but say nothing. A check where every entry is such a zero cannot tell right from wrong.
    /// </summary>
    public int Zeros => Entries.Count(e => e.Analytic == 0 && e.Numeric == 0);

    /// <summary>The number of entries the scheme does not apply to (reported, not counted as failures).</summary>
    public int NotApplicable => Entries.Count(e => e.NotApplicable);

    /// <summary>True when no entry away from a kink has a relative error above the threshold.</summary>
    public bool Passed => MaxRelativeError <= Options.Threshold;

    private static double MaxOf(IEnumerable<GradientEntry> entries) =>
        entries.Where(e => e.Counts).Select(e => e.RelativeError).DefaultIfEmpty(0.0).Max();
}

/// <summary>One point of the step sweep: how well the scheme with step h agrees with backpropagation.</summary>
/// <param name="Step">h.</param>
/// <param name="MaxRelativeError">The largest relative error away from kinks.</param>
/// <param name="MedianRelativeError">The median relative error away from kinks (0 when there is none).</param>
public sealed record StepError(double Step, double MaxRelativeError, double MedianRelativeError)
{
    /// <summary>The entries the errors are taken over: neither across a kink nor outside the scheme (0: the scheme does not apply).</summary>
    public int Counted { get; init; }

    /// <summary>The point for a check run with step <paramref name="step"/>.</summary>
    public static StepError Of(double step, GradientCheckResult result)
    {
        var errors = result.Entries.Where(e => e.Counts).Select(e => e.RelativeError).Order().ToArray();
        return new StepError(step, result.MaxRelativeError, errors.Length == 0 ? 0.0 : errors[errors.Length / 2]) { Counted = errors.Length };
    }

    /// <summary>
    /// The points of a sweep where truncation dominates: right of the best h (the smallest max error), with errors
    /// at least 100 times the best (so round-off, at most the best, is 1 % of them or less) and at most 10⁻¹ (beyond
    /// which the relative error saturates near 1 and the leading term of the truncation no longer rules).
    /// </summary>
    public static Seq<StepError> TruncationDominated(Seq<StepError> sweep)
    {
        var drawn = sweep.Filter(p => p.Counted > 0 && p.MaxRelativeError > 0);
        if (drawn.IsEmpty) return [];
        var best = drawn.MinBy(p => p.MaxRelativeError)!;
        return drawn.Filter(p => p.Step > best.Step && p.MaxRelativeError >= 100 * best.MaxRelativeError && p.MaxRelativeError <= 0.1).Strict();
    }

    /// <summary>
    /// The least-squares slope of log₁₀(max error) against log₁₀ h through <paramref name="points"/> (those with an
    /// error above 0): the order p where truncation dominates, −1 where round-off does, 0 where the error is flat.
    /// None with fewer than two points.
    /// </summary>
    public static Option<double> Slope(IEnumerable<StepError> points)
    {
        var xy = points.Where(p => p.Counted > 0 && p.MaxRelativeError > 0).Select(p => (X: Math.Log10(p.Step), Y: Math.Log10(p.MaxRelativeError))).ToArray();
        if (xy.Length < 2) return None;
        var (meanX, meanY) = (xy.Average(p => p.X), xy.Average(p => p.Y));
        return xy.Sum(p => (p.X - meanX) * (p.Y - meanY)) / xy.Sum(p => (p.X - meanX) * (p.X - meanX));
    }
}
