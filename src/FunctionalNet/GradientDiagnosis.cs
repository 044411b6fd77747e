namespace FunctionalNet;

/// <summary>What most likely makes an entry's analytic and numeric derivatives differ (<see cref="GradientDiagnosis.Of{T}"/> gives the rules).</summary>
public enum LikelyCause
{
    /// <summary>The scheme's points put some pre-activation on both sides of a kink: the quotient measures a jump.</summary>
    KinkCrossed,
    /// <summary>The error is far beyond what the scheme's truncation and round-off explain, and fails the check: the backward pass is likely wrong here.</summary>
    WrongDerivative,
    /// <summary>A unit the entry feeds is saturated (tanh′ = 1 − a² or a sigmoid's 1 − a near 0; bce at a sigmoid near 1): digits lost there dominate.</summary>
    Saturation,
    /// <summary>Round-off dominates and the network computes in float32: seven digits, of which the difference keeps few.</summary>
    Float32,
    /// <summary>Round-off dominates: C at the scheme's points agree in most of their digits, and their difference keeps the rest.</summary>
    Cancellation,
    /// <summary>Round-off dominates the complex step (no difference is taken): a few ulps of the forward pass and of backpropagation.</summary>
    RoundOff,
    /// <summary>Truncation dominates: the step is too large for this entry; a smaller h or a higher-order scheme helps.</summary>
    Truncation,
}

/// <summary>
/// Why one checked entry's analytic a and numeric n differ: the errors in three units, the scheme's own expected
/// errors, the saturation of what the entry feeds, and the likely cause.
/// </summary>
/// <param name="Entry">The entry diagnosed.</param>
/// <param name="Scheme">The scheme that gave n.</param>
/// <param name="Step">h as taken for this entry (with <see cref="StepKind.Relative"/>, h·max(1, |θ|)).</param>
/// <param name="Epsilon">ε of the network's number type T: 2⁻⁵² for double, 2⁻²³ for float.</param>
/// <param name="AbsoluteError">|a − n|.</param>
/// <param name="RelativeError">The check's relative error |a − n| / max(|a|, |n|, floor·S).</param>
/// <param name="UlpError">|a − n| in units in the last place of T at max(|a|, |n|).</param>
/// <param name="Truncation">The scheme's estimated truncation error at h: |D(h) − D(2h)| / (2ᵖ − 1).</param>
/// <param name="RoundOff">The scheme's estimated round-off error at h: k·ε·S / h for a real scheme (k = <see cref="RoundOffFactor"/>), ε·|n| for the complex step.</param>
/// <param name="Saturation">The smallest margin from saturation among the units the entry feeds (1 − a² for tanh, 1 − a for a sigmoid); 1 when none can saturate.</param>
/// <param name="Cause">The likely cause, by the rules of <see cref="Of{T}"/>.</param>
public sealed record GradientDiagnosis(GradientEntry Entry, DifferenceScheme Scheme, double Step, double Epsilon, double AbsoluteError,
    double RelativeError, double UlpError, double Truncation, double RoundOff, double Saturation, LikelyCause Cause)
{
    /// <summary>A unit is saturated when its margin (1 − a², or 1 − a) is below this: three or more of T's digits are lost in it.</summary>
    public const double SaturationMargin = 1e-3;

    /// <summary>How far beyond truncation + round-off an error must be before the analytic derivative is blamed.</summary>
    public const double Unexplained = 10;

    /// <summary>The names of the causes in JSON and text, in the order of <see cref="LikelyCause"/>.</summary>
    public static readonly IReadOnlyList<string> CauseNames =
        ["kink crossed", "wrong derivative", "saturation", "float32", "cancellation", "round-off", "truncation"];

    /// <summary>The cause's name: <c>kink crossed</c>, <c>cancellation</c>, …</summary>
    public static string Name(LikelyCause cause) => CauseNames[(int)cause];

    /// <summary>
    /// The diagnosis of <paramref name="entry"/>, checked by <paramref name="options"/>' scheme with step
    /// <paramref name="step"/> (n = D(h)); <paramref name="numericAtTwiceTheStep"/> is the same scheme's D(2h),
    /// <paramref name="roundOffScale"/> is S and <paramref name="trace"/> the network's forward pass on the batch.
    /// Truncation: D(h) = φ′ + c·hᵖ + …, so D(2h) − D(h) ≈ (2ᵖ − 1)·c·hᵖ, Richardson's estimate of the error at h.
    /// Round-off: each value of C carries an error up to ε·S (S is how far C moves when it and every output carry one
    /// relative rounding error); a real scheme n = Σ c_k·C(θ + t_k·h) / (d·h) adds them with weights |c_k| / d, so its
    /// round-off is at most k·ε·S / h with k = Σ|c_k| / d (a bound: independent errors typically cancel to a fraction).
    /// The complex step takes no difference, so its round-off is that of n itself, ε·|n|.
    /// The cause is the first of these rules that holds:
    /// 1. kink crossed: the scheme's points straddle a kink;
    /// 2. wrong derivative: the entry fails the threshold and |a − n| is more than <see cref="Unexplained"/> times truncation + round-off;
    /// 3. saturation: round-off dominates (round-off ≥ truncation) and a unit the entry feeds (in its layer or a later one) has a margin
    ///    below <see cref="SaturationMargin"/>: a tanh with 1 − a² there, a sigmoid with 1 − a there (bce at a sigmoid near 1);
    /// 4. float32: round-off dominates and T has fewer than 53 bits (ε above 10⁻¹⁰);
    /// 5. cancellation: round-off dominates a real scheme;
    /// 6. round-off: round-off dominates the complex step;
    /// 7. truncation: otherwise, truncation dominates.
    /// </summary>
    public static GradientDiagnosis Of<T>(GradientEntry entry, GradientCheckOptions options, double step, double numericAtTwiceTheStep,
        double roundOffScale, Network<T> network, ForwardTrace<T> trace) where T : struct, IFloatingPointIeee754<T>
    {
        var (a, n, scheme) = (entry.Analytic, entry.Numeric, options.Scheme);
        var epsilon = EpsilonOf<T>();
        var absolute = Math.Abs(a - n);
        var truncation = Math.Abs(n - numericAtTwiceTheStep) / (Math.Pow(2, DifferenceSchemes.Order(scheme)) - 1);
        var roundOff = scheme == DifferenceScheme.ComplexStep ? epsilon * Math.Abs(n) : RoundOffFactor(scheme) * epsilon * roundOffScale / step;
        var saturation = SaturationOf(network, trace, entry.Layer - 1);
        var roundOffDominates = roundOff >= truncation;
        var cause =
            entry.Kink ? LikelyCause.KinkCrossed
            : entry.RelativeError > options.Threshold && !(absolute <= Unexplained * (truncation + roundOff)) ? LikelyCause.WrongDerivative
            : roundOffDominates && saturation < SaturationMargin ? LikelyCause.Saturation
            : roundOffDominates && epsilon > 1e-10 ? LikelyCause.Float32
            : roundOffDominates && scheme != DifferenceScheme.ComplexStep ? LikelyCause.Cancellation
            : roundOffDominates ? LikelyCause.RoundOff
            : LikelyCause.Truncation;
        return new GradientDiagnosis(entry, scheme, step, epsilon, absolute, entry.RelativeError, Ulps(a, n, epsilon),
            truncation, roundOff, saturation, cause);
    }

    /// <summary>
    /// k = Σ|c_k| / d for a real scheme n = Σ c_k·C(θ + t_k·h) / (d·h): the factor of ε·S / h in its round-off bound
    /// (0 for the complex step, whose round-off is not of this form).
    /// </summary>
    public static double RoundOffFactor(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => 2,        // (|−1| + |1|) / 1
        DifferenceScheme.Central => 1,        // (|1| + |−1|) / 2
        DifferenceScheme.FivePoint => 1.5,    // (1 + 8 + 8 + 1) / 12
        DifferenceScheme.Richardson => 3,     // (4·D(h/2) − D(h)) / 3: 4/3 of (1 + 1)/h, and 1/3 of (1 + 1)/2h
        DifferenceScheme.ComplexStep => 0,
        _ => throw new UnreachableException(),
    };

    /// <summary>ε of T, the gap between 1 and the next number: 2⁻⁵² for double, 2⁻²³ for float.</summary>
    public static double EpsilonOf<T>() where T : struct, IFloatingPointIeee754<T> => double.CreateChecked(T.BitIncrement(T.One) - T.One);

    /// <summary>|a − n| in units in the last place at max(|a|, |n|) of a type whose ε is <paramref name="epsilon"/>: ulp(m) = ε·2^⌊log₂ m⌋.</summary>
    public static double Ulps(double analytic, double numeric, double epsilon)
    {
        if (analytic == numeric) return 0;
        var largest = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        return double.IsFinite(largest) ? Math.Abs(analytic - numeric) / Math.ScaleB(epsilon, Math.ILogB(largest)) : double.PositiveInfinity;
    }

    /// <summary>
    /// The smallest margin from saturation in layer <paramref name="layer"/> (0-based) and every later one, over the
    /// batch: 1 − a² at a tanh output (tanh′ = 1 − a² computed from a near ±1 cancels), 1 − a at a sigmoid output
    /// (σ′ = a(1 − a) and bce's log(1 − a) cancel near 1); 1 when no such unit follows the entry.
    /// </summary>
    public static double SaturationOf<T>(Network<T> network, ForwardTrace<T> trace, int layer) where T : struct, IFloatingPointIeee754<T>
    {
        static double Margin(Activation f, double a) => f switch
        {
            Activation.Tanh => (1 - Math.Abs(a)) * (1 + Math.Abs(a)),
            Activation.Sigmoid => 1 - a,
            _ => 1,
        };
        var margin = 1.0;
        for (var l = Math.Max(layer, 0); l < network.Layers.Count; l++)
        {
            var f = network.Layers[l].OutputActivation;
            if (f is not (Activation.Tanh or Activation.Sigmoid)) continue;
            foreach (var a in trace.Layers[l].A.Enumerate()) margin = Math.Min(margin, Margin(f, double.CreateChecked(a)));
        }
        return margin;
    }
}
