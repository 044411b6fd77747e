using FunctionalNet.Cli;
using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>Which backend runs the products, and the fallback when OpenBLAS is missing or refused.</summary>
public class BackendTests
{
    [Fact]
    public void TheActiveBackendIsOpenBlasUnlessManagedIsForced()
    {
        var variable = Environment.GetEnvironmentVariable(HostExecutor.BackendVariable)?.Trim();
        var forced = string.Equals(variable, "managed", StringComparison.OrdinalIgnoreCase);
        var active = Backend.Active;
        Assert.Equal(forced ? "managed" : "openblas", active.Name);
        Assert.True(active.Threads >= 1, $"{active.Threads} threads");
        if (forced) Assert.Equal($"asked for by {HostExecutor.BackendVariable}={variable}", active.Detail);
    }

    [Fact]
    public void AMissingLibraryFallsBackToManagedCode()
    {
        var executor = Executor.Choose(null, () => OpenBlas.Load(["libno-such-blas.so.0"]), blasThreads: 1, processors: 2);
        Assert.Equal("managed", executor.Backend.Name);
        Assert.Contains("could not be loaded", executor.Backend.Detail);
        Assert.True(executor.Blas.IsNone);
    }

    [Fact]
    public void TheVariableForcesManagedCodeWithoutLoadingTheLibrary()
    {
        var loads = 0;
        var executor = Executor.Choose(" Managed ", () => { loads++; return OpenBlas.Load(OpenBlas.LibraryNames); }, 1, 2,
            askedBy: $"{HostExecutor.BackendVariable}=managed");
        Assert.Equal(("managed", 0), (executor.Backend.Name, loads));
        Assert.Equal($"asked for by {HostExecutor.BackendVariable}=managed", executor.Backend.Detail);
        Assert.True(executor.Blas.IsNone);
    }

    [Fact]
    public void TheSystemOpenBlasLoadsAndReportsItsThreads()
    {
        var blas = OpenBlas.Load(OpenBlas.LibraryNames);
        Assert.True(blas.IsSome, "libopenblas.so.0 is missing: install libopenblas0-pthread");
        // OpenBLAS's thread count is the process's: ask for the count the suite's own executor runs with.
        var threads = Backend.Active.Name == "openblas" ? Backend.Active.Threads : 1;
        var backend = Executor.Choose(null, () => blas, threads, processors: 2).Backend;
        Assert.Equal("openblas", backend.Name);
        Assert.True(backend.Threads >= 1);
        Assert.False(string.IsNullOrWhiteSpace(backend.Detail));
    }

    [Fact]
    public void AProductOfMismatchedShapesIsRefusedBeforeReachingBlas()
    {
        var a = Matrix<double>.Build.Dense(2, 3);
        var b = Matrix<double>.Build.Dense(2, 4);
        Assert.Throws<ArgumentException>(() => Linear.Times(a, b));
        Assert.Equal((3, 4), (Linear.TransposedTimes(a, b).RowCount, Linear.TransposedTimes(a, b).ColumnCount));
    }

    [Fact]
    public void ProductsMatchHandComputedValues()
    {
        // [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50], and the transposed forms of the same two matrices.
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix<double>.Build.DenseOfArray(new double[,] { { 5, 6 }, { 7, 8 } });
        Assert.Equal(new double[,] { { 19, 22 }, { 43, 50 } }, Linear.Times(a, b).ToArray());
        Assert.Equal(new double[,] { { 17, 23 }, { 39, 53 } }, Linear.TimesTransposed(a, b).ToArray());
        Assert.Equal(new double[,] { { 26, 30 }, { 38, 44 } }, Linear.TransposedTimes(a, b).ToArray());
        Assert.Equal(new double[,] { { 23, 31 }, { 34, 46 } }, Linear.Product(a, true, b, true).ToArray());
        Assert.Equal(new double[,] { { 20, 23 }, { 42, 49 } },
            Linear.Affine(a, b, Some(Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { -1 } }))).ToArray());
    }
}
