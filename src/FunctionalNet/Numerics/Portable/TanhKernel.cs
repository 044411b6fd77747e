namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// tanh from IEEE 754 basic operations: tanh |x| = (E − 1)/(E + 1) with E = e^{2|x|} = 2^k·(head + tail) from
/// <see cref="ExpKernel.Parts"/>. E − 1 and E + 1 are formed exactly as pairs of doubles (Fast2Sum, E ≥ 1), and the
/// quotient gets one correction step from its exact remainder, so the result rounds about once; near 0, E − 1 keeps
/// the low part of e^{2|x|}, so tanh x stays accurate down to the subnormals (tanh ±0 = ±0). The sign is copied back.
/// </summary>
internal static class TanhKernel
{
    // tanh x rounds to 1 for |x| > 19.1; 22 keeps E finite and the quotient exactly 1.
    private const double Saturation = 22;
    private const double Tiny = 7.450580596923828e-9;   // 2⁻²⁷

    /// <summary>tanh x, within 0.75 ulp (measured 0.546; docs/portable.md); NaN in gives the same NaN out.</summary>
    public static TV Tanh<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV>
    {
        var sign = S.Constant(-0.0);
        var a = S.AndNot(x, sign);
        a = S.Select(S.GreaterThan(a, S.Constant(Saturation)), S.Constant(Saturation), a);
        ExpKernel.Parts<TV, S>(S.Add(a, a), S.Constant(0), out var k, out var head, out var tail);
        var scale = ExpKernel.PowerOfTwo<TV, S>(k);                      // 0 ≤ k ≤ 64: exact
        var (eHead, eTail) = (S.Multiply(head, scale), S.Multiply(tail, scale));
        var one = S.Constant(1);
        var (numerator, numeratorError) = DoubleDouble.FastTwoSum<TV, S>(eHead, S.Subtract(S.Constant(0), one));
        var (denominator, denominatorError) = DoubleDouble.FastTwoSum<TV, S>(eHead, one);
        var numeratorLow = S.Add(numeratorError, eTail);
        var denominatorLow = S.Add(denominatorError, eTail);
        // q = N/D rounded; (N − q·D)/D, with N − q·D exact by one fused multiply-add, corrects it.
        var q = S.Divide(numerator, denominator);
        var remainder = S.Add(S.Fma(S.Subtract(S.Constant(0), q), denominator, numerator), numeratorLow);
        var correction = S.Divide(S.Fma(S.Subtract(S.Constant(0), q), denominatorLow, remainder), denominator);
        var y = S.Or(S.Add(q, correction), S.And(x, sign));
        // Below 2⁻²⁷, tanh x = x − x³/3 rounds to x (and E − 1 would carry too few bits of x).
        y = S.Select(S.LessThan(a, S.Constant(Tiny)), x, y);
        return S.Select(S.Equals(x, x), y, x);
    }
}
