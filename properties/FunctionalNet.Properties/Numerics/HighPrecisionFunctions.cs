namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// e^x, log x, tanh x, sin x and cos x in <see cref="HighPrecision"/> arithmetic, by textbook series: the reference
/// for the portable functions. e^x = 2^k·(e^{r/256})^256 with r = x − k·ln 2; log x = k·ln 2 + 2·atanh((m − 1)/(m + 1));
/// ln 2 = 2·atanh(1/3) and π = 16·atan(1/5) − 4·atan(1/239) (Machin), each summed until the terms fall below 2⁻³⁰⁰.
/// </summary>
public static class HighPrecisionFunctions
{
    private static readonly HighPrecision Negligible = new(BigInteger.One, -300);

    /// <summary>ln 2.</summary>
    public static readonly HighPrecision Ln2 = Two * Atanh(HighPrecision.One / HighPrecision.Of(3));

    /// <summary>π.</summary>
    public static readonly HighPrecision Pi = HighPrecision.Of(16) * Atan(HighPrecision.One / HighPrecision.Of(5)) - HighPrecision.Of(4) * Atan(HighPrecision.One / HighPrecision.Of(239));

    private static HighPrecision Two => HighPrecision.Of(2);

    // Σ_{n≥0} (±1)ⁿ s^{2n+1}/(2n+1): atanh with sign +1, atan with sign −1, for |s| ≤ 1/3.
    private static HighPrecision OddSeries(HighPrecision s, int sign)
    {
        var (sum, power, square) = (s, s, s * s);
        for (var n = 1; ; n++)
        {
            power = sign < 0 ? -(power * square) : power * square;
            var term = power / HighPrecision.Of(2 * n + 1);
            if (!(term.Abs() > Negligible * s.Abs())) return sum;
            sum += term;
        }
    }

    private static HighPrecision Atanh(HighPrecision s) => OddSeries(s, 1);

    private static HighPrecision Atan(HighPrecision s) => OddSeries(s, -1);

    // Σ_{n≥start} xⁿ/n!, for |x| ≤ 1.
    private static HighPrecision ExpSeries(HighPrecision x, int start)
    {
        var term = HighPrecision.One;
        for (var n = 1; n <= start; n++) term = term * x / HighPrecision.Of(n);
        var sum = term;
        for (var n = start + 1; ; n++)
        {
            term = term * x / HighPrecision.Of(n);
            if (!(term.Abs() > Negligible * sum.Abs())) return sum;
            sum += term;
        }
    }

    /// <summary>e^x; beyond ±2000, where any format over- or underflows, 2^{±3000} stands for it.</summary>
    public static HighPrecision Exp(HighPrecision x)
    {
        if (x.IsZero) return HighPrecision.One;
        if (x.Abs() > HighPrecision.Of(2000)) return HighPrecision.One.ScaleB(3000 * x.Sign);
        var k = (x / Ln2).RoundToInteger();
        var r = (x - HighPrecision.Of((long)k) * Ln2).ScaleB(-8);
        var y = ExpSeries(r, 0);
        for (var i = 0; i < 8; i++) y *= y;
        return y.ScaleB((long)k);
    }

    /// <summary>e^x − 1, to full relative precision near 0.</summary>
    public static HighPrecision ExpM1(HighPrecision x) => x.Abs() < new HighPrecision(BigInteger.One, -1) ? ExpSeries(x, 1) : Exp(x) - HighPrecision.One;

    /// <summary>log x for x &gt; 0.</summary>
    public static HighPrecision Log(HighPrecision x)
    {
        if (x.Sign <= 0) throw new ArgumentException("log of a non-positive number");
        // x = m·2^k with 1 ≤ m < 2; near 1 the series in (x − 1)/(x + 1) keeps full relative precision.
        var k = x.Log2Floor;
        var m = x.ScaleB(-k);
        if (m > new HighPrecision(3, -1)) (m, k) = (m.ScaleB(-1), k + 1);
        var atanh = Atanh((m - HighPrecision.One) / (m + HighPrecision.One));
        return HighPrecision.Of(k) * Ln2 + Two * atanh;
    }

    /// <summary>log(1 + x) for x &gt; −1, to full relative precision near 0.</summary>
    public static HighPrecision LogP1(HighPrecision x) =>
        x.Abs() < new HighPrecision(BigInteger.One, -2) ? Two * Atanh(x / (Two + x)) : Log(HighPrecision.One + x);

    /// <summary>tanh x = (e^{2x} − 1)/(e^{2x} + 1), for |x| ≤ 1000.</summary>
    public static HighPrecision Tanh(HighPrecision x)
    {
        var u = ExpM1(Two * x);
        return u / (u + Two);
    }

    /// <summary>sin x, for |x| ≤ 2⁶⁰.</summary>
    public static HighPrecision Sin(HighPrecision x) => SinCos(x, 0);

    /// <summary>cos x, for |x| ≤ 2⁶⁰.</summary>
    public static HighPrecision Cos(HighPrecision x) => SinCos(x, 1);

    // sin(x + shift·π/2): x = n·π/2 + r, |r| ≤ π/4, then the series of sin r or cos r by (n + shift) mod 4.
    private static HighPrecision SinCos(HighPrecision x, int shift)
    {
        var halfPi = Pi.ScaleB(-1);
        var n = (x / halfPi).RoundToInteger();
        var r = x - HighPrecision.Of((long)n) * halfPi;
        var quadrant = (int)(((n + shift) % 4 + 4) % 4);
        var (odd, even) = (SinSeries(r), CosSeries(r));
        return quadrant switch { 0 => odd, 1 => even, 2 => -odd, _ => -even };
    }

    private static HighPrecision SinSeries(HighPrecision r) => Alternating(r, r, 1);

    private static HighPrecision CosSeries(HighPrecision r) => Alternating(HighPrecision.One, r, 0);

    // Σ (−1)ⁿ r^{2n+start}/(2n+start)!, starting from its first term.
    private static HighPrecision Alternating(HighPrecision first, HighPrecision r, int start)
    {
        var (sum, term, square) = (first, first, r * r);
        if (first.IsZero) return first;
        for (var n = 1; ; n++)
        {
            term = -(term * square / HighPrecision.Of((2 * n + start - 1) * (long)(2 * n + start)));
            if (!(term.Abs() > Negligible * sum.Abs())) return sum;
            sum += term;
        }
    }

    /// <summary>|x|^y = e^{y·log |x|} for x ≠ 0.</summary>
    public static HighPrecision Pow(HighPrecision x, HighPrecision y) => Exp(y * Log(x.Abs()));
}
