using System.Reflection;

namespace FunctionalNet.Cli;

/// <summary>
/// How to start this command-line program again as a child process, the way it was started: the program itself (an
/// installed tool's shim, the app host of <c>dotnet run</c> or a published app), or <c>dotnet FunctionalNet.Cli.dll</c>
/// when it runs under the <c>dotnet</c> host (or inside another program, as in the tests).
/// </summary>
public static class CliLauncher
{
    /// <summary>The program and the arguments that come before <c>train …</c>.</summary>
    public static IReadOnlyList<string> Command()
    {
        var process = Environment.ProcessPath;
        var assembly = typeof(Shell).Assembly.Location;
        var underDotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet";
        if (process is not null && !underDotnet && (assembly.Length == 0 || Assembly.GetEntryAssembly() == typeof(Shell).Assembly))
            return [process];
        return [underDotnet ? process! : Muxer(), assembly];
    }

    // The dotnet that runs the host program (set by the SDK for tests and tools), else the one on PATH.
    private static string Muxer() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
