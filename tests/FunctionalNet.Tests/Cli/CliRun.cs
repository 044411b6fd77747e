using FunctionalNet.Cli;

namespace FunctionalNet.Tests.Cli;

/// <summary>The result of running the shell in-process.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs <c>functionalnet</c> with <paramref name="args"/>, capturing both streams.</summary>
    public static CliRun Of(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = Shell.Run(args, new Io(output, error));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The last line of standard output parsed as JSON (the summary).</summary>
    public System.Text.Json.JsonElement Summary =>
        System.Text.Json.JsonDocument.Parse(Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    /// <summary>Asserts a clean failure: the exit code, exactly one line on stderr, no stack trace.</summary>
    public void AssertFailsCleanly(int exitCode)
    {
        Assert.Equal(exitCode, ExitCode);
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", Error);
        Assert.StartsWith("functionalnet: ", lines[0]);
    }
}
