using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Numerics.Portable;

/// <summary>One of the portable kernels, written once for every lane width.</summary>
internal interface IPortableFunction
{
    static abstract TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV>;
}

internal readonly struct ExpFunction : IPortableFunction
{
    public static TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => ExpKernel.Exp<TV, S>(x);
}

internal readonly struct ExpM1Function : IPortableFunction
{
    public static TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => ExpKernel.ExpM1<TV, S>(x);
}

internal readonly struct LogFunction : IPortableFunction
{
    public static TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => LogKernel.Log<TV, S>(x);
}

internal readonly struct LogP1Function : IPortableFunction
{
    public static TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => LogKernel.LogP1<TV, S>(x);
}

internal readonly struct TanhFunction : IPortableFunction
{
    public static TV Apply<TV, S>(TV x) where TV : struct where S : IDoubleLanes<TV> => TanhKernel.Tanh<TV, S>(x);
}

/// <summary>
/// A portable function over a span, the widest vectors first and the rest one entry at a time. Every entry gets the
/// same operations whatever the width (the kernels are one generic source), so result[k] has the bits of the scalar
/// function of x[k]. Float entries are widened to double, computed, and rounded once back to float.
/// </summary>
internal static class SpanMap
{
    public static double Scalar<F>(double x) where F : IPortableFunction => F.Apply<double, OneLane>(x);

    public static float Scalar<F>(float x) where F : IPortableFunction => (float)F.Apply<double, OneLane>(x);

    public static void Map<F>(ReadOnlySpan<double> x, Span<double> result) where F : IPortableFunction
    {
        if (result.Length < x.Length) throw new ArgumentException($"result holds {result.Length} entries, x has {x.Length}", nameof(result));
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var target = ref MemoryMarshal.GetReference(result);
        var (n, k) = ((nuint)x.Length, (nuint)0);
        if (Vector512.IsHardwareAccelerated)
            for (; k + 8 <= n; k += 8) F.Apply<Vector512<double>, Lanes512>(Vector512.LoadUnsafe(ref source, k)).StoreUnsafe(ref target, k);
        else if (Vector256.IsHardwareAccelerated)
            for (; k + 4 <= n; k += 4) F.Apply<Vector256<double>, Lanes256>(Vector256.LoadUnsafe(ref source, k)).StoreUnsafe(ref target, k);
        else if (Vector128.IsHardwareAccelerated)
            for (; k + 2 <= n; k += 2) F.Apply<Vector128<double>, Lanes128>(Vector128.LoadUnsafe(ref source, k)).StoreUnsafe(ref target, k);
        for (; k < n; k++) Unsafe.Add(ref target, k) = Scalar<F>(Unsafe.Add(ref source, k));
    }

    public static void Map<F>(ReadOnlySpan<float> x, Span<float> result) where F : IPortableFunction
    {
        if (result.Length < x.Length) throw new ArgumentException($"result holds {result.Length} entries, x has {x.Length}", nameof(result));
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var target = ref MemoryMarshal.GetReference(result);
        var (n, k) = ((nuint)x.Length, (nuint)0);
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= n; k += 16)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref source, k));
                Vector512.Narrow(F.Apply<Vector512<double>, Lanes512>(lower), F.Apply<Vector512<double>, Lanes512>(upper)).StoreUnsafe(ref target, k);
            }
        else if (Vector256.IsHardwareAccelerated)
            for (; k + 8 <= n; k += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref source, k));
                Vector256.Narrow(F.Apply<Vector256<double>, Lanes256>(lower), F.Apply<Vector256<double>, Lanes256>(upper)).StoreUnsafe(ref target, k);
            }
        else if (Vector128.IsHardwareAccelerated)
            for (; k + 4 <= n; k += 4)
            {
                var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref source, k));
                Vector128.Narrow(F.Apply<Vector128<double>, Lanes128>(lower), F.Apply<Vector128<double>, Lanes128>(upper)).StoreUnsafe(ref target, k);
            }
        for (; k < n; k++) Unsafe.Add(ref target, k) = Scalar<F>(Unsafe.Add(ref source, k));
    }
}
