namespace FunctionalNet.Properties.Numerics;

/// <summary>A binary floating-point format: bits of precision and the exponent range of its normal numbers.</summary>
public sealed record BinaryFormat(int Precision, int MinExponent, int MaxExponent)
{
    /// <summary>IEEE 754 binary64.</summary>
    public static readonly BinaryFormat Double = new(53, -1022, 1023);

    /// <summary>IEEE 754 binary32.</summary>
    public static readonly BinaryFormat Single = new(24, -126, 127);
}

/// <summary>How far a computed value lies from the exact one, in units in the last place of the exact value's binade.</summary>
public static class UnitsInTheLastPlace
{
    /// <summary>
    /// |actual − exact| / ulp(exact), where ulp is 2^(e − p + 1) for the exact value's exponent e (the subnormal
    /// spacing below the normal range); a value past the overflow threshold (it rounds to ∞) expects ∞ of its sign:
    /// 0 when so, +∞ otherwise. NaN is never within any bound.
    /// </summary>
    public static double Error(double actual, HighPrecision exact, BinaryFormat format)
    {
        if (double.IsNaN(actual)) return double.PositiveInfinity;
        var threshold = (HighPrecision.Of(2) - new HighPrecision(BigInteger.One, -format.Precision)).ScaleB(format.MaxExponent);
        var overflows = !(exact.Abs() < threshold);
        if (double.IsInfinity(actual)) return overflows && Math.Sign(actual) == exact.Sign ? 0 : double.PositiveInfinity;
        if (exact.IsZero) return actual == 0 ? 0 : double.PositiveInfinity;
        var binade = Math.Min(Math.Max(exact.Log2Floor, format.MinExponent), format.MaxExponent);
        return (HighPrecision.Of(actual) - exact).Abs().ScaleB(-(binade - format.Precision + 1)).ToDouble();
    }
}
