namespace FunctionalNet.Numerics;

/// <summary>
/// Which code computes an <see cref="Executor"/>'s matrix products: the system OpenBLAS, MathNet's managed code, or the
/// library's portable products and arithmetic, whose results are the same bits on every machine. All give the same
/// results up to rounding.
/// </summary>
/// <param name="Name"><c>openblas</c>, <c>managed</c> or <c>portable</c>.</param>
/// <param name="Threads">The threads a product may use (OpenBLAS's own count, MathNet's degree of parallelism, or 1).</param>
/// <param name="Detail">The OpenBLAS kernel family, why the managed backend runs, or the portable backend's vector width.</param>
public sealed record Backend(string Name, int Threads, string Detail)
{
    /// <summary>The backend of the executor in effect on this thread (<see cref="Executor.Current"/>).</summary>
    public static Backend Active => Executor.Current.Backend;
}
