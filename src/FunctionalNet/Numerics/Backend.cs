namespace FunctionalNet.Numerics;

/// <summary>
/// Which code computes an <see cref="Executor"/>'s matrix products: the system OpenBLAS, or MathNet's managed code.
/// Both give the same results up to rounding.
/// </summary>
/// <param name="Name"><c>openblas</c> or <c>managed</c>.</param>
/// <param name="Threads">The threads a product may use (OpenBLAS's own count, or MathNet's degree of parallelism).</param>
/// <param name="Detail">The OpenBLAS kernel family, or why the managed backend runs.</param>
public sealed record Backend(string Name, int Threads, string Detail)
{
    /// <summary>The backend of the executor in effect on this thread (<see cref="Executor.Current"/>).</summary>
    public static Backend Active => Executor.Current.Backend;
}
