namespace FunctionalNet.Numerics;

/// <summary>
/// Which code computes the matrix products: the system OpenBLAS, or MathNet's managed code when the library
/// cannot be loaded or the managed backend is asked for. Both give the same results up to rounding.
/// </summary>
/// <param name="Name"><c>openblas</c> or <c>managed</c>.</param>
/// <param name="Threads">The threads a product may use (OpenBLAS's own count, or MathNet's degree of parallelism).</param>
/// <param name="Detail">The OpenBLAS kernel family, or why the managed backend runs.</param>
public sealed record Backend(string Name, int Threads, string Detail)
{
    /// <summary>The environment variable that selects the backend: <c>managed</c> forces MathNet's managed code.</summary>
    public const string Variable = "FUNCTIONALNET_BACKEND";

    /// <summary>
    /// The environment variable that lets OpenBLAS use its own threads (<c>FUNCTIONALNET_BLAS_THREADS=2</c>). By default
    /// each product runs on one OpenBLAS thread and FunctionalNet runs column blocks side by side in a fixed order,
    /// because OpenBLAS's float32 products give different bits on different thread counts: the default keeps a model's
    /// bits independent of <c>OPENBLAS_NUM_THREADS</c> and of the machine's core count.
    /// </summary>
    public const string BlasThreadsVariable = "FUNCTIONALNET_BLAS_THREADS";

    /// <summary>The backend this process uses, chosen once at start-up.</summary>
    public static Backend Active => Backends.Active.Description;
}

/// <summary>The one place the backend is chosen.</summary>
internal static class Backends
{
    /// <summary>The chosen backend and, when it is OpenBLAS, the library.</summary>
    public static readonly (Backend Description, Option<OpenBlas> Blas) Active =
        // The one read of the environment in the core: the backend changes rounding, never the mathematics.
        Choose(Environment.GetEnvironmentVariable(Backend.Variable), () => OpenBlas.Load(OpenBlas.LibraryNames).Map(blas =>
        {
            blas.SetThreads(int.TryParse(Environment.GetEnvironmentVariable(Backend.BlasThreadsVariable), out var n) && n >= 1 ? n : 1);
            return blas;
        }));

    /// <summary>OpenBLAS when it loads, unless <paramref name="requested"/> is <c>managed</c>.</summary>
    public static (Backend Description, Option<OpenBlas> Blas) Choose(string? requested, Func<Option<OpenBlas>> load)
    {
        if (string.Equals(requested?.Trim(), "managed", StringComparison.OrdinalIgnoreCase))
            return (Managed($"{Backend.Variable}=managed"), None);
        return load().Match(
            blas => (new Backend("openblas", blas.Threads, blas.CoreName), Some(blas)),
            () => (Managed($"{OpenBlas.LibraryNames[0]} could not be loaded"), Option<OpenBlas>.None));
    }

    private static Backend Managed(string reason) =>
        new("managed", MathNet.Numerics.Control.MaxDegreeOfParallelism, reason);
}
