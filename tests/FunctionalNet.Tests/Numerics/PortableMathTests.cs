using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// Golden values of the portable functions at their edges and at a few ordinary points: the correctly rounded results
/// from mpmath at 300 bits (an independent oracle), and the IEEE 754 special values. .ci/run reruns these with 512-bit
/// vectors off and with no SIMD at all (filter ~Portable).
/// </summary>
public class PortableMathTests
{
    private static void Same(double expected, double actual) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"expected {expected:R}, got {actual:R}");

    private static void Same(float expected, float actual) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 2.718281828459045)]
    [InlineData(-1.0, 0.36787944117144233)]
    [InlineData(709.782712893384, 1.7976931348622732e+308)]           // the last x with a finite e^x
    [InlineData(709.79, double.PositiveInfinity)]
    [InlineData(-708.4, 2.217119081664265e-308)]                     // subnormal
    [InlineData(-740.0, 4.2e-322)]
    [InlineData(-745.1332191019411, 5e-324)]                         // the smallest subnormal
    [InlineData(-745.2, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void PortableExpMatchesTheCorrectlyRoundedValue(double x, double expected) => Same(expected, PortableMath.Exp(x));

    [Theory]
    [InlineData(88.72283f, 3.402798519021476e+38f)]
    [InlineData(88.7229f, float.PositiveInfinity)]
    [InlineData(-90f, 8.194008692231508e-40f)]                       // subnormal float
    [InlineData(-103.97f, 1.401298464324817e-45f)]                    // the smallest subnormal float
    [InlineData(-104f, 0f)]
    public void PortableExpInFloatOverflowsAndUnderflowsAtTheFloatEdges(float x, float expected) => Same(expected, PortableMath.Exp(x));

    [Theory]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.6931471805599453)]
    [InlineData(10.0, 2.302585092994046)]
    [InlineData(5e-324, -744.4400719213812)]
    [InlineData(double.MaxValue, 709.782712893384)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void PortableLogMatchesTheCorrectlyRoundedValue(double x, double expected) => Same(expected, PortableMath.Log(x));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-5e-324)]
    [InlineData(double.NegativeInfinity)]
    public void PortableLogOfANegativeNumberIsNaN(double x) => Assert.True(double.IsNaN(PortableMath.Log(x)));

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(5e-324, 5e-324)]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-5, 9.999999999666668e-06)]
    [InlineData(0.5, 0.46211715726000974)]
    [InlineData(-0.5, -0.46211715726000974)]
    [InlineData(19.0, 0.9999999999999999)]
    [InlineData(19.1, 1.0)]
    [InlineData(-1000.0, -1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, -1.0)]
    public void PortableTanhIsExactAtZeroAccurateNearItAndSaturates(double x, double expected) => Same(expected, PortableMath.Tanh(x));

    [Fact]
    public void PortableTanhInFloatOfZeroIsZero()
    {
        // TensorPrimitives.Tanh was rejected because its float tanh(0) is not 0.
        Same(0f, PortableMath.Tanh(0f));
        Same(-0f, PortableMath.Tanh(-0f));
        Same(1e-30f, PortableMath.Tanh(1e-30f));
        Same(0.46211716532707214f, PortableMath.Tanh(0.5f));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 1.00000000005e-10)]
    [InlineData(-1e-10, -9.999999999500001e-11)]
    [InlineData(1.0, 1.7182818284590453)]
    [InlineData(-37.0, -0.9999999999999999)]
    [InlineData(-38.0, -1.0)]
    [InlineData(709.79, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, -1.0)]
    public void PortableExpM1IsAccurateNearZeroAndAtItsEdges(double x, double expected) => Same(expected, PortableMath.ExpM1(x));

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1e-300, 1e-300)]
    [InlineData(1e-10, 9.999999999500001e-11)]
    [InlineData(-0.5, -0.6931471805599453)]
    [InlineData(1.0, 0.6931471805599453)]
    [InlineData(double.MaxValue, 709.782712893384)]
    [InlineData(-1.0, double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void PortableLogP1IsAccurateNearZeroAndAtItsEdges(double x, double expected) => Same(expected, PortableMath.LogP1(x));

    [Fact]
    public void PortableLogP1BelowMinusOneIsNaN() => Assert.True(double.IsNaN(PortableMath.LogP1(-1.0000000000000002)));

    [Fact]
    public void PortableFloatFunctionsRoundTheDoubleResultOnce()
    {
        Same(1.0986123085021973f, PortableMath.Log(3f));
        Same(0.0010005001677200198f, PortableMath.ExpM1(0.0010000000474974513f));
    }

    [Theory]
    [InlineData(0.9, 10.0, 0.3486784401000001)]
    [InlineData(0.999, 1000.0, 0.36769542477096373)]
    [InlineData(0.999, 100000.0, 3.5385276883431275e-44)]
    [InlineData(0.9, 1000000.0, 0.0)]
    [InlineData(3.0, -5.0, 0.00411522633744856)]
    [InlineData(1.0000001, 10000000.0, 2.7182816941320818)]
    [InlineData(2.0, -1074.0, 5e-324)]
    [InlineData(2.0, 1024.0, double.PositiveInfinity)]
    [InlineData(-2.0, 3.0, -8.0)]
    public void PortablePowOfAnIntegerExponentMatchesTheCorrectlyRoundedValue(double x, double y, double expected) => Same(expected, PortableMath.Pow(x, y));

    // The special cases of IEEE 754 pow (C99 Annex F).
    [Theory]
    [InlineData(double.NaN, 0.0, 1.0)]
    [InlineData(1.0, double.NaN, 1.0)]
    [InlineData(-1.0, double.PositiveInfinity, 1.0)]
    [InlineData(0.5, double.PositiveInfinity, 0.0)]
    [InlineData(0.5, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(2.0, double.NegativeInfinity, 0.0)]
    [InlineData(0.0, -1.0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 3.0, double.NegativeInfinity)]
    [InlineData(double.NegativeInfinity, -3.0, -0.0)]
    [InlineData(double.NegativeInfinity, 2.0, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, -0.5, 0.0)]
    public void PortablePowTakesTheIeeeSpecialValues(double x, double y, double expected) => Same(expected, PortableMath.Pow(x, y));

    [Fact]
    public void PortablePowOfANegativeBaseWithAFractionalExponentIsNaN() => Assert.True(double.IsNaN(PortableMath.Pow(-8, 1.0 / 3)));

    [Theory]
    [InlineData(3.141592653589793, 1.2246467991473532e-16)]
    [InlineData(1.0, 0.8414709848078965)]
    [InlineData(100000.0, 0.03574879797201651)]
    public void PortableSinMatchesTheCorrectlyRoundedValue(double x, double expected) => Same(expected, PortableMath.Sin(x));

    [Theory]
    [InlineData(1.5707963267948966, 6.123233995736766e-17)]
    [InlineData(1.0, 0.5403023058681398)]
    [InlineData(1.8849555921538759, -0.30901699437494734)]             // 2π·0.3, as Box–Muller takes it
    [InlineData(1e-300, 1.0)]
    public void PortableCosMatchesTheCorrectlyRoundedValue(double x, double expected) => Same(expected, PortableMath.Cos(x));

    [Fact]
    public void PortableFunctionsKeepTheSignOfZero()
    {
        Same(1.0, PortableMath.Exp(-0.0));
        Same(double.NegativeInfinity, PortableMath.Log(-0.0));
        Same(-0.0, PortableMath.Tanh(-0.0));
        Same(-0.0, PortableMath.ExpM1(-0.0));
        Same(-0.0, PortableMath.LogP1(-0.0));
        Same(-0.0, PortableMath.Sin(-0.0));
        Same(-0.0, PortableMath.Pow(-0.0, 3));
        Same(double.NegativeInfinity, PortableMath.Pow(-0.0, -1));
        Same(double.PositiveInfinity, PortableMath.Pow(-0.0, -2));
    }

    [Fact]
    public void PortableSinAndCosOfInfinityAreNaN()
    {
        Assert.True(double.IsNaN(PortableMath.Sin(double.PositiveInfinity)));
        Assert.True(double.IsNaN(PortableMath.Cos(double.NegativeInfinity)));
    }

    [Fact]
    public void PortableFunctionsReturnTheSameNaNTheyAreGiven()
    {
        var nan = BitConverter.Int64BitsToDouble(0x7FF8000000000123);
        foreach (var f in new Func<double, double>[] { PortableMath.Exp, PortableMath.Log, PortableMath.Tanh, PortableMath.ExpM1, PortableMath.LogP1 })
            Same(nan, f(nan));
    }

    [Fact]
    public void PortableGenericFunctionsDispatchOnTheTypeAndRefuseOthers()
    {
        Same(PortableMath.Exp(0.5), PortableMath.Exp<double>(0.5));
        Same(PortableMath.Tanh(0.5f), PortableMath.Tanh<float>(0.5f));
        Assert.Throws<NotSupportedException>(() => PortableMath.Exp<Half>((Half)1));
        Assert.Throws<NotSupportedException>(() => PortableMath.Log<Half>([(Half)1], new Half[1]));
    }

    [Fact]
    public void PortableSpanRefusesAShorterResult() =>
        Assert.Throws<ArgumentException>(() => PortableMath.Exp<double>(new double[5], new double[4]));

    [Fact]
    public void PortableSpanInPlaceOverEveryLengthUpToFourVectorsEqualsTheScalarFunction()
    {
        // Lengths 0..40 cover every remainder of 2, 4, 8 and 16 lanes; values sweep −30..30 through 0.
        for (var n = 0; n <= 40; n++)
        {
            var x = Enumerable.Range(0, n).Select(k => -30 + 60.0 * k / Math.Max(1, n - 1) + 1e-3).ToArray();
            var y = (double[])x.Clone();
            PortableMath.Tanh<double>(y, y);
            for (var k = 0; k < n; k++) Same(PortableMath.Tanh(x[k]), y[k]);
            var xf = x.Select(v => (float)v).ToArray();
            var yf = (float[])xf.Clone();
            PortableMath.Exp<float>(yf, yf);
            for (var k = 0; k < n; k++) Same(PortableMath.Exp(xf[k]), yf[k]);
        }
    }
}
