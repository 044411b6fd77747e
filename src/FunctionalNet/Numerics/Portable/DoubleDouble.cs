namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// Error-free transformations: a sum or product of two doubles as an unevaluated sum of two doubles, exactly
/// (Knuth's TwoSum, Dekker's Fast2Sum, and the product's error by one fused multiply-add).
/// </summary>
internal static class DoubleDouble
{
    /// <summary>(s, e) with s = a + b rounded and s + e = a + b exactly, for any a and b (no overflow).</summary>
    public static (TV Sum, TV Error) TwoSum<TV, S>(TV a, TV b) where TV : struct where S : IDoubleLanes<TV>
    {
        var s = S.Add(a, b);
        var bb = S.Subtract(s, a);
        var e = S.Add(S.Subtract(a, S.Subtract(s, bb)), S.Subtract(b, bb));
        return (s, e);
    }

    /// <summary>(s, e) with s + e = a + b exactly, when |a| ≥ |b| or a = 0.</summary>
    public static (TV Sum, TV Error) FastTwoSum<TV, S>(TV a, TV b) where TV : struct where S : IDoubleLanes<TV>
    {
        var s = S.Add(a, b);
        return (s, S.Add(S.Subtract(a, s), b));
    }

    /// <summary>(p, e) with p = a·b rounded and p + e = a·b exactly (barring underflow).</summary>
    public static (double Product, double Error) TwoProduct(double a, double b)
    {
        var p = a * b;
        return (p, Math.FusedMultiplyAdd(a, b, -p));
    }
}
