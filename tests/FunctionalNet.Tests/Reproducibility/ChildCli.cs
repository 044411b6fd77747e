using System.Diagnostics;
using System.Text.Json;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>What a child process printed and how it ended.</summary>
internal sealed record ChildRun(int Exit, string Out, string Error)
{
    /// <summary>The last line of standard output parsed as JSON (the summary of <c>train --json</c>).</summary>
    public JsonElement Summary => JsonDocument.Parse(Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    /// <summary>The summary's model hash.</summary>
    public string ModelHash => Summary.GetProperty("model_hash").GetString()!;
}

/// <summary>
/// The built CLI (<c>FunctionalNet.Cli.dll</c>, copied next to this test assembly) run as a child process with
/// <c>dotnet</c>: what the kill-and-resume and thread-count tests need, since a process cannot kill itself and
/// thread counts are read once per process.
/// </summary>
internal sealed class ChildCli : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private ChildCli(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FunctionalNet.Cli.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        process = Process.Start(start)!;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    // The dotnet that runs the tests (set by the SDK), else the one on PATH.
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts <c>functionalnet ARGS</c> with the given environment variables (null removes one).</summary>
    public static ChildCli Start(IEnumerable<string> arguments, params (string Name, string? Value)[] environment) =>
        new(arguments, environment.ToDictionary(e => e.Name, e => e.Value));

    /// <summary>Runs <c>functionalnet ARGS</c> to the end.</summary>
    public static ChildRun Run(IEnumerable<string> arguments, params (string Name, string? Value)[] environment)
    {
        using var child = Start(arguments, environment);
        return child.Finish();
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public ChildRun Finish()
    {
        Assert.True(process.WaitForExit(Patience), "the child process did not finish in time");
        return new ChildRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing if the process ends first.</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited) Assert.Fail($"the child process ended before {what}: {output.Result} {error.Result}");
            if (clock.Elapsed > Patience) Assert.Fail($"waited too long for {what}");
            Thread.Sleep(5);
        }
    }

    /// <summary>Kills the process (SIGKILL: no cleanup runs) and waits until it is gone; it must still have been running.</summary>
    public void Kill()
    {
        Assert.False(process.HasExited, "the child process had already ended");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
