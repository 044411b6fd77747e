using System.Runtime.Intrinsics;

namespace FunctionalNet.Numerics.Portable;

/// <summary>
/// The operations the portable kernels are written in, over one double (<see cref="OneLane"/>) or a vector of them
/// (<see cref="Lanes128"/>, <see cref="Lanes256"/>, <see cref="Lanes512"/>). A kernel is written once against this
/// interface, so the scalar tail and every vector width run the same sequence of IEEE 754 operations and round alike.
/// Comparisons give masks (all bits set or clear); the *Bits operations treat each lane as a 64-bit integer.
/// </summary>
internal interface IDoubleLanes<TV> where TV : struct
{
    static abstract TV Constant(double value);
    static abstract TV ConstantBits(long bits);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    /// <summary>a·b + c rounded once.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Equals(TV a, TV b);
    static abstract TV LessThan(TV a, TV b);
    static abstract TV GreaterThan(TV a, TV b);
    /// <summary>Lane by lane: a where mask is set, else b.</summary>
    static abstract TV Select(TV mask, TV a, TV b);
    static abstract TV And(TV a, TV b);
    static abstract TV Or(TV a, TV b);
    static abstract TV AndNot(TV a, TV b);
    static abstract TV AddBits(TV a, TV b);
    static abstract TV SubtractBits(TV a, TV b);
    static abstract TV ShiftLeftBits(TV a, int count);
    static abstract TV ShiftRightLogicalBits(TV a, int count);
}

/// <summary>One double: the scalar functions and the tails of the span loops.</summary>
internal readonly struct OneLane : IDoubleLanes<double>
{
    private static long B(double a) => BitConverter.DoubleToInt64Bits(a);
    private static double D(long a) => BitConverter.Int64BitsToDouble(a);
    private static double Mask(bool condition) => D(condition ? -1L : 0L);

    public static double Constant(double value) => value;
    public static double ConstantBits(long bits) => D(bits);
    public static double Add(double a, double b) => a + b;
    public static double Subtract(double a, double b) => a - b;
    public static double Multiply(double a, double b) => a * b;
    public static double Divide(double a, double b) => a / b;
    public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    public static double Equals(double a, double b) => Mask(a == b);
    public static double LessThan(double a, double b) => Mask(a < b);
    public static double GreaterThan(double a, double b) => Mask(a > b);
    public static double Select(double mask, double a, double b) => B(mask) != 0 ? a : b;
    public static double And(double a, double b) => D(B(a) & B(b));
    public static double Or(double a, double b) => D(B(a) | B(b));
    public static double AndNot(double a, double b) => D(B(a) & ~B(b));
    public static double AddBits(double a, double b) => D(B(a) + B(b));
    public static double SubtractBits(double a, double b) => D(B(a) - B(b));
    public static double ShiftLeftBits(double a, int count) => D(B(a) << count);
    public static double ShiftRightLogicalBits(double a, int count) => D((long)((ulong)B(a) >> count));
}

/// <summary>Two doubles in a 128-bit vector (SSE, ARM64 AdvSimd).</summary>
internal readonly struct Lanes128 : IDoubleLanes<Vector128<double>>
{
    public static Vector128<double> Constant(double value) => Vector128.Create(value);
    public static Vector128<double> ConstantBits(long bits) => Vector128.Create(bits).AsDouble();
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    public static Vector128<double> Equals(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);
    public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThan(a, b);
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(mask, a, b);
    public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => a & b;
    public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
    public static Vector128<double> AndNot(Vector128<double> a, Vector128<double> b) => Vector128.AndNot(a, b);
    public static Vector128<double> AddBits(Vector128<double> a, Vector128<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    public static Vector128<double> SubtractBits(Vector128<double> a, Vector128<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    public static Vector128<double> ShiftLeftBits(Vector128<double> a, int count) => Vector128.ShiftLeft(a.AsInt64(), count).AsDouble();
    public static Vector128<double> ShiftRightLogicalBits(Vector128<double> a, int count) => Vector128.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}

/// <summary>Four doubles in a 256-bit vector (AVX2).</summary>
internal readonly struct Lanes256 : IDoubleLanes<Vector256<double>>
{
    public static Vector256<double> Constant(double value) => Vector256.Create(value);
    public static Vector256<double> ConstantBits(long bits) => Vector256.Create(bits).AsDouble();
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    public static Vector256<double> Equals(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);
    public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => a & b;
    public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    public static Vector256<double> AndNot(Vector256<double> a, Vector256<double> b) => Vector256.AndNot(a, b);
    public static Vector256<double> AddBits(Vector256<double> a, Vector256<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    public static Vector256<double> SubtractBits(Vector256<double> a, Vector256<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    public static Vector256<double> ShiftLeftBits(Vector256<double> a, int count) => Vector256.ShiftLeft(a.AsInt64(), count).AsDouble();
    public static Vector256<double> ShiftRightLogicalBits(Vector256<double> a, int count) => Vector256.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}

/// <summary>Eight doubles in a 512-bit vector (AVX-512).</summary>
internal readonly struct Lanes512 : IDoubleLanes<Vector512<double>>
{
    public static Vector512<double> Constant(double value) => Vector512.Create(value);
    public static Vector512<double> ConstantBits(long bits) => Vector512.Create(bits).AsDouble();
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static Vector512<double> Equals(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);
    public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);
    public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;
    public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    public static Vector512<double> AndNot(Vector512<double> a, Vector512<double> b) => Vector512.AndNot(a, b);
    public static Vector512<double> AddBits(Vector512<double> a, Vector512<double> b) => (a.AsInt64() + b.AsInt64()).AsDouble();
    public static Vector512<double> SubtractBits(Vector512<double> a, Vector512<double> b) => (a.AsInt64() - b.AsInt64()).AsDouble();
    public static Vector512<double> ShiftLeftBits(Vector512<double> a, int count) => Vector512.ShiftLeft(a.AsInt64(), count).AsDouble();
    public static Vector512<double> ShiftRightLogicalBits(Vector512<double> a, int count) => Vector512.ShiftRightLogical(a.AsInt64(), count).AsDouble();
}
