namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// e^x from IEEE 754 basic operations, and e^x − 1 beside it. The argument is reduced to x = k·ln 2 + r with
/// |r| ≤ ln 2 / 2 (Cody and Waite: ln 2 in two parts, so k·ln2Hi and x − k·ln2Hi are exact), e^r is the Taylor series
/// to r¹³/13! (remainder below 2⁻⁵⁷ beside r³, so 2⁻⁶⁰ beside e^r), and e^x = 2^k·e^r. e^r is carried as an
/// unevaluated sum head + tail good to about 2⁻⁶⁰, so that the final rounding is the only large one: e^x, e^x − 1 and
/// tanh x each round it once.
/// </summary>
internal static class ExpKernel
{
    private const double InverseLn2 = 1.44269504088896338700e+00;
    private const double Ln2Hi = 6.93147180369123816490e-01;   // ln 2 to 32 bits: k·Ln2Hi is exact for |k| < 2²¹
    private const double Ln2Lo = 1.90821492927058770002e-10;   // ln 2 − Ln2Hi
    // 1.5·2⁵²: adding it rounds to an integer and leaves that integer in the low bits of the significand.
    internal const double Shifter = 6755399441055744.0;
    internal const long ShifterBits = 0x4338000000000000;
    private const double HalfLn2 = 0.34657359027997264;          // below it k = 0

    /// <summary>ln(largest double): e^x overflows above it, and this double itself still gives a finite e^x.</summary>
    internal const double OverflowEdge = 7.09782712893383973096e+02;

    // g(r) = Σ_{n=3..13} r^{n−3}/n!, so that e^r = 1 + r + r²/2 + r³·g(r), by Horner's rule from 1/13! down.
    private static TV G<TV, S>(TV r) where TV : struct where S : IDoubleLanes<TV>
    {
        var g = S.Fma(S.Constant(1.0 / 6227020800), r, S.Constant(1.0 / 479001600));
        g = S.Fma(g, r, S.Constant(1.0 / 39916800));
        g = S.Fma(g, r, S.Constant(1.0 / 3628800));
        g = S.Fma(g, r, S.Constant(1.0 / 362880));
        g = S.Fma(g, r, S.Constant(1.0 / 40320));
        g = S.Fma(g, r, S.Constant(1.0 / 5040));
        g = S.Fma(g, r, S.Constant(1.0 / 720));
        g = S.Fma(g, r, S.Constant(1.0 / 120));
        g = S.Fma(g, r, S.Constant(1.0 / 24));
        return S.Fma(g, r, S.Constant(1.0 / 6));
    }

    /// <summary>
    /// e^{x + extra} = 2^k·(head + tail) for |x| ≤ 746 and |extra| ≤ 2⁻⁴⁰: k is returned as a 64-bit integer in the
    /// bits of its lane, head = e^r rounded (its only large rounding) and tail the rest, to about 2⁻⁶⁰ relatively.
    /// </summary>
    public static void Parts<TV, S>(TV x, TV extra, out TV k, out TV head, out TV tail) where TV : struct where S : IDoubleLanes<TV>
    {
        var shifter = S.Constant(Shifter);
        var t = S.Fma(x, S.Constant(InverseLn2), shifter);
        var kd = S.Subtract(t, shifter);
        k = S.SubtractBits(t, shifter);
        var minusK = S.Subtract(S.Constant(0), kd);
        var hi = S.Fma(minusK, S.Constant(Ln2Hi), x);                   // exact
        var r = S.Fma(minusK, S.Constant(Ln2Lo), hi);
        // What rounding r lost, plus the caller's low part: e^{r + low} = e^r·(1 + low + O(low²)).
        var low = S.Add(S.Fma(minusK, S.Constant(Ln2Lo), S.Subtract(hi, r)), extra);
        // 1 + r + r²/2 exactly as a sum of doubles (r² by one fused multiply-add), then the small rest r³·g(r), and the
        // low part times e^r: every rounding left is below 2⁻⁶⁰ beside e^r.
        var one = S.Constant(1);
        var half = S.Constant(0.5);
        var square = S.Multiply(r, r);
        var squareError = S.Fma(r, r, S.Subtract(S.Constant(0), square));
        var sum = S.Add(one, r);
        var sumError = S.Add(S.Subtract(one, sum), r);                     // exact: |r| < 1
        var (sum2, sum2Error) = DoubleDouble.FastTwoSum<TV, S>(sum, S.Multiply(half, square));
        var cubic = S.Multiply(S.Multiply(r, square), G<TV, S>(r));
        var lowShare = S.Fma(low, S.Add(sum2, cubic), cubic);              // + low·e^r: low may be up to 2⁻⁴⁰ (x^y)
        var rest = S.Add(S.Add(S.Add(sumError, sum2Error), S.Multiply(half, squareError)), lowShare);
        (head, tail) = DoubleDouble.FastTwoSum<TV, S>(sum2, rest);          // head = e^r rounded, |tail| ≤ half its ulp
    }

    /// <summary>2^k as a double for −1022 ≤ k ≤ 1023, k given as an integer in the bits of its lane.</summary>
    public static TV PowerOfTwo<TV, S>(TV k) where TV : struct where S : IDoubleLanes<TV> =>
        S.ShiftLeftBits(S.AddBits(k, S.ConstantBits(1023)), 52);

    /// <summary>e^x, within 0.75 ulp (measured 0.542; docs/portable.md); NaN in gives the same NaN out.</summary>
    public static TV Exp<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => Exp<TV, S>(x, S.Constant(0));

    /// <summary>e^{x + low} for a small low part (|low| ≤ 2⁻⁴⁰), as <see cref="Exp{TV, S}(TV)"/>: x^y uses it.</summary>
    public static TV Exp<TV, S>(TV x, TV low) where TV : struct where S : IDoubleLanes<TV>
    {
        // Beyond [−746, 710] e^x is 0 or ∞ whatever x; clamping by comparisons keeps NaN.
        var clamped = S.Select(S.GreaterThan(x, S.Constant(710)), S.Constant(710), x);
        clamped = S.Select(S.LessThan(clamped, S.Constant(-746)), S.Constant(-746), clamped);
        Parts<TV, S>(clamped, low, out var k, out var head, out var tail);
        // 2^k in two halves k = k₁ + k₂ (k₁ = ⌊k/2⌋), each a normal double for −1076 ≤ k ≤ 1024: the first product is
        // exact, the second rounds once, to ∞ past the overflow edge.
        var k1 = S.SubtractBits(S.ShiftRightLogicalBits(S.AddBits(k, S.ConstantBits(1078)), 1), S.ConstantBits(539));
        var k2 = S.SubtractBits(k, k1);
        var a = S.Multiply(head, PowerOfTwo<TV, S>(k1));
        var scale2 = PowerOfTwo<TV, S>(k2);
        var y = S.Multiply(a, scale2);
        // A subnormal result would round twice (head to 53 bits, then to the subnormal spacing): instead head + tail is
        // rounded once to that spacing, G = 2⁻¹⁰⁷⁴/2^k₂ before the last scaling: adding C = 2⁵²·G (then 0 ≤ a < C)
        // rounds a to the grid, u − C, with e = a − (u − C) exactly; the rest e + tail (|·| ≤ G) rounds to the grid the
        // same way with 1.5·C, and the two parts add exactly. (For a normal result C is garbage that compares false.)
        var c = PowerOfTwo<TV, S>(S.SubtractBits(S.ConstantBits(-1022), k2));
        var (u, e) = DoubleDouble.FastTwoSum<TV, S>(c, a);
        var c2 = S.Multiply(S.Constant(1.5), c);
        var residual = S.Subtract(S.Add(c2, S.Add(e, S.Multiply(tail, PowerOfTwo<TV, S>(k1)))), c2);
        var subnormal = S.Multiply(S.Add(S.Subtract(u, c), residual), scale2);
        y = S.Select(S.LessThan(a, c), subnormal, y);
        return S.Select(S.Equals(x, x), y, x);
    }

    /// <summary>e^x − 1, within 0.75 ulp (measured 0.577), to full relative precision near 0 (−0 kept).</summary>
    public static TV ExpM1<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV>
    {
        // Below −40, e^x − 1 rounds to −1; above the overflow edge it is ∞ (selected at the end).
        var clamped = S.Select(S.GreaterThan(x, S.Constant(710)), S.Constant(710), x);
        clamped = S.Select(S.LessThan(clamped, S.Constant(-40)), S.Constant(-40), clamped);
        Parts<TV, S>(clamped, S.Constant(0), out var k, out var head, out var tail);
        // 2^k·head is exact for −58 ≤ k ≤ 1023 (k = 1024 only past the edge, or just below it with head < 1: then the
        // halves keep it finite); 2^k·head − 1 by TwoSum, so e^x − 1 = (sum + error + 2^k·tail) rounds once.
        var k1 = S.SubtractBits(S.ShiftRightLogicalBits(S.AddBits(k, S.ConstantBits(1078)), 1), S.ConstantBits(539));
        var (scale1, scale2) = (PowerOfTwo<TV, S>(k1), PowerOfTwo<TV, S>(S.SubtractBits(k, k1)));
        var p = S.Multiply(S.Multiply(head, scale1), scale2);
        var q = S.Multiply(S.Multiply(tail, scale1), scale2);
        var (sum, error) = DoubleDouble.TwoSum<TV, S>(p, S.Constant(-1));
        var y = S.Add(sum, S.Add(error, q));
        // Near 0 (k = 0) 1 + r would cancel against −1 and cost the low bits: e^x − 1 = x + x²/2 + x³·g(x) directly,
        // x + x²/2 as an exact pair, so it rounds once to full relative precision.
        var square = S.Multiply(x, x);
        var squareError = S.Fma(x, x, S.Subtract(S.Constant(0), square));
        var (linear, linearError) = DoubleDouble.FastTwoSum<TV, S>(x, S.Multiply(S.Constant(0.5), square));
        var rest = S.Fma(S.Multiply(x, square), G<TV, S>(x), S.Fma(S.Constant(0.5), squareError, linearError));
        var near0 = S.LessThan(S.AndNot(x, S.Constant(-0.0)), S.Constant(HalfLn2));
        y = S.Select(near0, S.Add(linear, rest), y);
        y = S.Select(S.GreaterThan(x, S.Constant(OverflowEdge)), S.Constant(double.PositiveInfinity), y);
        y = S.Select(S.Equals(x, S.Constant(0)), x, y);
        return S.Select(S.Equals(x, x), y, x);
    }
}
