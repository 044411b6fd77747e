namespace FunctionalNet;

/// <summary>
/// How <see cref="GradientCheck"/> compares analytic and numeric partial derivatives.
/// Build one with an object initializer: <c>new GradientCheckOptions { Sample = Some(20) }</c>.
/// </summary>
public sealed record GradientCheckOptions
{
    /// <summary>
    /// The default step h of the central difference in double precision. Its truncation error falls as h² and
    /// its round-off error (a few ulps of C divided by 2h) rises as 1/h; the sweep
    /// (<c>functionalnet gradcheck --sweep</c>, README "Gradient checking") shows the two meeting in a flat valley
    /// between 10⁻⁵ and 3·10⁻⁵, as (3·ε·C/C‴)^(1/3) predicts. 10⁻⁵ is the valley's round-off-safe side for entries
    /// above the floor: over thousands of generated networks it gives the smallest worst-case relative error.
    /// </summary>
    public const double DefaultStep = 1e-5;

    /// <summary>
    /// The step that suits <paramref name="scheme"/>. A real scheme of order p has truncation error ∝ hᵖ and round-off
    /// ∝ ε/h, so its best step is about ε^(1/(p+1)) times the function's own scale: 10⁻⁷ for the forward difference
    /// (p = 1), <see cref="DefaultStep"/> = 10⁻⁵ for the central one (p = 2), 10⁻³ for five-point and Richardson
    /// (p = 4); the sweep on the README's 6-5-4-3 network puts each scheme's smallest error there. 10⁻²⁰ for the
    /// complex step, whose estimate Im C(θ + ih) / h subtracts nothing, so h can fall far below ε and the O(h²)
    /// truncation error vanishes (any h from about 10⁻¹⁰ down gives the same digits). <see cref="Step"/> does not
    /// follow <see cref="Scheme"/> by itself: a caller that picks a scheme passes this as the step.
    /// </summary>
    public static double DefaultStepFor(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => 1e-7,
        DifferenceScheme.Central => DefaultStep,
        DifferenceScheme.FivePoint or DifferenceScheme.Richardson => 1e-3,
        DifferenceScheme.ComplexStep => 1e-20,
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The step h: θ is moved to θ + h and θ − h (the scheme's points, in units of h), or to θ + ih by the complex step.
    /// It is used as given whatever the scheme: a complex step left at the default 10⁻⁵ is checked with h = 10⁻⁵, whose
    /// truncation error (h²·C‴/6C′ relative) stands far above rounding; set it to
    /// <see cref="DefaultStepFor"/>(<see cref="DifferenceScheme.ComplexStep"/>) for derivatives exact to rounding.
    /// </summary>
    public double Step { get; init; } = DefaultStep;

    /// <summary>The reference the analytic derivative is compared with: the central difference unless set (see <see cref="Step"/> for the complex step's).</summary>
    public DifferenceScheme Scheme { get; init; } = DifferenceScheme.Central;

    /// <summary>h as given, or h·max(1, |θ|) for each entry.</summary>
    public StepKind StepKind { get; init; } = StepKind.Absolute;

    /// <summary>None checks every entry; Some(n) checks n entries of each parameter matrix, drawn from <see cref="Seed"/>.</summary>
    public Option<int> Sample { get; init; } = None;

    /// <summary>The check passes when no entry away from a kink has a relative error above this.</summary>
    public double Threshold { get; init; } = 1e-6;

    /// <summary>How many of the worst entries the result keeps (K).</summary>
    public int Worst { get; init; } = 10;

    /// <summary>
    /// The floor of the relative error |a − n| / max(|a|, |n|, floor·S), as a fraction of the round-off scale S
    /// (<see cref="GradientCheck.RoundOffScale{T}"/>, about |C| for a loss of order 1): entries smaller than floor·S
    /// are held to the absolute tolerance threshold·floor·S instead. Not 0, because the central difference in double
    /// precision is accurate only to a few times ε·S/2h (about 10⁻¹¹·S at the default h): the relative error of a
    /// true zero, or of an entry of 10⁻⁶, would measure that round-off and not the derivative. Scaled by S so that
    /// scaling the loss does not change the verdict. With the defaults and S near 1, a small entry may be off by
    /// 3·10⁻⁹ at most: any real mistake in a derivative is far larger.
    /// </summary>
    public double Floor { get; init; } = 3e-3;

    /// <summary>Seeds the sample of entries, and the random directions (stream <see cref="Seeds.Streams.Batch"/>).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Some(K), K ≥ 1: the number of seeded random unit directions <see cref="DirectionalCheck.Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, GradientCheckOptions)"/>
    /// checks, O(K) forward passes in place of the entry check's O(P). None (the default) for the entry check;
    /// <see cref="GradientCheck.Run{T}(Network{T}, Loss, Matrix{T}, Matrix{T}, GradientCheckOptions)"/> checks entries whatever this says.
    /// </summary>
    public Option<int> Directions { get; init; } = None;
}
