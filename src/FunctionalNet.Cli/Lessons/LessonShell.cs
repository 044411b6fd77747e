using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>Where a lesson writes: text or JSON on standard output, and optionally a picture.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Json">Print JSON lines instead of tables.</param>
/// <param name="PlotPath">The PNG to draw, if asked.</param>
public sealed record LessonOutput(TextWriter Out, bool Json, string? PlotPath);

/// <summary>
/// What every lesson command shares: the <c>--plot</c> and <c>--json</c> options, the help layout, and the option
/// parsers that are particular to lessons. A lesson's own file parses its options into the core's record, runs the
/// core's pure experiment and renders the result.
/// </summary>
public static class LessonShell
{
    /// <summary>
    /// A lesson command: <paramref name="summary"/> is the line <c>lesson --list</c> shows; <paramref name="run"/> gets
    /// the parsed command line and the output choices, and renders.
    /// </summary>
    public static Command Define(Io io, string name, string summary, string details, string[] examples, IEnumerable<Option> options,
        Action<ParseResult, LessonOutput> run)
    {
        var plot = SharedOptions.Plot("the lesson's picture");
        var json = SharedOptions.Json();
        var command = new Command(name, $"{summary}\n{details}\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e)));
        foreach (var option in options) command.Options.Add(option);
        command.Options.Add(plot);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            run(result, new LessonOutput(io.Out, result.GetValue(json), result.GetValue(plot)));
            return Exit.Ok;
        });
        return command;
    }

    /// <summary>The first line of a lesson's description: its entry in <c>lesson --list</c>.</summary>
    public static string Summary(Command command) => (command.Description ?? "").Split('\n')[0];

    /// <summary>Writes the summary JSON line that ends every lesson's JSON output.</summary>
    public static void Summary(LessonOutput output, string lesson, JsonObject fields) =>
        Json.Line(output.Out, new JsonObject { ["event"] = "summary", ["lesson"] = lesson, ["result"] = fields });

    /// <summary>An option with a default value and a description.</summary>
    public static Option<T> Option<T>(string name, T defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary>The value of a learning-rate option, refused when negative or not finite.</summary>
    public static double Rate(ParseResult result, Option<double> option) => Parse.NonNegative(option.Name, result.GetValue(option));

    /// <summary>A comma-separated list of integers such as <c>1,2,4,8</c>; their range is the core's to judge.</summary>
    public static LanguageExt.Seq<int> Integers(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null).ToArray();
        if (values.Any(v => v is null))
            throw ShellException.Usage($"{option} expects comma-separated whole numbers such as 1,2,4,8 (got '{text}')");
        return toSeq(values.Select(v => v!.Value)).Strict();
    }

    /// <summary>Exactly <paramref name="count"/> comma-separated numbers.</summary>
    public static LanguageExt.Seq<double> Numbers(string option, string text, int count)
    {
        var values = Parse.Numbers(option, text);
        return values.Count == count ? values
            : throw ShellException.Usage($"{option} expects {count} comma-separated numbers (got '{text}')");
    }

    /// <summary>Draws the picture if one was asked for; in text mode, says where it went.</summary>
    public static void Draw(LessonOutput output, Action<string> draw)
    {
        if (output.PlotPath is not { } path) return;
        draw(path);
        if (!output.Json) output.Out.WriteLine($"\npicture: {path}");
    }
}
