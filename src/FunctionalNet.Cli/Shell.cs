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
            io.Error.WriteLine($"functionalnet: {ParseErrorMessage(parsed.Errors[0])} (see --help)");
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

    /// <summary>
    /// A parse error in plain words: System.CommandLine names the .NET type a value did not convert to
    /// (<c>System.Nullable`1[System.Double]</c>); the user is told what the option expects instead.
    /// </summary>
    internal static string ParseErrorMessage(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is { Tokens.Count: > 0 } && Expects(option.Option.ValueType) is var (what, converts)
            && option.Tokens.FirstOrDefault(t => !converts(t.Value)) is { } bad)
            return $"{option.Option.Name} expects {what} (got '{bad.Value}')";
        // Any other message that still names a type: the type's short name.
        return System.Text.RegularExpressions.Regex.Replace(error.Message.Trim().TrimEnd('.'),
            @"'System\.Nullable`1\[System\.(\w+)\]'|'System\.(\w+)'", m => $"'{(m.Groups[1].Success ? m.Groups[1] : m.Groups[2]).Value.ToLowerInvariant()}'");
    }

    private static (string What, Func<string, bool> Converts)? Expects(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => (FormattableString.Invariant($"a whole number from {int.MinValue:N0} to {int.MaxValue:N0}"),
            text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)),
        var t when t == typeof(double) => ("a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        var t when t == typeof(bool) => ("true or false", text => bool.TryParse(text, out _)),
        _ => null,
    };

    private static IEnumerable<Command> Commands(Io io) =>
    [
        NeuronCommand.Create(io),
        DataCommand.Create(io),
        GradcheckCommand.Create(io),
        LessonCommand.Create(io),
        TrainCommand.Create(io),
        SweepCommand.Create(io),
        EvaluateCommand.Create(io),
        PredictCommand.Create(io),
        ExportCommand.Create(io),
        ImportCommand.Create(io),
        InfoCommand.Create(io),
        BenchCommand.Create(io),
        ServeCommand.Create(io),
    ];
}
