namespace FunctionalNet.Properties.Numerics;

/// <summary>
/// A binary floating-point number m·2^e with an arbitrary-precision integer m, kept to <see cref="Bits"/> bits (products
/// and quotients truncated, sums exact): the oracle the portable functions are measured against. It shares no code
/// with them: the series here are summed until their terms fall below 2⁻³⁰⁰, so the reference is good to far more
/// bits than a double has, and every input double converts to it exactly.
/// </summary>
public readonly record struct HighPrecision(BigInteger Mantissa, int Exponent)
{
    /// <summary>The working precision, in bits.</summary>
    public const int Bits = 320;

    /// <summary>Zero.</summary>
    public static readonly HighPrecision Zero = new(BigInteger.Zero, 0);

    /// <summary>One.</summary>
    public static readonly HighPrecision One = new(BigInteger.One, 0);

    /// <summary>The double x exactly (finite x only).</summary>
    public static HighPrecision Of(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentException($"{x} is not finite");
        if (x == 0) return Zero;
        var bits = BitConverter.DoubleToInt64Bits(x);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        var (m, e) = biased == 0 ? (fraction, -1074) : (fraction | (1L << 52), biased - 1075);
        return new HighPrecision(x < 0 ? -m : m, e);
    }

    /// <summary>An integer exactly.</summary>
    public static HighPrecision Of(long n) => new(n, 0);

    /// <summary>True for zero.</summary>
    public bool IsZero => Mantissa.IsZero;

    /// <summary>−1, 0 or 1.</summary>
    public int Sign => Mantissa.Sign;

    /// <summary>⌊log₂ |this|⌋ (this ≠ 0).</summary>
    public long Log2Floor => (long)Mantissa.GetBitLength() - 1 + Exponent;

    private HighPrecision Rounded()
    {
        var excess = (int)BigInteger.Abs(Mantissa).GetBitLength() - Bits;
        return excess <= 0 ? this : new HighPrecision(Mantissa / BigInteger.Pow(2, excess), Exponent + excess);
    }

    /// <summary>The sum, exactly.</summary>
    public static HighPrecision operator +(HighPrecision a, HighPrecision b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        var e = Math.Min(a.Exponent, b.Exponent);
        return new HighPrecision((a.Mantissa << (a.Exponent - e)) + (b.Mantissa << (b.Exponent - e)), e);
    }

    /// <summary>The negation.</summary>
    public static HighPrecision operator -(HighPrecision a) => new(-a.Mantissa, a.Exponent);

    /// <summary>The difference, exactly.</summary>
    public static HighPrecision operator -(HighPrecision a, HighPrecision b) => a + -b;

    /// <summary>The product, to <see cref="Bits"/> bits.</summary>
    public static HighPrecision operator *(HighPrecision a, HighPrecision b) => new HighPrecision(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent).Rounded();

    /// <summary>The quotient, to <see cref="Bits"/> bits.</summary>
    public static HighPrecision operator /(HighPrecision a, HighPrecision b)
    {
        var shift = Bits + (int)b.Mantissa.GetBitLength();
        return new HighPrecision((a.Mantissa << shift) / b.Mantissa, a.Exponent - b.Exponent - shift).Rounded();
    }

    /// <summary>this·2^n, exactly.</summary>
    public HighPrecision ScaleB(long n) => new(Mantissa, checked(Exponent + (int)n));

    /// <summary>Compares values.</summary>
    public static bool operator <(HighPrecision a, HighPrecision b) => (a - b).Sign < 0;

    /// <summary>Compares values.</summary>
    public static bool operator >(HighPrecision a, HighPrecision b) => (a - b).Sign > 0;

    /// <summary>|this|.</summary>
    public HighPrecision Abs() => new(BigInteger.Abs(Mantissa), Exponent);

    /// <summary>The nearest integer (ties away from zero), for argument reduction.</summary>
    public BigInteger RoundToInteger()
    {
        if (Exponent >= 0) return Mantissa << Exponent;
        var half = new HighPrecision(BigInteger.One, -1);
        var shifted = (Abs() + half);
        var whole = shifted.Mantissa >> -shifted.Exponent;
        return Sign < 0 ? -whole : whole;
    }

    /// <summary>Approximately, as a double (for messages and rough decisions).</summary>
    public double ToDouble() => IsZero ? 0 : Math.ScaleB((double)(Mantissa >> Math.Max(0, (int)BigInteger.Abs(Mantissa).GetBitLength() - 60)), Exponent + Math.Max(0, (int)BigInteger.Abs(Mantissa).GetBitLength() - 60));

    /// <inheritdoc />
    public override string ToString() => ToDouble().ToString("R");
}
