using System.Runtime.InteropServices;
using FunctionalNet.Numerics.Portable;

namespace FunctionalNet.Numerics;

/// <summary>
/// Transcendental functions built only from IEEE 754 basic operations (+ − × ÷, fused multiply-add, and exact bit
/// manipulation), so they give the same bits on every machine: x86-64 with 512-, 256- or 128-bit vectors or none,
/// and ARM64. No platform libm, no TensorPrimitives. Fused multiply-add is used wherever a product is summed
/// (its software fallback is exact, so hardware without it gives the same bits).
/// The float versions compute in double and round once. Accuracy, as the largest error in units in the last place
/// against mpmath over a sweep of 100,000 arguments per function (docs/portable.md), and the bound the properties
/// assert: in double Exp 0.542 (subnormal results 0.499), ExpM1 0.577, Log 0.615, LogP1 0.570, Tanh 0.546, all within
/// 0.75 ulp; in float all 0.500, within 0.501 ulp; Pow with an integer exponent 0.500, within 0.75 ulp (any other
/// exponent: within 0.75 + |y|/4 ulp); Sin 0.690 and Cos 0.702 for |x| ≤ 10⁵, within 0.75 ulp. The span versions give
/// entry by entry the bits of the scalar ones, whatever the vector width; x and result may be the same span.
/// </summary>
public static class PortableMath
{
    /// <summary>e^x: e^x overflows to ∞ above 709.782712893384 (float: 88.72284), is subnormal below −708.4 and 0 below −745.14 (float: −87.34, −103.98); NaN in, the same NaN out.</summary>
    public static double Exp(double x) => SpanMap.Scalar<ExpFunction>(x);
    /// <inheritdoc cref="Exp(double)"/>
    public static float Exp(float x) => SpanMap.Scalar<ExpFunction>(x);
    /// <summary>The natural logarithm: log ±0 = −∞, log of a negative = NaN, log ∞ = ∞, subnormals exact in range.</summary>
    public static double Log(double x) => SpanMap.Scalar<LogFunction>(x);
    /// <inheritdoc cref="Log(double)"/>
    public static float Log(float x) => SpanMap.Scalar<LogFunction>(x);
    /// <summary>The hyperbolic tangent: tanh ±0 = ±0, accurate near 0 down to the subnormals, ±1 for |x| ≥ 19.1 (float: 9.01).</summary>
    public static double Tanh(double x) => SpanMap.Scalar<TanhFunction>(x);
    /// <inheritdoc cref="Tanh(double)"/>
    public static float Tanh(float x) => SpanMap.Scalar<TanhFunction>(x);
    /// <summary>e^x − 1, accurate near 0 (±0 kept); −1 below −37.5, ∞ above 709.782712893384.</summary>
    public static double ExpM1(double x) => SpanMap.Scalar<ExpM1Function>(x);
    /// <inheritdoc cref="ExpM1(double)"/>
    public static float ExpM1(float x) => SpanMap.Scalar<ExpM1Function>(x);
    /// <summary>log(1 + x), accurate near 0 (±0 kept); −∞ at −1, NaN below.</summary>
    public static double LogP1(double x) => SpanMap.Scalar<LogP1Function>(x);
    /// <inheritdoc cref="LogP1(double)"/>
    public static float LogP1(float x) => SpanMap.Scalar<LogP1Function>(x);
    /// <summary>x^y with the special cases of IEEE 754 pow (x^0 = 1 and 1^y = 1 even for NaN, (−x)^n by the parity of n, 0 and ∞ by the sign of y).</summary>
    public static double Pow(double x, double y) => Power.Pow(x, y);
    /// <summary>The cosine (accurate for |x| up to about 2²⁰; NaN for ±∞ and NaN).</summary>
    public static double Cos(double x) => Trigonometry.Cos(x);
    /// <summary>The sine (accurate for |x| up to about 2²⁰; sin ±0 = ±0; NaN for ±∞ and NaN).</summary>
    public static double Sin(double x) => Trigonometry.Sin(x);

    /// <summary><see cref="Exp(double)"/> for T = double or float (other T: <see cref="NotSupportedException"/>).</summary>
    public static T Exp<T>(T x) where T : struct, IFloatingPointIeee754<T> => Scalar<T, ExpFunction>(x);
    /// <summary><see cref="Log(double)"/> for T = double or float (other T: <see cref="NotSupportedException"/>).</summary>
    public static T Log<T>(T x) where T : struct, IFloatingPointIeee754<T> => Scalar<T, LogFunction>(x);
    /// <summary><see cref="Tanh(double)"/> for T = double or float (other T: <see cref="NotSupportedException"/>).</summary>
    public static T Tanh<T>(T x) where T : struct, IFloatingPointIeee754<T> => Scalar<T, TanhFunction>(x);
    /// <summary><see cref="ExpM1(double)"/> for T = double or float (other T: <see cref="NotSupportedException"/>).</summary>
    public static T ExpM1<T>(T x) where T : struct, IFloatingPointIeee754<T> => Scalar<T, ExpM1Function>(x);
    /// <summary><see cref="LogP1(double)"/> for T = double or float (other T: <see cref="NotSupportedException"/>).</summary>
    public static T LogP1<T>(T x) where T : struct, IFloatingPointIeee754<T> => Scalar<T, LogP1Function>(x);

    /// <summary>result[k] = <see cref="Exp(double)"/> of x[k], bit for bit, whatever the vector width; x and result may be the same span (result at least as long as x).</summary>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map<T, ExpFunction>(x, result);
    /// <summary>result[k] = <see cref="Log(double)"/> of x[k], bit for bit, whatever the vector width; x and result may be the same span.</summary>
    public static void Log<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map<T, LogFunction>(x, result);
    /// <summary>result[k] = <see cref="Tanh(double)"/> of x[k], bit for bit, whatever the vector width; x and result may be the same span.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map<T, TanhFunction>(x, result);
    /// <summary>result[k] = <see cref="ExpM1(double)"/> of x[k], bit for bit, whatever the vector width; x and result may be the same span.</summary>
    public static void ExpM1<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map<T, ExpM1Function>(x, result);
    /// <summary>result[k] = <see cref="LogP1(double)"/> of x[k], bit for bit, whatever the vector width; x and result may be the same span.</summary>
    public static void LogP1<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map<T, LogP1Function>(x, result);

    private static T Scalar<T, F>(T x) where T : struct, IFloatingPointIeee754<T> where F : IPortableFunction
    {
        if (typeof(T) == typeof(double)) return (T)(object)SpanMap.Scalar<F>((double)(object)x);
        if (typeof(T) == typeof(float)) return (T)(object)SpanMap.Scalar<F>((float)(object)x);
        throw Unsupported<T>();
    }

    private static void Map<T, F>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> where F : IPortableFunction
    {
        if (typeof(T) == typeof(double)) SpanMap.Map<F>(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(result));
        else if (typeof(T) == typeof(float)) SpanMap.Map<F>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(result));
        else throw Unsupported<T>();
    }

    private static NotSupportedException Unsupported<T>() => new($"PortableMath computes in double and float, not {typeof(T).Name}");
}
