namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet lesson NAME</c>: the lecture's experiments, each a pure experiment in the core
/// (<c>FunctionalNet.Lessons</c>) rendered as a table, JSON lines or a picture. <c>lesson --list</c> lists them in
/// the lecture's order, with the <c>neuron</c> command in its place.
/// </summary>
public static class LessonCommand
{
    /// <summary>The lessons in the lecture's order.</summary>
    public static IReadOnlyList<Command> Lessons(Io io) =>
    [
        PerceptronLessonCommand.Create(io),
        FirstEpochCommand.Create(io),
        BiasCommand.Create(io),
        TestingCommand.Create(io),
        ActivationsCommand.Create(io),
        UniversalApproximationCommand.Create(io),
        LearningRateCommand.Create(io),
        DescentCommand.Create(io),
        XorCommand.Create(io),
        MatricesCommand.Create(io),
    ];

    /// <summary>The <c>neuron</c> command's place in the list: after the first epoch, as on the slides.</summary>
    private const int NeuronPosition = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var lessons = Lessons(io);
        var list = new Option<bool>("--list") { Description = "list the lessons in the lecture's order" };
        var command = new Command("lesson",
            "The lecture's experiments, one lesson each: numbers as a table (or --json) and a picture (--plot FILE.png).\n" +
            "Examples:\n  functionalnet lesson --list\n  functionalnet lesson first-epoch\n" +
            "  functionalnet lesson learning-rate --plot learning-rate.png\n  functionalnet lesson universal-approximation --function \"sin(3*x)\" --json")
        {
            list,
        };
        foreach (var lesson in lessons) command.Subcommands.Add(lesson);
        command.SetAction(result =>
        {
            if (!result.GetValue(list)) throw ShellException.Usage("name a lesson, e.g. 'functionalnet lesson first-epoch' (see 'functionalnet lesson --list')");
            var entries = lessons.Select(l => (l.Name, Summary: LessonShell.Summary(l), Run: $"functionalnet lesson {l.Name}")).ToList();
            entries.Insert(NeuronPosition, ("neuron", "The single sigmoid neuron: the first epoch, then 100 epochs without and with a bias.", "functionalnet neuron"));
            var width = entries.Max(e => e.Name.Length);
            foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
                io.Out.WriteLine($"{index + 1,2}. {entry.Name.PadRight(width)}  {entry.Summary}" + (entry.Name == "neuron" ? "  (run: functionalnet neuron)" : ""));
            return Exit.Ok;
        });
        return command;
    }
}
