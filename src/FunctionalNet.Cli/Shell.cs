using System.CommandLine.Parsing;

namespace FunctionalNet.Cli;

/// <summary>
/// Builds the command tree, parses, runs, and maps every failure to one line on standard error and an exit code:
/// 2 for bad usage, 1 for runtime failures. This is the one place where errors become exit codes.
/// </summary>
public static class Shell
{
    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="io"/>; returns the exit code.</summary>
    public static int Run(string[] args, Io io)
    {
        HostExecutor.Install();
        var root = new RootCommand("FunctionalNet: neural networks from one sigmoid neuron to MNIST, with a pure functional core.\n" +
            "Examples:\n  functionalnet neuron\n  functionalnet neuron --plot neuron.png");
        foreach (var command in Commands(io)) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            io.Error.WriteLine($"functionalnet: {parsed.Errors[0].Message} (see --help)");
            return Exit.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (ShellException e)
        {
            io.Error.WriteLine($"functionalnet: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"functionalnet: {e.Message}");
            return Exit.Failure;
        }
        catch (Exception e)
        {
            // A bug, not bad input: still one line, and a request to report it.
            io.Error.WriteLine($"functionalnet: internal error ({e.GetType().Name}): {e.Message} — please report this");
            return Exit.Failure;
        }
    }

    private static IEnumerable<Command> Commands(Io io) =>
    [
        NeuronCommand.Create(io),
        DataCommand.Create(io),
        GradcheckCommand.Create(io),
        LessonCommand.Create(io),
        TrainCommand.Create(io),
        EvaluateCommand.Create(io),
        PredictCommand.Create(io),
        ExportCommand.Create(io),
        InfoCommand.Create(io),
        BenchCommand.Create(io),
    ];
}
