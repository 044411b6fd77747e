using System.Text.Json.Nodes;
using FunctionalNet.Numerics;

namespace FunctionalNet.Cli;

/// <summary>Which numerical backend runs the matrix products, and with how many threads, as JSON for manifests.</summary>
public static class BackendInfo
{
    /// <summary>The active backend: name, threads, detail, and the .NET processor count.</summary>
    public static JsonObject Describe()
    {
        var backend = Backend.Active;
        return new JsonObject
        {
            ["name"] = backend.Name,
            ["threads"] = backend.Threads,
            ["detail"] = backend.Detail,
            ["openblas_num_threads"] = Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS"),
            ["dotnet_processor_count"] = Environment.ProcessorCount,
        };
    }
}
