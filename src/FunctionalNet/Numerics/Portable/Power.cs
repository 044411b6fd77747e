namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// x^y from IEEE 754 basic operations, with the special cases of C99/IEEE 754 pow. An integer exponent (Adam's β^t,
/// a step schedule's factor^n) is computed by repeated squaring in double-double arithmetic with the binary exponent
/// kept apart, so nothing overflows or underflows on the way and the result rounds once; any other exponent goes
/// through e^{y·log x} with log x as a pair of doubles.
/// </summary>
internal static class Power
{
    private const double TwoTo53 = 9007199254740992.0;
    private const double TwoTo63 = 9223372036854775808.0;

    public static double Pow(double x, double y)
    {
        if (y == 0 || x == 1) return 1;
        if (double.IsNaN(x)) return x;
        if (double.IsNaN(y)) return y;
        var magnitudeX = Math.Abs(x);
        if (double.IsInfinity(y)) return magnitudeX == 1 ? 1 : (magnitudeX < 1) == (y < 0) ? double.PositiveInfinity : 0;
        var isInteger = Math.Floor(y) == y;
        var isOdd = isInteger && Math.Abs(y) < TwoTo53 && y - 2 * Math.Floor(y / 2) == 1;
        var sign = x < 0 && isOdd ? -1.0 : 1.0;
        if (x == 0 || double.IsInfinity(x))
            // 0^y and ∞^y: 0 or ∞ by the sign of y (reversed for 0), with x's sign for odd y.
            return isOdd ? Math.CopySign((x == 0) == (y < 0) ? double.PositiveInfinity : 0, x) : (x == 0) == (y < 0) ? double.PositiveInfinity : 0;
        if (x < 0 && !isInteger) return double.NaN;
        return sign * (isInteger && Math.Abs(y) < TwoTo63 ? IntegerPower(magnitudeX, y) : ExpOfProduct(magnitudeX, y));
    }

    // a^n for finite a > 0 and an integer 0 < |n| < 2⁶³: a = m·2^e with 1 ≤ m < 2 (or 1/a so for n < 0), and m^|n| by
    // squaring, each value a pair (head, tail) times 2^exponent, renormalised after every product.
    private static double IntegerPower(double a, double n)
    {
        var exponentOfA = Math.ILogB(a);
        var m = Math.ScaleB(a, -exponentOfA);
        var (head, tail, exponent) = (m, 0.0, (long)exponentOfA);
        if (n < 0)
        {
            var reciprocal = 1 / m;                                                // 1/m = reciprocal + (1 − reciprocal·m)/m
            (head, tail, exponent) = Normalize(reciprocal, -Math.FusedMultiplyAdd(reciprocal, m, -1) / m, -exponentOfA);
        }
        var (resultHead, resultTail, resultExponent) = (1.0, 0.0, 0L);
        for (var bits = (ulong)Math.Abs(n); ; bits >>= 1)
        {
            if ((bits & 1) != 0) (resultHead, resultTail, resultExponent) = Multiply((resultHead, resultTail, resultExponent), (head, tail, exponent));
            // Far outside the double range, and every further factor leads further out (all are > 1, or all < 1).
            if (Math.Abs(resultExponent) > 1 << 12) return resultExponent > 0 ? double.PositiveInfinity : 0;
            if (bits == 1) break;
            if (Math.Abs(exponent) > 1 << 12) return exponent > 0 ? double.PositiveInfinity : 0;
            (head, tail, exponent) = Multiply((head, tail, exponent), (head, tail, exponent));
        }
        if (resultExponent > 1100) return double.PositiveInfinity;
        if (resultExponent < -1200) return 0;
        return Math.ScaleB(resultHead + resultTail, (int)resultExponent);
    }

    private static (double Head, double Tail, long Exponent) Multiply((double Head, double Tail, long Exponent) a, (double Head, double Tail, long Exponent) b)
    {
        var (p, error) = DoubleDouble.TwoProduct(a.Head, b.Head);
        error = Math.FusedMultiplyAdd(a.Head, b.Tail, Math.FusedMultiplyAdd(a.Tail, b.Head, error));
        return Normalize(p, error, a.Exponent + b.Exponent);
    }

    // (head + tail)·2^exponent with 1 ≤ head < 2: scaling by a power of two is exact here.
    private static (double Head, double Tail, long Exponent) Normalize(double head, double tail, long exponent)
    {
        var (h, t) = DoubleDouble.FastTwoSum<double, OneLane>(head, tail);
        var shift = Math.ILogB(h);
        return (Math.ScaleB(h, -shift), Math.ScaleB(t, -shift), exponent + shift);
    }

    // e^{y·log a} for finite a > 0: y·(log a as head + tail) as head + low, the low part fed into e^x's reduction.
    private static double ExpOfProduct(double a, double y)
    {
        var (head, tail) = LogKernel.Parts<double, OneLane>(a, 0);
        var (logHead, logTail) = DoubleDouble.FastTwoSum<double, OneLane>(head, tail);   // |logTail| ≤ half an ulp of log a
        var (w, error) = DoubleDouble.TwoProduct(y, logHead);
        if (w > 746) return double.PositiveInfinity;
        if (w < -746) return 0;
        return ExpKernel.Exp<double, OneLane>(w, Math.FusedMultiplyAdd(y, logTail, error));
    }
}
