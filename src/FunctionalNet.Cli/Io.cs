namespace FunctionalNet.Cli;

/// <summary>Where a command writes: standard output for results, standard error for the one-line failure.</summary>
public sealed record Io(TextWriter Out, TextWriter Error);
