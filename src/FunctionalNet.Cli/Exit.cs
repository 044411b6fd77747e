using LanguageExt;

namespace FunctionalNet.Cli;

/// <summary>Exit codes shared by every command.</summary>
public static class Exit
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A runtime failure: bad data, a failed check, a file that cannot be read.</summary>
    public const int Failure = 1;
    /// <summary>Bad usage: an unknown option or a value out of range.</summary>
    public const int Usage = 2;
}

/// <summary>A failure the shell reports as one line on standard error with an exit code.</summary>
public sealed class ShellException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit code 2).</summary>
    public static ShellException Usage(string message) => new(Exit.Usage, message);

    /// <summary>A runtime failure (exit code 1).</summary>
    public static ShellException Failure(string message) => new(Exit.Failure, message);
}

/// <summary>Turns the core's <see cref="Fin{A}"/> values into results or shell failures.</summary>
public static class FinExtensions
{
    /// <summary>The value, or a usage failure (exit code 2) carrying the core's message.</summary>
    public static A OrUsage<A>(this Fin<A> fin) => fin.Match(a => a, e => throw ShellException.Usage(e.Message));

    /// <summary>The value, or a runtime failure (exit code 1) carrying the core's message.</summary>
    public static A OrFailure<A>(this Fin<A> fin) => fin.Match(a => a, e => throw ShellException.Failure(e.Message));
}
