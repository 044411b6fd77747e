namespace FunctionalNet;

/// <summary>
/// How a gradient check estimates φ′(0) for φ(t) = C(θ + t·u), u a unit step along one parameter entry (or a
/// direction): the reference the analytic derivative is compared with. Truncation error falls as hᵖ (p =
/// <see cref="DifferenceSchemes.Order"/>); round-off grows as ε·C/h for every real scheme, not for the complex step.
/// </summary>
public enum DifferenceScheme
{
    /// <summary>(φ(h) − φ(0)) / h: O(h).</summary>
    Forward,
    /// <summary>(φ(h) − φ(−h)) / 2h: O(h²), the default.</summary>
    Central,
    /// <summary>(−φ(2h) + 8φ(h) − 8φ(−h) + φ(−2h)) / 12h: O(h⁴).</summary>
    FivePoint,
    /// <summary>Richardson extrapolation of central differences, (4·D(h/2) − D(h)) / 3: O(h⁴).</summary>
    Richardson,
    /// <summary>Im φ(ih) / h with φ extended to complex t: O(h²) with no subtractive cancellation, so h can be 10⁻²⁰.</summary>
    ComplexStep,
}

/// <summary>Whether the step h is taken as given or scaled by the parameter's size.</summary>
public enum StepKind
{
    /// <summary>h as given.</summary>
    Absolute,
    /// <summary>h·max(1, |θ|): the same relative perturbation for parameters of large scale.</summary>
    Relative,
}

/// <summary>The schemes' names, orders, evaluation points and formulas.</summary>
public static class DifferenceSchemes
{
    /// <summary>The names on the command line and in JSON, in the order of <see cref="DifferenceScheme"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["forward", "central", "five-point", "richardson", "complex-step"];

    /// <summary>The scheme's name: <c>five-point</c>.</summary>
    public static string Name(DifferenceScheme scheme) => Names[(int)scheme];

    /// <summary>The scheme called <paramref name="name"/>.</summary>
    public static Fin<DifferenceScheme> Parse(string name) =>
        Names.ToList().IndexOf(name.Trim().ToLowerInvariant()) is var k and >= 0
            ? (DifferenceScheme)k
            : Error.New($"unknown scheme '{name}' (expected one of: {string.Join(", ", Names)})");

    /// <summary>p, the order of the truncation error in h.</summary>
    public static int Order(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => 1,
        DifferenceScheme.Central or DifferenceScheme.ComplexStep => 2,
        DifferenceScheme.FivePoint or DifferenceScheme.Richardson => 4,
        _ => throw new UnreachableException(),
    };

    /// <summary>The scheme's formula, for reports.</summary>
    public static string Formula(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => "(C(θ+h) − C(θ)) / h",
        DifferenceScheme.Central => "(C(θ+h) − C(θ−h)) / 2h",
        DifferenceScheme.FivePoint => "(−C(θ+2h) + 8C(θ+h) − 8C(θ−h) + C(θ−2h)) / 12h",
        DifferenceScheme.Richardson => "(4·D(h/2) − D(h)) / 3, D the central difference",
        DifferenceScheme.ComplexStep => "Im C(θ + ih) / h",
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The offsets t, in units of h, at which a real scheme evaluates φ (none for the complex step, which evaluates
    /// φ(ih) once). The same points decide whether the estimate crosses a kink.
    /// </summary>
    public static double[] Offsets(DifferenceScheme scheme) => scheme switch
    {
        DifferenceScheme.Forward => [0, 1],
        DifferenceScheme.Central => [1, -1],
        DifferenceScheme.FivePoint => [2, 1, -1, -2],
        DifferenceScheme.Richardson => [1, -1, 0.5, -0.5],
        DifferenceScheme.ComplexStep => [],
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// φ′(0) from φ at the scheme's points: <paramref name="at"/>[k] is the parameter value actually taken for offset
    /// k of <see cref="Offsets"/> (θ + t_k·h, rounded to the network's precision), <paramref name="values"/>[k] = φ there.
    /// The widths are the ones actually taken, so a float32 step that rounds is divided by what it really was; a
    /// width that rounds to nothing gives 0 (no information).
    /// </summary>
    public static double Estimate(DifferenceScheme scheme, double theta, double[] at, double[] values) => scheme switch
    {
        DifferenceScheme.Forward => Quotient(values[1] - values[0], at[1] - theta),
        DifferenceScheme.Central => Quotient(values[0] - values[1], at[0] - at[1]),
        // 12h = 6·(θ₊₁ − θ₋₁)
        DifferenceScheme.FivePoint => Quotient(-values[0] + 8 * values[1] - 8 * values[2] + values[3], 6 * (at[1] - at[2])),
        DifferenceScheme.Richardson =>
            (4 * Quotient(values[2] - values[3], at[2] - at[3]) - Quotient(values[0] - values[1], at[0] - at[1])) / 3,
        _ => throw new ArgumentException($"the {Name(scheme)} scheme has no real evaluation points"),
    };

    private static double Quotient(double difference, double width) => width == 0 ? 0.0 : difference / width;
}
