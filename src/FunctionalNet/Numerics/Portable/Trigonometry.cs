namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// Sine and cosine from IEEE 754 basic operations, for the cosine schedule and the Box–Muller transform. x is reduced
/// to r = x − n·π/2 with π/2 in three doubles (159 bits; the first product by a fused multiply-add is exact), r kept as
/// a pair of doubles, |r| ≤ π/4; then the Taylor series of sin r (to r¹⁷/17!) or cos r (to r¹⁶/16!) by quadrant.
/// Accurate while n·2⁻¹⁶⁰ is small beside r, i.e. for |x| up to about 2²⁰; beyond, still the same bits everywhere.
/// </summary>
internal static class Trigonometry
{
    private const double TwoOverPi = 0.6366197723675814;
    private const double HalfPi1 = 1.5707963267948966;
    private const double HalfPi2 = 6.123233995736766e-17;
    private const double HalfPi3 = -1.4973849048591698e-33;
    private const double Tiny = 7.450580596923828e-9;   // 2⁻²⁷: below it sin x rounds to x and cos x to 1

    public static double Sin(double x)
    {
        if (Math.Abs(x) < Tiny) return x;
        var (r, low, quadrant) = Reduce(x);
        return quadrant switch { 0 => SinKernel(r, low), 1 => CosKernel(r, low), 2 => -SinKernel(r, low), _ => -CosKernel(r, low) };
    }

    public static double Cos(double x)
    {
        if (Math.Abs(x) < Tiny) return 1;
        var (r, low, quadrant) = Reduce(x);
        return quadrant switch { 0 => CosKernel(r, low), 1 => -SinKernel(r, low), 2 => -CosKernel(r, low), _ => SinKernel(r, low) };
    }

    // x = n·π/2 + (r + low), quadrant = n mod 4; NaN and ±∞ give NaN (through r).
    private static (double R, double Low, int Quadrant) Reduce(double x)
    {
        if (!double.IsFinite(x)) return (double.NaN, 0, 0);
        var n = Math.Round(x * TwoOverPi);
        var t = Math.FusedMultiplyAdd(-n, HalfPi1, x);                       // exact
        var (p, pError) = DoubleDouble.TwoProduct(n, HalfPi2);
        var (r, error) = DoubleDouble.TwoSum<double, OneLane>(t, -p);
        var low = error - Math.FusedMultiplyAdd(n, HalfPi3, pError);
        var (head, tail) = DoubleDouble.FastTwoSum<double, OneLane>(r, low);
        return (head, tail, (int)(n - 4 * Math.Floor(n / 4)));                  // n mod 4, exactly
    }

    // sin(r + low) = r + r³·S(r²) + low·(1 − r²/2), S(z) = Σ_{n≥1} (−1)ⁿ zⁿ⁻¹/(2n+1)!.
    private static double SinKernel(double r, double low)
    {
        var z = r * r;
        var s = Math.FusedMultiplyAdd(-1.0 / 355687428096000, z, 1.0 / 1307674368000);
        s = Math.FusedMultiplyAdd(s, z, -1.0 / 6227020800);
        s = Math.FusedMultiplyAdd(s, z, 1.0 / 39916800);
        s = Math.FusedMultiplyAdd(s, z, -1.0 / 362880);
        s = Math.FusedMultiplyAdd(s, z, 1.0 / 5040);
        s = Math.FusedMultiplyAdd(s, z, -1.0 / 120);
        s = Math.FusedMultiplyAdd(s, z, 1.0 / 6);
        var lowTerm = Math.FusedMultiplyAdd(-0.5 * z, low, low);
        return r + Math.FusedMultiplyAdd(-(r * z), s, lowTerm);
    }

    // cos(r + low) = 1 − r²/2 + r⁴·C(r²) − low·r, C(z) = Σ_{n≥2} (−1)ⁿ zⁿ⁻²/(2n)!; r² exact as a pair, and
    // 1 − r²/2 split into its rounded value w and the exact rest.
    private static double CosKernel(double r, double low)
    {
        var (z, zError) = DoubleDouble.TwoProduct(r, r);
        var c = Math.FusedMultiplyAdd(1.0 / 20922789888000, z, -1.0 / 87178291200);
        c = Math.FusedMultiplyAdd(c, z, 1.0 / 479001600);
        c = Math.FusedMultiplyAdd(c, z, -1.0 / 3628800);
        c = Math.FusedMultiplyAdd(c, z, 1.0 / 40320);
        c = Math.FusedMultiplyAdd(c, z, -1.0 / 720);
        c = Math.FusedMultiplyAdd(c, z, 1.0 / 24);
        var halfZ = 0.5 * z;
        var w = 1 - halfZ;
        var rest = ((1 - w) - halfZ) - Math.FusedMultiplyAdd(r, low, 0.5 * zError);
        return w + Math.FusedMultiplyAdd(z * z, c, rest);
    }
}
