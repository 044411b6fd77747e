using FunctionalNet.Numerics;

namespace FunctionalNet.Cli;

/// <summary>
/// The shell's choice of executor, read once from the environment: <c>FUNCTIONALNET_BACKEND=managed</c> forces MathNet's
/// managed code (else OpenBLAS when it loads), <c>FUNCTIONALNET_BLAS_THREADS=N</c> lets each OpenBLAS product use N
/// threads (by default one, with column blocks in two lanes: OpenBLAS's float32 products give different bits on
/// different thread counts, so the default keeps a model's bits independent of <c>OPENBLAS_NUM_THREADS</c> and of the
/// machine's cores), and the processor count decides whether the lanes run side by side. The core reads none of this.
/// </summary>
public static class HostExecutor
{
    /// <summary>The variable that selects the backend.</summary>
    public const string BackendVariable = "FUNCTIONALNET_BACKEND";

    /// <summary>The variable that gives OpenBLAS its own threads.</summary>
    public const string BlasThreadsVariable = "FUNCTIONALNET_BLAS_THREADS";

    private static readonly Lazy<Executor> chosen = new(() => Executor.Choose(
        Environment.GetEnvironmentVariable(BackendVariable),
        int.TryParse(Environment.GetEnvironmentVariable(BlasThreadsVariable), out var n) && n >= 1 ? n : 1,
        Environment.ProcessorCount,
        $"{BackendVariable}={Environment.GetEnvironmentVariable(BackendVariable)?.Trim()}"));

    /// <summary>
    /// The executor of the backend named <paramref name="backend"/> (openblas, managed or portable) with this process's
    /// thread settings: for commands that compare backends in one run (<c>bench --backends</c>).
    /// </summary>
    public static Executor For(string backend) => Executor.Choose(backend,
        int.TryParse(Environment.GetEnvironmentVariable(BlasThreadsVariable), out var n) && n >= 1 ? n : 1,
        Environment.ProcessorCount, $"bench --backends {backend}");

    /// <summary>The executor this process's environment asks for, made the core's default.</summary>
    public static Executor Install() => Executor.Default = chosen.Value;
}
