namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// The natural logarithm from IEEE 754 basic operations, and log(1 + x) beside it. x = 2^k·m with √½ ≤ m &lt; √2 (read
/// from the bits), f = m − 1 (exact), and log m = log(1 + f) = 2·atanh s = 2s + 2s³/3 + 2s⁵/5 + … with s = f/(2 + f),
/// |s| ≤ 0.1716, summed to s²¹ (remainder below 2⁻⁶⁰). As in fdlibm the series is kept as a small correction:
/// log(1 + f) = f − f²/2 + s·(f²/2 + R), R = 2s²/3 + 2s⁴/5 + …, and log x = k·ln2Hi + f − f²/2 + correction, where
/// the first three terms are carried exactly as a pair of doubles, so the result rounds about once.
/// </summary>
internal static class LogKernel
{
    private const double Ln2Hi = 6.93147180369123816490e-01;   // 32 bits: k·Ln2Hi is exact
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const long SqrtHalfBits = 0x3fe6a09e667f3bcd;      // √½: m starts here
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const double TwoTo54 = 18014398509481984.0;
    private const double SmallArgument = 9.5367431640625e-7;   // 2⁻²⁰

    // R(z)/z = Σ_{n≥1} 2zⁿ⁻¹/(2n+1), by Horner's rule from 2/21 down.
    private static TV R<TV, S>(TV z) where TV : struct where S : IDoubleLanes<TV>
    {
        var p = S.Fma(S.Constant(2.0 / 21), z, S.Constant(2.0 / 19));
        p = S.Fma(p, z, S.Constant(2.0 / 17));
        p = S.Fma(p, z, S.Constant(2.0 / 15));
        p = S.Fma(p, z, S.Constant(2.0 / 13));
        p = S.Fma(p, z, S.Constant(2.0 / 11));
        p = S.Fma(p, z, S.Constant(2.0 / 9));
        p = S.Fma(p, z, S.Constant(2.0 / 7));
        p = S.Fma(p, z, S.Constant(2.0 / 5));
        p = S.Fma(p, z, S.Constant(2.0 / 3));
        return S.Multiply(z, p);
    }

    /// <summary>
    /// log(x) + extra for positive finite x (normal or subnormal) and a small extra (|extra| ≤ 2⁻⁵⁰·max(1, |log x|)),
    /// as head + tail before the last rounding (|tail| ≤ 0.02, not yet renormalised).
    /// </summary>
    public static (TV Head, TV Tail) Parts<TV, S>(TV x, TV extra) where TV : struct where S : IDoubleLanes<TV>
    {
        // A subnormal x is scaled into the normal range first (exactly), and 54 taken off its exponent.
        var subnormal = S.LessThan(x, S.Constant(SmallestNormal));
        var scaled = S.Select(subnormal, S.Multiply(x, S.Constant(TwoTo54)), x);
        // k = ⌊(bits(x) − bits(√½)) / 2⁵²⌋ (offset by 1024·2⁵² so the shift may be logical); m = x·2⁻ᵏ.
        var offset = S.AddBits(S.SubtractBits(scaled, S.ConstantBits(SqrtHalfBits)), S.ConstantBits(1024L << 52));
        var k = S.SubtractBits(S.ShiftRightLogicalBits(offset, 52), S.ConstantBits(1024));
        var m = S.SubtractBits(scaled, S.ShiftLeftBits(k, 52));
        var kd = S.Subtract(S.AddBits(k, S.ConstantBits(ExpKernel.ShifterBits)), S.Constant(ExpKernel.Shifter));
        kd = S.Subtract(kd, S.And(subnormal, S.Constant(54)));
        var one = S.Constant(1);
        var f = S.Subtract(m, one);
        var s = S.Divide(f, S.Add(S.Constant(2), f));
        // f²/2 exactly as a pair (one fused multiply-add); k·Ln2Hi + f − f²/2 exactly as a pair (two Fast2Sums: the
        // terms shrink in that order); what is left, s·(f²/2 + R) + k·Ln2Lo + extra, is below 0.02 and rounds harmlessly.
        var half = S.Constant(0.5);
        var square = S.Multiply(f, f);
        var halfSquare = S.Multiply(half, square);
        var halfSquareError = S.Multiply(half, S.Fma(f, f, S.Subtract(S.Constant(0), square)));
        var (sum, sumError) = DoubleDouble.FastTwoSum<TV, S>(S.Multiply(kd, S.Constant(Ln2Hi)), f);
        var (head, headError) = DoubleDouble.FastTwoSum<TV, S>(sum, S.Subtract(S.Constant(0), halfSquare));
        var rest = S.Fma(s, S.Add(halfSquare, R<TV, S>(S.Multiply(s, s))), S.Fma(kd, S.Constant(Ln2Lo), extra));
        return (head, S.Add(S.Subtract(S.Add(sumError, headError), halfSquareError), rest));
    }

    /// <summary>log x, within 0.75 ulp (measured 0.615; docs/portable.md): log 0 = −∞, log of a negative = NaN, log ∞ = ∞, NaN in gives the same NaN out.</summary>
    public static TV Log<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV>
    {
        var (head, tail) = Parts<TV, S>(x, S.Constant(0));
        return Special<TV, S>(x, x, S.Add(head, tail));
    }

    /// <summary>log(1 + x), within 0.75 ulp (measured 0.570), to full relative precision near 0 (±0 kept): 1 + x = u + δ exactly, log(u + δ) = log u + δ/u.</summary>
    public static TV LogP1<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV>
    {
        var one = S.Constant(1);
        var (u, delta) = DoubleDouble.TwoSum<TV, S>(one, x);
        var (head, tail) = Parts<TV, S>(u, S.Divide(delta, u));
        // Below 2⁻²⁰ the quotient δ/u would carry too few bits of x: log(1 + x) = x − x²/2 + x³/3 (next term below
        // 2⁻⁶⁰ beside x), rounded once. It also keeps ±0.
        var series = S.Fma(S.Multiply(x, x), S.Fma(x, S.Constant(1.0 / 3), S.Constant(-0.5)), x);
        var y = Special<TV, S>(x, u, S.Add(head, tail));
        return S.Select(S.LessThan(S.AndNot(x, S.Constant(-0.0)), S.Constant(SmallArgument)), series, y);
    }

    // The IEEE results at the edges, from the argument of the logarithm (1 + x for log1p): 0 → −∞, negative → NaN,
    // ∞ → ∞; a NaN input comes back unchanged.
    private static TV Special<TV, S>(TV input, TV argument, TV y) where TV : struct where S : IDoubleLanes<TV>
    {
        var zero = S.Constant(0);
        var infinity = S.Constant(double.PositiveInfinity);
        y = S.Select(S.Equals(argument, infinity), infinity, y);
        y = S.Select(S.LessThan(argument, zero), S.Constant(double.NaN), y);
        y = S.Select(S.Equals(argument, zero), S.Constant(double.NegativeInfinity), y);
        return S.Select(S.Equals(input, input), y, input);
    }
}
