namespace FunctionalNet.Numerics;

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

/// <summary>
/// One SIMD width as a type, so that a kernel is written once and runs on 512-, 256- or 128-bit vectors or on single
/// numbers (<see cref="Scalar{T}"/>): the portable kernels (<see cref="PortableProducts"/>) take the widest width the
/// machine accelerates and finish the entries left over on the narrower ones. Every operation here acts on each lane
/// alone, and the multiply-add is fused on every width (the software fallbacks are exact fma too), so an entry gets the
/// same bits whichever width computed it.
/// </summary>
internal interface ISimdWidth<TVector, T> where T : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// True when this width runs on the machine's own vector instructions, fused multiply-add included (always true for
    /// <see cref="Scalar{T}"/>).
    /// </summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Count lanes read from <paramref name="at"/> on.</summary>
    static abstract TVector Load(ref T at);

    /// <summary>Writes the lanes to <paramref name="at"/> on.</summary>
    static abstract void Store(TVector value, ref T at);

    /// <summary>Every lane equal to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>u·v + a in each lane, rounded once.</summary>
    static abstract TVector FusedMultiplyAdd(TVector u, TVector v, TVector a);

    /// <summary>u + v in each lane.</summary>
    static abstract TVector Add(TVector u, TVector v);

    /// <summary>z where z &gt; 0, else +0, in each lane (a NaN gives +0): ReLU.</summary>
    static abstract TVector PositivePart(TVector z);
}

/// <summary>What the widths share.</summary>
internal static class SimdWidths
{
    /// <summary>
    /// The machine multiplies and adds with one rounding in hardware (x86's FMA3, every ARM64). Without it a vector's
    /// fused multiply-add is done lane by lane in software, slower than one number at a time, so no width counts as
    /// accelerated: every kernel here is built on it.
    /// </summary>
    public static readonly bool FusedInHardware = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported;
}

/// <summary>512-bit vectors.</summary>
internal readonly struct Width512<T> : ISimdWidth<Vector512<T>, T> where T : struct
{
    public static int Count => Vector512<T>.Count;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && SimdWidths.FusedInHardware;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(ref T at) => Vector512.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<T> value, ref T at) => value.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> u, Vector512<T> v) => u + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> PositivePart(Vector512<T> z) => Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<T>.Zero), z, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd(Vector512<T> u, Vector512<T> v, Vector512<T> a)
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }
}

/// <summary>256-bit vectors.</summary>
internal readonly struct Width256<T> : ISimdWidth<Vector256<T>, T> where T : struct
{
    public static int Count => Vector256<T>.Count;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && SimdWidths.FusedInHardware;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(ref T at) => Vector256.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> value, ref T at) => value.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> u, Vector256<T> v) => u + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> PositivePart(Vector256<T> z) => Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<T>.Zero), z, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd(Vector256<T> u, Vector256<T> v, Vector256<T> a)
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }
}

/// <summary>128-bit vectors (ARM64's NEON width).</summary>
internal readonly struct Width128<T> : ISimdWidth<Vector128<T>, T> where T : struct
{
    public static int Count => Vector128<T>.Count;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && SimdWidths.FusedInHardware;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(ref T at) => Vector128.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> value, ref T at) => value.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> u, Vector128<T> v) => u + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> PositivePart(Vector128<T> z) => Vector128.ConditionalSelect(Vector128.GreaterThan(z, Vector128<T>.Zero), z, Vector128<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FusedMultiplyAdd(Vector128<T> u, Vector128<T> v, Vector128<T> a)
    {
        if (typeof(T) == typeof(float)) return Vector128.FusedMultiplyAdd(u.AsSingle(), v.AsSingle(), a.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.FusedMultiplyAdd(u.AsDouble(), v.AsDouble(), a.AsDouble()).As<double, T>();
        throw new NotSupportedException($"no fused multiply-add for {typeof(T).Name}");
    }
}

/// <summary>One number at a time: the width every machine has, and the one that finishes what the vectors leave over.</summary>
internal readonly struct Scalar<T> : ISimdWidth<T, T> where T : struct, IFloatingPointIeee754<T>
{
    public static int Count => 1;
    public static bool IsAccelerated => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Load(ref T at) => at;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T value, ref T at) => at = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Broadcast(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T FusedMultiplyAdd(T u, T v, T a) => T.FusedMultiplyAdd(u, v, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Add(T u, T v) => u + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T PositivePart(T z) => z > T.Zero ? z : T.Zero;
}
