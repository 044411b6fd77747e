namespace FunctionalNet.Numerics;

using System.Numerics.Tensors;

/// <summary>
/// The elementary functions, sums and random normals the core computes with, chosen with the backend
/// (<see cref="Executor.Arithmetic"/>): the <see cref="Platform"/>'s — .NET's <c>Math</c> (the C library's exp, log, pow)
/// and <see cref="TensorPrimitives"/>, whose vectorized sums add in an order that depends on the vector width — or the
/// <see cref="Portable"/> ones, built from IEEE 754 basic operations and fused multiply-adds only
/// (<see cref="PortableMath"/>) and summed left to right, which give the same bits on every machine. Each member states
/// both choices side by side.
/// </summary>
public sealed class Arithmetic
{
    private Arithmetic(bool isPortable) => IsPortable = isPortable;

    /// <summary>.NET's math library and <see cref="TensorPrimitives"/>: the openblas and managed backends' arithmetic.</summary>
    public static Arithmetic Platform { get; } = new(false);

    /// <summary>The library's own functions and left-to-right sums: the portable backend's arithmetic.</summary>
    public static Arithmetic Portable { get; } = new(true);

    /// <summary>The arithmetic of the executor in effect on this thread (<see cref="Executor.Current"/>).</summary>
    public static Arithmetic Current => Executor.Current.Arithmetic;

    /// <summary>True for <see cref="Portable"/>.</summary>
    public bool IsPortable { get; }

    /// <summary>e^x.</summary>
    public T Exp<T>(T x) where T : struct, IFloatingPointIeee754<T> => IsPortable ? PortableMath.Exp(x) : T.Exp(x);

    /// <summary>The natural logarithm.</summary>
    public T Log<T>(T x) where T : struct, IFloatingPointIeee754<T> => IsPortable ? PortableMath.Log(x) : T.Log(x);

    /// <summary>The hyperbolic tangent.</summary>
    public T Tanh<T>(T x) where T : struct, IFloatingPointIeee754<T> => IsPortable ? PortableMath.Tanh(x) : T.Tanh(x);

    /// <summary>x^y.</summary>
    public double Pow(double x, double y) => IsPortable ? PortableMath.Pow(x, y) : Math.Pow(x, y);

    /// <summary>The cosine.</summary>
    public double Cos(double x) => IsPortable ? PortableMath.Cos(x) : Math.Cos(x);

    /// <summary>e^x entry by entry (<paramref name="result"/> may be <paramref name="x"/> itself).</summary>
    public void Exp<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T>
    {
        if (IsPortable) PortableMath.Exp(x, result);
        else TensorPrimitives.Exp(x, result);
    }

    /// <summary>tanh entry by entry.</summary>
    public void Tanh<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T>
    {
        if (IsPortable) PortableMath.Tanh(x, result);
        // Scalar: TensorPrimitives.Tanh 10.0.0 loses accuracy near 0 (its float tanh(0) is not 0), and exact values
        // are worth the slower loop (docs/performance.md, "Tanh scalar instead of TensorPrimitives").
        else for (var k = 0; k < x.Length; k++) result[k] = T.Tanh(x[k]);
    }

    /// <summary>σ(x) = 1 / (1 + e^−x) entry by entry; the portable one is exactly <see cref="Activation.Sigmoid"/>'s scalar formula.</summary>
    public void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> result) where T : struct, IFloatingPointIeee754<T>
    {
        if (!IsPortable)
        {
            TensorPrimitives.Sigmoid(x, result);
            return;
        }
        TensorPrimitives.Negate(x, result);
        PortableMath.Exp<T>(result, result);
        TensorPrimitives.Add(result, T.One, result);
        TensorPrimitives.Divide(T.One, result, result);
    }

    /// <summary>Σ x_k: the portable sum adds left to right, the platform's in the vector lanes' order.</summary>
    public T Sum<T>(ReadOnlySpan<T> x) where T : struct, IFloatingPointIeee754<T>
    {
        if (!IsPortable) return TensorPrimitives.Sum(x);
        var sum = T.Zero;
        foreach (var value in x) sum += value;
        return sum;
    }

    /// <summary>Σ x_k·y_k: the portable one is a fused multiply-add per term, left to right.</summary>
    public T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        if (!IsPortable) return TensorPrimitives.Dot(x, y);
        if (x.Length != y.Length) throw new ArgumentException("the vectors differ in length");
        var sum = T.Zero;
        for (var k = 0; k < x.Length; k++) sum = T.FusedMultiplyAdd(x[k], y[k], sum);
        return sum;
    }

    /// <summary>Σ x_k²: the portable one is a fused multiply-add per term, left to right.</summary>
    public double SumOfSquares(ReadOnlySpan<double> x) => IsPortable ? Dot(x, x) : TensorPrimitives.SumOfSquares(x);

    /// <summary>
    /// A normal sample of mean μ and standard deviation σ drawn from <paramref name="random"/>. The platform's is MathNet's
    /// <c>Normal.Sample</c>. The portable one is the same algorithm, Marsaglia's polar form of Box–Muller — uniforms
    /// v₁, v₂ in (−1, 1) until 0 &lt; r = v₁² + v₂² &lt; 1, then μ + σ·v₁·√(−2·log r / r) — with the portable log (√ is an
    /// IEEE basic operation, correctly rounded everywhere).
    /// </summary>
    public double Normal(System.Random random, double mean, double deviation) =>
        IsPortable ? PolarNormal(random, mean, deviation, PortableMath.Log) : MathNet.Numerics.Distributions.Normal.Sample(random, mean, deviation);

    /// <summary>Marsaglia's polar method with the given log: with <c>Math.Log</c> it is MathNet's <c>Normal.Sample</c>, bit for bit.</summary>
    internal static double PolarNormal(System.Random random, double mean, double deviation, Func<double, double> log)
    {
        while (true)
        {
            var v1 = 2.0 * random.NextDouble() - 1.0;
            var v2 = 2.0 * random.NextDouble() - 1.0;
            var r = v1 * v1 + v2 * v2;
            if (r >= 1.0 || r == 0.0) continue;
            return mean + deviation * (v1 * Math.Sqrt(-2.0 * log(r) / r));
        }
    }

    /// <summary><c>portable</c> or <c>platform</c>.</summary>
    public override string ToString() => IsPortable ? "portable" : "platform";
}
