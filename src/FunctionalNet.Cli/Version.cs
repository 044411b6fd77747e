using System.Reflection;

namespace FunctionalNet.Cli;

/// <summary>The library's version, as model files and manifests record it.</summary>
public static class Version
{
    /// <summary>The FunctionalNet assembly's informational version (without build metadata).</summary>
    public static string Library { get; } =
        (typeof(Network).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
