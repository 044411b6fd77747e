using System.Runtime.InteropServices;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>Runs alone: it changes OpenBLAS's process-wide thread count, which a backend in this process may use.</summary>
[CollectionDefinition(nameof(OpenBlasThreadCount), DisableParallelization = true)]
public sealed class OpenBlasThreadCount;

/// <summary>
/// Where bitwise reproducibility across thread counts ends for OpenBLAS itself (measured: OpenBLAS 0.3.21 from
/// Debian's libopenblas0-pthread, DYNAMIC_ARCH, Haswell kernels). A product with m·n·k ≤ 262,144 always runs on one
/// thread, so its bits cannot depend on the thread count. Above that, dgemm gives the same bits on 1 and 2 threads,
/// but sgemm does not: a float32 backend that lets OPENBLAS_NUM_THREADS choose its threads cannot promise equal
/// model hashes across thread counts; it must fix its thread count (or its partition of the work) to do so.
/// </summary>
[Collection(nameof(OpenBlasThreadCount))]
public class OpenBlasThreadsTests
{
    private const int ColumnMajor = 102, NoTranspose = 111;

    private delegate void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float[] a, int lda,
        float[] b, int ldb, float beta, float[] c, int ldc);

    private delegate void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc);

    private delegate void SetThreads(int threads);

    private delegate int GetThreads();

    private sealed record OpenBlas(Sgemm Sgemm, Dgemm Dgemm, SetThreads SetThreads, GetThreads GetThreads)
    {
        public static OpenBlas Load()
        {
            Assert.True(NativeLibrary.TryLoad("libopenblas.so.0", out var library), "libopenblas.so.0 is not installed (apt-get install libopenblas0-pthread)");
            T Function<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
            return new OpenBlas(Function<Sgemm>("cblas_sgemm"), Function<Dgemm>("cblas_dgemm"),
                Function<SetThreads>("openblas_set_num_threads"), Function<GetThreads>("openblas_get_num_threads"));
        }
    }

    /// <summary>C = A·B on 1 thread and on 2, for an m × k and a k × n matrix of seeded values.</summary>
    private static (T[] OneThread, T[] TwoThreads) Product<T>(OpenBlas blas, int m, int k, int n) where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(m * 1_000_003 + k * 1_009 + n);
        var a = Enumerable.Range(0, m * k).Select(_ => T.CreateChecked(random.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => T.CreateChecked(random.NextDouble() - 0.5)).ToArray();
        var previous = blas.GetThreads();
        try
        {
            T[] With(int threads)
            {
                blas.SetThreads(threads);
                var c = new T[m * n];
                if (typeof(T) == typeof(float))
                    blas.Sgemm(ColumnMajor, NoTranspose, NoTranspose, m, n, k, 1, (float[])(object)a, m, (float[])(object)b, k, 0, (float[])(object)c, m);
                else
                    blas.Dgemm(ColumnMajor, NoTranspose, NoTranspose, m, n, k, 1, (double[])(object)a, m, (double[])(object)b, k, 0, (double[])(object)c, m);
                return c;
            }
            return (With(1), With(2));
        }
        finally
        {
            blas.SetThreads(previous);
        }
    }

    private static bool SameBits<T>((T[] One, T[] Two) c) where T : struct =>
        MemoryMarshal.AsBytes(c.One.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(c.Two.AsSpan()));

    // The products of training 784-16-16-10 and 784-800-800-10 (W·X, dZ·Aᵀ), with m·n·k above the threshold.
    public static TheoryData<int, int, int> LargeProducts => new() { { 16, 784, 64 }, { 800, 784, 128 }, { 800, 128, 784 }, { 10, 800, 128 } };

    [Theory]
    [InlineData(64, 64, 64)]      // m·n·k = 262,144: the largest product OpenBLAS keeps on one thread
    [InlineData(16, 1024, 16)]
    [InlineData(16, 16, 20)]
    public void AtOrBelowTheThresholdBothPrecisionsGiveTheSameBitsOnOneAndTwoThreads(int m, int k, int n)
    {
        var blas = OpenBlas.Load();
        Assert.True(SameBits(Product<float>(blas, m, k, n)));
        Assert.True(SameBits(Product<double>(blas, m, k, n)));
    }

    [Theory]
    [MemberData(nameof(LargeProducts))]
    public void AboveTheThresholdDgemmStillGivesTheSameBitsOnOneAndTwoThreads(int m, int k, int n) =>
        Assert.True(SameBits(Product<double>(OpenBlas.Load(), m, k, n)));

    [Theory]
    [MemberData(nameof(LargeProducts))]
    public void AboveTheThresholdSgemmGivesDifferentBitsOnOneAndTwoThreads(int m, int k, int n)
    {
        var (one, two) = Product<float>(OpenBlas.Load(), m, k, n);
        Assert.False(SameBits((one, two)), "sgemm agreed across thread counts: this OpenBLAS no longer shows the boundary");
        // Different rounding, not different mathematics: every entry agrees to float32's precision of a sum of k terms.
        Assert.All(one.Zip(two), p => Assert.True(Math.Abs(p.Item1 - p.Item2) <= 1e-5f * k, $"{p.Item1} vs {p.Item2}"));
    }
}
