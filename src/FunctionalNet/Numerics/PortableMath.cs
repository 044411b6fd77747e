using System.Runtime.InteropServices;

namespace FunctionalNet.Numerics;

/// <summary>
/// Transcendental functions built only from IEEE 754 basic operations (+ − × ÷, fused multiply-add, exact bit
/// manipulation), so they give the same bits on every machine: x86-64 at any SIMD width and ARM64.
/// SKELETON: bodies are temporary until the portable kernels land on this branch.
/// </summary>
public static class PortableMath
{
    /// <summary>e^x.</summary>
    public static double Exp(double x) => Math.Exp(x);
    /// <summary>e^x.</summary>
    public static float Exp(float x) => (float)Math.Exp(x);
    /// <summary>The natural logarithm.</summary>
    public static double Log(double x) => Math.Log(x);
    /// <summary>The natural logarithm.</summary>
    public static float Log(float x) => (float)Math.Log(x);
    /// <summary>The hyperbolic tangent.</summary>
    public static double Tanh(double x) => Math.Tanh(x);
    /// <summary>The hyperbolic tangent.</summary>
    public static float Tanh(float x) => (float)Math.Tanh(x);
    /// <summary>e^x − 1.</summary>
    public static double ExpM1(double x) => double.ExpM1(x);
    /// <summary>e^x − 1.</summary>
    public static float ExpM1(float x) => float.ExpM1(x);
    /// <summary>log(1 + x).</summary>
    public static double LogP1(double x) => double.LogP1(x);
    /// <summary>log(1 + x).</summary>
    public static float LogP1(float x) => float.LogP1(x);
    /// <summary>x^y.</summary>
    public static double Pow(double x, double y) => Math.Pow(x, y);
    /// <summary>The cosine.</summary>
    public static double Cos(double x) => Math.Cos(x);
    /// <summary>The sine.</summary>
    public static double Sin(double x) => Math.Sin(x);

    /// <summary>e^x for T = double or float.</summary>
    public static T Exp<T>(T x) where T : struct, IFloatingPointIeee754<T> => Dispatch(x, Exp, Exp);
    /// <summary>The natural logarithm for T = double or float.</summary>
    public static T Log<T>(T x) where T : struct, IFloatingPointIeee754<T> => Dispatch(x, Log, Log);
    /// <summary>The hyperbolic tangent for T = double or float.</summary>
    public static T Tanh<T>(T x) where T : struct, IFloatingPointIeee754<T> => Dispatch(x, Tanh, Tanh);
    /// <summary>e^x − 1 for T = double or float.</summary>
    public static T ExpM1<T>(T x) where T : struct, IFloatingPointIeee754<T> => Dispatch(x, ExpM1, ExpM1);
    /// <summary>log(1 + x) for T = double or float.</summary>
    public static T LogP1<T>(T x) where T : struct, IFloatingPointIeee754<T> => Dispatch(x, LogP1, LogP1);

    /// <summary>result[k] = e^{x[k]}, bit for bit the scalar <see cref="Exp(double)"/>; x and result may be the same span.</summary>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map(x, result, Exp, Exp);
    /// <summary>result[k] = log x[k], bit for bit the scalar <see cref="Log(double)"/>; x and result may be the same span.</summary>
    public static void Log<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map(x, result, Log, Log);
    /// <summary>result[k] = tanh x[k], bit for bit the scalar <see cref="Tanh(double)"/>; x and result may be the same span.</summary>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map(x, result, Tanh, Tanh);
    /// <summary>result[k] = e^{x[k]} − 1, bit for bit the scalar <see cref="ExpM1(double)"/>; x and result may be the same span.</summary>
    public static void ExpM1<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T> => Map(x, result, ExpM1, ExpM1);

    private static T Dispatch<T>(T x, Func<double, double> inDouble, Func<float, float> inFloat) where T : struct, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return (T)(object)inDouble((double)(object)x);
        if (typeof(T) == typeof(float)) return (T)(object)inFloat((float)(object)x);
        throw new NotSupportedException($"PortableMath supports double and float, not {typeof(T).Name}");
    }

    private static void Map<T>(ReadOnlySpan<T> x, Span<T> result, Func<double, double> inDouble, Func<float, float> inFloat) where T : struct, IFloatingPointIeee754<T>
    {
        if (result.Length < x.Length) throw new ArgumentException($"result holds {result.Length} entries, x has {x.Length}", nameof(result));
        for (var k = 0; k < x.Length; k++) result[k] = Dispatch(x[k], inDouble, inFloat);
    }
}
