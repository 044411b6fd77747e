namespace FunctionalNet.Properties.Numerics;

/// <summary>What a portable function must return: exactly a special value (±0, ±1, ±∞, NaN), or near a real number.</summary>
public abstract record Expectation
{
    /// <summary>Exactly this value: the same bits, any NaN for NaN.</summary>
    public sealed record Exactly(double Value) : Expectation;

    /// <summary>Within the stated number of ulps of this real number.</summary>
    public sealed record Near(HighPrecision Value) : Expectation;
}

/// <summary>
/// The IEEE 754 results of e^x, log x, tanh x, e^x − 1, log(1 + x), sin x and cos x: the special values at the edges
/// (from the standard's definitions, not from the implementation), and the high-precision reference elsewhere.
/// </summary>
public static class PortableExpectations
{
    /// <summary>The function by its name in <see cref="PortableSpanCase.Names"/>, or Sin or Cos.</summary>
    public static Expectation Of(string function, double x) => function switch
    {
        "Exp" => double.IsNaN(x) ? new Expectation.Exactly(x)
            : x > 710 ? new Expectation.Exactly(double.PositiveInfinity)
            : x < -746 ? new Expectation.Exactly(0)
            : new Expectation.Near(HighPrecisionFunctions.Exp(HighPrecision.Of(x))),
        "Log" => double.IsNaN(x) || x < 0 ? new Expectation.Exactly(double.NaN)
            : x == 0 ? new Expectation.Exactly(double.NegativeInfinity)
            : x == 1 ? new Expectation.Exactly(0)
            : double.IsPositiveInfinity(x) ? new Expectation.Exactly(x)
            : new Expectation.Near(HighPrecisionFunctions.Log(HighPrecision.Of(x))),
        "Tanh" => double.IsNaN(x) || x == 0 ? new Expectation.Exactly(x)
            : Math.Abs(x) >= 20 ? new Expectation.Exactly(Math.Sign(x))
            : new Expectation.Near(HighPrecisionFunctions.Tanh(HighPrecision.Of(x))),
        "ExpM1" => double.IsNaN(x) || x == 0 ? new Expectation.Exactly(x)
            : x > 710 ? new Expectation.Exactly(double.PositiveInfinity)
            : x < -50 ? new Expectation.Exactly(-1)
            : new Expectation.Near(HighPrecisionFunctions.ExpM1(HighPrecision.Of(x))),
        "LogP1" => double.IsNaN(x) || x < -1 ? new Expectation.Exactly(double.NaN)
            : x == 0 ? new Expectation.Exactly(x)
            : x == -1 ? new Expectation.Exactly(double.NegativeInfinity)
            : double.IsPositiveInfinity(x) ? new Expectation.Exactly(x)
            : new Expectation.Near(HighPrecisionFunctions.LogP1(HighPrecision.Of(x))),
        "Sin" => !double.IsFinite(x) ? new Expectation.Exactly(double.NaN)
            : x == 0 ? new Expectation.Exactly(x)
            : new Expectation.Near(HighPrecisionFunctions.Sin(HighPrecision.Of(x))),
        "Cos" => !double.IsFinite(x) ? new Expectation.Exactly(double.NaN)
            : new Expectation.Near(HighPrecisionFunctions.Cos(HighPrecision.Of(x))),
        _ => throw new ArgumentException($"no function {function}"),
    };

    /// <summary>True when <paramref name="actual"/> meets the expectation, within <paramref name="ulps"/> for a real one.</summary>
    public static bool Met(Expectation expected, double actual, BinaryFormat format, double ulps) => expected switch
    {
        Expectation.Exactly { Value: var v } when double.IsNaN(v) => double.IsNaN(actual),
        Expectation.Exactly { Value: var v } => BitConverter.DoubleToInt64Bits(format == BinaryFormat.Single ? (float)v : v) == BitConverter.DoubleToInt64Bits(actual),
        Expectation.Near { Value: var v } => UnitsInTheLastPlace.Error(actual, v, format) <= ulps,
        _ => false,
    };
}
