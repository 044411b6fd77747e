using FunctionalNet.Numerics;

namespace FunctionalNet.Properties.Numerics;

/// <summary>The arbitraries of the portable-math properties.</summary>
public static class PortableArbitraries
{
    /// <summary>Double arguments with every edge.</summary>
    public static Arbitrary<PortableArgument> Argument() => PortableCases.Arguments();

    /// <summary>Float arguments with every edge.</summary>
    public static Arbitrary<PortableFloatArgument> FloatArgument() => PortableCases.FloatArguments();

    /// <summary>Arguments of x^y.</summary>
    public static Arbitrary<PortablePowerArguments> PowerArguments() => PortableCases.PowerArguments();

    /// <summary>Span functions over arrays.</summary>
    public static Arbitrary<PortableSpanCase> SpanCase() => PortableCases.SpanCases();
}

/// <summary>
/// The portable transcendental functions agree with a high-precision reference (<see cref="HighPrecisionFunctions"/>)
/// within the bounds PortableMath states, take the IEEE 754 values at every edge, and give the same bits over a span
/// as one at a time. .ci/run reruns these with 512-bit vectors off and with no SIMD at all (filter ~Portable).
/// </summary>
public class PortableMathProperties
{
    // The bounds PortableMath's documentation and docs/portable.md state, in ulps.
    internal const double DoubleUlps = 0.75;
    internal const double FloatUlps = 0.501;
    internal const double TrigonometryUlps = 0.75;
    internal const double IntegerPowerUlps = 0.75;

    private const int Tests = 1000;

    private static bool Agrees(string function, double x, double actual, BinaryFormat format, double ulps) =>
        PortableExpectations.Met(PortableExpectations.Of(function, x), actual, format, ulps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableExpIsWithinItsBoundOfTheReference(PortableArgument a) => Agrees("Exp", a.X, PortableMath.Exp(a.X), BinaryFormat.Double, DoubleUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableLogIsWithinItsBoundOfTheReference(PortableArgument a) => Agrees("Log", a.X, PortableMath.Log(a.X), BinaryFormat.Double, DoubleUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableTanhIsWithinItsBoundOfTheReference(PortableArgument a) => Agrees("Tanh", a.X, PortableMath.Tanh(a.X), BinaryFormat.Double, DoubleUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableExpM1IsWithinItsBoundOfTheReference(PortableArgument a) => Agrees("ExpM1", a.X, PortableMath.ExpM1(a.X), BinaryFormat.Double, DoubleUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableLogP1IsWithinItsBoundOfTheReference(PortableArgument a) => Agrees("LogP1", a.X, PortableMath.LogP1(a.X), BinaryFormat.Double, DoubleUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableExpInFloatIsWithinItsBoundOfTheReference(PortableFloatArgument a) => Agrees("Exp", a.X, PortableMath.Exp(a.X), BinaryFormat.Single, FloatUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableLogInFloatIsWithinItsBoundOfTheReference(PortableFloatArgument a) => Agrees("Log", a.X, PortableMath.Log(a.X), BinaryFormat.Single, FloatUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableTanhInFloatIsWithinItsBoundOfTheReference(PortableFloatArgument a) => Agrees("Tanh", a.X, PortableMath.Tanh(a.X), BinaryFormat.Single, FloatUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableExpM1InFloatIsWithinItsBoundOfTheReference(PortableFloatArgument a) => Agrees("ExpM1", a.X, PortableMath.ExpM1(a.X), BinaryFormat.Single, FloatUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableLogP1InFloatIsWithinItsBoundOfTheReference(PortableFloatArgument a) => Agrees("LogP1", a.X, PortableMath.LogP1(a.X), BinaryFormat.Single, FloatUlps);

    // Sine and cosine state their bound for |x| ≤ 10⁵ (the schedules and Box–Muller use |x| ≤ 2π): arguments beyond
    // are folded into that range by dividing by a power of two, which keeps every edge below it.
    private static double Trigonometric(double x) => double.IsFinite(x) && Math.Abs(x) > 1e5 ? Math.ScaleB(x, -(int)Math.Ceiling(Math.Log2(Math.Abs(x) / 1e5))) : x;

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableSinIsWithinItsBoundOfTheReference(PortableArgument a) =>
        Trigonometric(a.X) is var x && Agrees("Sin", x, PortableMath.Sin(x), BinaryFormat.Double, TrigonometryUlps);

    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortableCosIsWithinItsBoundOfTheReference(PortableArgument a) =>
        Trigonometric(a.X) is var x && Agrees("Cos", x, PortableMath.Cos(x), BinaryFormat.Double, TrigonometryUlps);

    /// <summary>
    /// x^y with an integer y, as Adam's β^t: within the stated bound of e^{y·log|x|} with the sign of x^y; the special
    /// cases (a zero, infinite or NaN operand, a negative base with a non-integer exponent) as C99's pow, here .NET's
    /// Math.Pow, which follows it exactly for them.
    /// </summary>
    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = Tests)]
    public bool PortablePowIsWithinItsBoundOfTheReference(PortablePowerArguments a)
    {
        var (x, y) = (a.X, a.Y);
        var actual = PortableMath.Pow(x, y);
        var special = !double.IsFinite(x) || !double.IsFinite(y) || x == 0 || y == 0 || x == 1 || (x < 0 && Math.Floor(y) != y);
        if (special) return BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(Math.Pow(x, y)) || (double.IsNaN(actual) && double.IsNaN(Math.Pow(x, y)));
        var exact = HighPrecisionFunctions.Pow(HighPrecision.Of(x), HighPrecision.Of(y));
        var odd = x < 0 && Math.Abs(y) < 9007199254740992.0 && Math.IEEERemainder(y, 2) != 0;
        var bound = Math.Floor(y) == y ? IntegerPowerUlps : NonIntegerPowUlps(x, y);
        return UnitsInTheLastPlace.Error(actual, odd ? -exact : exact, BinaryFormat.Double) <= bound;
    }

    // A non-integer exponent goes through e^{y·log x} with log x as a pair good to about 2⁻⁵⁹ absolutely: the error of
    // y·log x grows with |y|, and the stated bound is 0.75 + |y|/4 ulps (measured: 0.5 + 0.14·|y| at worst).
    private static double NonIntegerPowUlps(double x, double y) => DoubleUlps + Math.Abs(y) / 4;

    /// <summary>Any span function over any array, in place or not, in double or float: entry k has the bits of the scalar function of x[k].</summary>
    [Property(Arbitrary = [typeof(PortableArbitraries)], MaxTest = 300)]
    public bool PortableSpanEqualsTheScalarFunctionBitForBit(PortableSpanCase c)
    {
        var name = PortableSpanCase.Names[c.Function];
        if (c.InFloat)
        {
            var x = c.X.Select(v => (float)v).ToArray();
            var result = c.InPlace ? (float[])x.Clone() : new float[x.Length];
            SpanFunction<float>(name)(c.InPlace ? result : x, result);
            return x.Select((v, k) => BitConverter.SingleToInt32Bits(ScalarFunction<float>(name)(v)) == BitConverter.SingleToInt32Bits(result[k])).All(same => same);
        }
        var xd = c.X.ToArray();
        var resultD = c.InPlace ? (double[])xd.Clone() : new double[xd.Length];
        SpanFunction<double>(name)(c.InPlace ? resultD : xd, resultD);
        return xd.Select((v, k) => BitConverter.DoubleToInt64Bits(ScalarFunction<double>(name)(v)) == BitConverter.DoubleToInt64Bits(resultD[k])).All(same => same);
    }

    internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> result);

    internal static SpanMap<T> SpanFunction<T>(string name) where T : struct, IFloatingPointIeee754<T> => name switch
    {
        "Exp" => PortableMath.Exp,
        "Log" => PortableMath.Log,
        "Tanh" => PortableMath.Tanh,
        "ExpM1" => PortableMath.ExpM1,
        _ => PortableMath.LogP1,
    };

    internal static Func<T, T> ScalarFunction<T>(string name) where T : struct, IFloatingPointIeee754<T> => name switch
    {
        "Exp" => PortableMath.Exp,
        "Log" => PortableMath.Log,
        "Tanh" => PortableMath.Tanh,
        "ExpM1" => PortableMath.ExpM1,
        _ => PortableMath.LogP1,
    };
}
