using FunctionalNet.Cli;

namespace FunctionalNet.Tests.Data;

/// <summary>Runs the <c>functionalnet</c> command in-process and keeps what it wrote.</summary>
internal sealed record ShellRun(int Exit, string Out, string Error)
{
    public static ShellRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Shell.Run(args, new Io(output, error));
        return new ShellRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The lines written to standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The last JSON line of standard output: the summary.</summary>
    public System.Text.Json.JsonElement Summary =>
        System.Text.Json.JsonDocument.Parse(Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    /// <summary>Asserts a failure reported as one line on standard error with the given exit code.</summary>
    public ShellRun FailsWith(int exit, string fragment)
    {
        Assert.Equal(exit, Exit);
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("functionalnet: ", line);
        Assert.Contains(fragment, line);
        return this;
    }
}
