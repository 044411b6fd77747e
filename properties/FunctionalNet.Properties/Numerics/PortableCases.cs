namespace FunctionalNet.Properties.Numerics;

/// <summary>An argument of a portable function (a double), shown with all its digits.</summary>
public sealed record PortableArgument(double X)
{
    /// <inheritdoc />
    public override string ToString() => X.ToString("R");
}

/// <summary>An argument of a portable function in float.</summary>
public sealed record PortableFloatArgument(float X)
{
    /// <inheritdoc />
    public override string ToString() => X.ToString("R");
}

/// <summary>Arguments of x^y.</summary>
public sealed record PortablePowerArguments(double X, double Y)
{
    /// <inheritdoc />
    public override string ToString() => $"x = {X:R}, y = {Y:R}";
}

/// <summary>One of the span functions (<see cref="PortableSpanCase.Names"/>) over an array, in double or float.</summary>
public sealed record PortableSpanCase(int Function, double[] X, bool InFloat, bool InPlace)
{
    /// <summary>The span functions by index.</summary>
    public static readonly string[] Names = ["Exp", "Log", "Tanh", "ExpM1", "LogP1"];

    /// <inheritdoc />
    public override string ToString() => $"{Names[Function]} over {X.Length} {(InFloat ? "floats" : "doubles")}{(InPlace ? " in place" : "")}: [{string.Join(", ", X.Select(x => x.ToString("R")))}]";
}

/// <summary>
/// Generators for the portable functions: ordinary values, and the awkward ones each function has its edges at — ±0,
/// ±∞, NaN, subnormals, the largest and smallest doubles, the overflow and underflow edges of e^x (in double and
/// float) a few ulps either side, the saturation of tanh, −1 for log(1 + x), values near 0 and near 1, and any bit
/// pattern at all.
/// </summary>
public static class PortableCases
{
    /// <summary>Where the functions change behaviour.</summary>
    public static readonly double[] Edges =
    [
        0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon,
        double.MaxValue, -double.MaxValue, 2.2250738585072014e-308, -2.2250738585072014e-308, 1, -1, 2, 0.5,
        709.782712893384, 709.79, -708.3964185322641, -745.1332191019411, -745.2, -746,
        88.72283935546875, 88.7228469848632812, -87.33654022216797, -103.97207641601562, -103.98,
        0.34657359027997264, -0.34657359027997264, 19.0615, 22, -37.5, -40, 7.450580596923828e-9, 9.5367431640625e-7,
        Math.PI / 4, Math.PI / 2, Math.PI, 1e5,
    ];

    private static Gen<double> Uniform(double low, double high) => Gen.Choose(0, int.MaxValue).Select(k => low + (high - low) * (k / (double)int.MaxValue));

    private static Gen<long> Long => from high in Gen.Choose(int.MinValue, int.MaxValue) from low in Gen.Choose(int.MinValue, int.MaxValue) select ((long)high << 32) | (uint)low;

    private static Gen<double> Sign => Gen.Elements(1.0, -1.0);

    /// <summary>|x| = m·2^e with any exponent from the subnormals to the largest, and a random sign.</summary>
    private static Gen<double> AnyMagnitude(int lowestExponent, int highestExponent) =>
        from e in Gen.Choose(lowestExponent, highestExponent)
        from m in Uniform(1, 2)
        from sign in Sign
        select sign * Math.ScaleB(m, e);

    /// <summary>An edge moved by up to 4 ulps.</summary>
    private static Gen<double> NearEdge =>
        from edge in Gen.Elements(Edges)
        from steps in Gen.Choose(-4, 4)
        select Enumerable.Range(0, Math.Abs(steps)).Aggregate(edge, (v, _) => steps < 0 ? Math.BitDecrement(v) : Math.BitIncrement(v));

    /// <summary>The double arguments.</summary>
    public static Gen<double> Doubles => Gen.Frequency(
    [
        (3, Gen.Elements(Edges)),
        (3, NearEdge),
        (3, Uniform(-1, 1)),
        (3, Uniform(-30, 30)),
        (3, Uniform(-750, 712)),
        (4, AnyMagnitude(-1074, 1023)),
        (3, AnyMagnitude(-70, 3)),
        (2, from k in Gen.Choose(-1000, 1000) select 1 + k * Math.ScaleB(1, -52)),
        (2, from e in Gen.Choose(1, 53) from u in Uniform(0, 1) select -1 + Math.ScaleB(1 + u, -e)),
        (2, from bits in Long select BitConverter.Int64BitsToDouble(bits)),
        (1, from bits in Long select BitConverter.Int64BitsToDouble(bits & unchecked((long)0x800FFFFFFFFFFFFF))),   // subnormal
    ]);

    /// <summary>The float arguments: the double ones rounded to float, and float bit patterns.</summary>
    public static Gen<float> Floats => Gen.Frequency(
    [
        (5, Doubles.Select(x => (float)x)),
        (1, from bits in Gen.Choose(int.MinValue, int.MaxValue) select BitConverter.Int32BitsToSingle(bits)),
        (1, from bits in Gen.Choose(int.MinValue, int.MaxValue) select BitConverter.Int32BitsToSingle(bits & unchecked((int)0x807FFFFF))),
    ]);

    /// <summary>Shrinks towards simpler numbers: 0, 1, and the argument with fewer significant bits.</summary>
    public static IEnumerable<double> Shrink(double x)
    {
        if (x == 0 || !double.IsFinite(x)) yield break;
        yield return 0;
        if (Math.Abs(x) != 1) yield return Math.CopySign(1, x);
        var rounded = Math.Round(x, 3);
        if (rounded != x && rounded != 0) yield return rounded;
    }

    /// <summary>The FsCheck arbitrary of double arguments.</summary>
    public static Arbitrary<PortableArgument> Arguments() => Arb.From(Doubles.Select(x => new PortableArgument(x)), a => Shrink(a.X).Select(x => new PortableArgument(x)));

    /// <summary>The FsCheck arbitrary of float arguments.</summary>
    public static Arbitrary<PortableFloatArgument> FloatArguments() =>
        Arb.From(Floats.Select(x => new PortableFloatArgument(x)), a => Shrink(a.X).Select(x => new PortableFloatArgument((float)x)));

    /// <summary>
    /// x^y: integer exponents as Adam (β ∈ (0, 1), t up to 10⁷) and a step schedule use them, integer exponents of
    /// any sign on any base, non-integer exponents, and the special cases (0, ±∞, NaN, negative bases, ±1).
    /// </summary>
    public static Arbitrary<PortablePowerArguments> PowerArguments()
    {
        var integer = Gen.Frequency((3, Gen.Choose(1, 10_000_000).Select(t => (double)t)), (2, Gen.Choose(-2000, 2000).Select(t => (double)t)));
        var special = Gen.Elements(0.0, -0.0, 1, -1, 2, -2, 0.5, -0.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 3, -3, 1e300, 1e-300);
        var gen = Gen.Frequency(
        [
            (3, from x in Uniform(0.5, 1) from y in integer select new PortablePowerArguments(x, y)),
            (3, from x in Uniform(-3, 3) from y in integer select new PortablePowerArguments(x, y)),
            (2, from x in Uniform(0, 10) from y in Uniform(-50, 50) select new PortablePowerArguments(x, y)),
            (2, from x in Gen.OneOf(special, Uniform(-3, 3)) from y in Gen.OneOf(special, integer.Select(t => t / 2)) select new PortablePowerArguments(x, y)),
        ]);
        return Arb.From(gen);
    }

    /// <summary>Arrays of 0 to 70 arguments (on and off whole vectors of every width), any span function, either precision, in place or not.</summary>
    public static Arbitrary<PortableSpanCase> SpanCases()
    {
        var gen =
            from function in Gen.Choose(0, PortableSpanCase.Names.Length - 1)
            from length in Gen.Choose(0, 70)
            from x in Gen.ArrayOf(Doubles, length)
            from inFloat in Gen.Elements(false, true)
            from inPlace in Gen.Elements(false, true)
            select new PortableSpanCase(function, x, inFloat, inPlace);
        return Arb.From(gen, c => c.X.Length == 0 ? [] : new[] { c with { X = c.X[..(c.X.Length / 2)] }, c with { X = c.X[1..] } });
    }
}
