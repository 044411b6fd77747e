using System.Text.Json;
using FunctionalNet.Cli;

namespace FunctionalNet.Tests;

/// <summary>Runs the <c>functionalnet</c> command in-process and captures what it prints.</summary>
internal static class InProcessCli
{
    /// <summary>The exit code, standard output and standard error of one command line.</summary>
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Shell.Run(args, new Io(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The last line of JSON output: the summary.</summary>
    public static JsonElement Summary(string output) =>
        JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
}
