namespace FunctionalNet.Cli;

/// <summary>The <c>functionalnet</c> command.</summary>
public static class Program
{
    /// <summary>Entry point: the shell's only door to the process.</summary>
    public static int Main(string[] args) => Shell.Run(args, new Io(Console.Out, Console.Error));
}
