using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>Which numerical backend runs the matrix products, and with how many threads.</summary>
public static class BackendInfo
{
    /// <summary>The backend as JSON: name and thread counts.</summary>
    public static JsonObject Describe() => new()
    {
        ["name"] = "managed (MathNet.Numerics)",
        ["threads"] = Environment.ProcessorCount,
    };
}
