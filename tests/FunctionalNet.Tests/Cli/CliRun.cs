using FunctionalNet.Cli;

namespace FunctionalNet.Tests.Cli;

/// <summary>The result of running the shell in-process: the one helper every command test uses.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs <c>functionalnet</c> with <paramref name="args"/>, capturing both streams.</summary>
    public static CliRun Of(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = Shell.Run(args, new Io(output, error));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The exit code (the name the data tests use).</summary>
    public int Exit => ExitCode;

    /// <summary>Exit code, standard output, standard error.</summary>
    public void Deconstruct(out int exit, out string output, out string error) => (exit, output, error) = (ExitCode, Out, Error);

    /// <summary>The lines written to standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The last line of standard output parsed as JSON (the summary).</summary>
    public System.Text.Json.JsonElement Summary => SummaryOf(Out);

    /// <summary>The last line of <paramref name="output"/> parsed as JSON.</summary>
    public static System.Text.Json.JsonElement SummaryOf(string output) =>
        System.Text.Json.JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    /// <summary>Asserts a clean failure: the exit code, exactly one line on stderr, no stack trace.</summary>
    public void AssertFailsCleanly(int exitCode)
    {
        Assert.Equal(exitCode, ExitCode);
        var line = Assert.Single(ErrorLines);
        Assert.DoesNotContain("   at ", Error);
        Assert.StartsWith("functionalnet: ", line);
    }

    /// <summary>Asserts a clean failure whose one line contains <paramref name="fragment"/>.</summary>
    public CliRun FailsWith(int exit, string fragment)
    {
        AssertFailsCleanly(exit);
        Assert.Contains(fragment, ErrorLines[0]);
        return this;
    }
}
