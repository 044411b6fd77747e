using System.Runtime.CompilerServices;

namespace FunctionalNet.Properties;

/// <summary>
/// The core reads no environment: as the shell does at start-up, this assembly makes the executor that
/// <c>FUNCTIONALNET_BACKEND</c> and <c>FUNCTIONALNET_BLAS_THREADS</c> ask for the core's default, so that CI's run with
/// <c>FUNCTIONALNET_BACKEND=managed</c> checks every property on the managed backend.
/// </summary>
internal static class HostEnvironment
{
    [ModuleInitializer]
    internal static void Install() => FunctionalNet.Cli.HostExecutor.Install();
}
