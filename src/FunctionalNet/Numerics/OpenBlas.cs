using System.Runtime.InteropServices;

namespace FunctionalNet.Numerics;

/// <summary>
/// The system OpenBLAS, reached through <see cref="NativeLibrary"/> and unmanaged function pointers:
/// <c>cblas_sgemm</c>, <c>cblas_dgemm</c> and two queries. Loading never throws: a missing library or symbol is None.
/// </summary>
internal sealed unsafe class OpenBlas
{
    // CBLAS enums: the storage order and whether an operand is used transposed.
    private const int ColumnMajor = 102;
    private const int NoTranspose = 111;
    private const int Transposed = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;
    private readonly delegate* unmanaged<int> threads;
    private readonly delegate* unmanaged<sbyte*> coreName;
    private readonly delegate* unmanaged<int, void> setThreads;

    private OpenBlas(IntPtr sgemm, IntPtr dgemm, IntPtr threads, IntPtr coreName, IntPtr setThreads)
    {
        this.setThreads = (delegate* unmanaged<int, void>)setThreads;
        this.sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        this.dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        this.threads = (delegate* unmanaged<int>)threads;
        this.coreName = (delegate* unmanaged<sbyte*>)coreName;
    }

    /// <summary>The library names tried, in order: Debian's <c>libopenblas0-pthread</c> first.</summary>
    public static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so", "openblas"];

    /// <summary>The first of <paramref name="names"/> that loads and exports every function we call, or None.</summary>
    public static Option<OpenBlas> Load(IEnumerable<string> names) =>
        names.Select(TryLoad).FirstOrDefault(blas => blas.IsSome);

    private static Option<OpenBlas> TryLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, typeof(OpenBlas).Assembly, null, out var handle)) return None;
        return NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var s) &&
               NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var d) &&
               NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var t) &&
               NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var c) &&
               NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var n)
            ? new OpenBlas(s, d, t, c, n)
            : None;
    }

    /// <summary>The number of threads OpenBLAS uses for one product.</summary>
    public int Threads => threads();

    /// <summary>Sets the threads of one product (overriding <c>OPENBLAS_NUM_THREADS</c>).</summary>
    public void SetThreads(int count) => setThreads(count);

    /// <summary>The CPU kernel family OpenBLAS chose at load time, such as <c>SkylakeX</c> or <c>Zen</c>.</summary>
    public string CoreName => Marshal.PtrToStringAnsi((IntPtr)coreName()) ?? "unknown";

    /// <summary>
    /// C = op(A)·op(B) + beta·C on column-major arrays, op(X) = X or Xᵀ chosen by a flag, never by a copy.
    /// m × k times k × n; the leading dimensions are the stored row counts.
    /// </summary>
    public void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T[] a, int lda, T[] b, int ldb, T beta, T[] c, int ldc) where T : struct, IFloatingPointIeee754<T>
    {
        var ta = transposeA ? Transposed : NoTranspose;
        var tb = transposeB ? Transposed : NoTranspose;
        if (typeof(T) == typeof(float))
        {
            fixed (float* pa = (float[])(object)a, pb = (float[])(object)b, pc = (float[])(object)c)
                sgemm(ColumnMajor, ta, tb, m, n, k, 1f, pa, lda, pb, ldb, float.CreateTruncating(beta), pc, ldc);
        }
        else if (typeof(T) == typeof(double))
        {
            fixed (double* pa = (double[])(object)a, pb = (double[])(object)b, pc = (double[])(object)c)
                dgemm(ColumnMajor, ta, tb, m, n, k, 1d, pa, lda, pb, ldb, double.CreateTruncating(beta), pc, ldc);
        }
        else throw new NotSupportedException($"OpenBLAS multiplies float and double, not {typeof(T).Name}");
    }
}
