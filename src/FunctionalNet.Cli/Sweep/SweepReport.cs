namespace FunctionalNet.Cli;

/// <summary>
/// Gathers a sweep: reads every run's directory, writes <c>summary.json</c>, <c>summary.csv</c>, <c>runs.csv</c> and
/// <c>summary.png</c> into the sweep directory, and prints the table of configurations.
/// </summary>
public static class SweepReport
{
    /// <summary>The picture's file name in the sweep directory.</summary>
    public const string PictureFileName = "summary.png";

    /// <summary>The state of every run of <paramref name="plan"/>.</summary>
    public static IReadOnlyList<RunResult> Read(SweepPlan plan) => plan.Runs.Select(r => RunResult.Read(plan, r)).ToArray();

    /// <summary>Collects, writes and prints; the exit code is a failure if a run failed.</summary>
    public static int Collect(SweepPlan plan, Io io)
    {
        var summary = SweepSummary.Of(Read(plan));
        AtomicFile.WriteText(Path.Combine(plan.Directory, "summary.json"), summary.ToJson().ToJsonString(SweepPlan.Indented) + "\n");
        AtomicFile.WriteText(Path.Combine(plan.Directory, "summary.csv"), summary.ConfigurationsCsv());
        AtomicFile.WriteText(Path.Combine(plan.Directory, "runs.csv"), summary.RunsCsv());
        if (summary.Count(RunStatus.Done) > 0)
            SweepChart.Strip(Path.Combine(plan.Directory, PictureFileName), summary, $"{Path.GetFileName(plan.Directory)}: accuracy per seed");
        Print(summary, io);
        foreach (var failed in summary.Runs.Where(r => r.Status == RunStatus.Failed))
            io.Out.WriteLine($"failed: {failed.Run.Name}: {failed.Error}");
        var unfinished = summary.Runs.Count - summary.Count(RunStatus.Done) - summary.Count(RunStatus.Failed);
        io.Out.WriteLine($"{summary.Count(RunStatus.Done)} of {summary.Runs.Count} runs done, {summary.Count(RunStatus.Failed)} failed" +
            (unfinished > 0 ? $", {unfinished} not finished" : "") + $"; wrote summary.json, summary.csv, runs.csv" +
            (summary.Count(RunStatus.Done) > 0 ? $" and {PictureFileName}" : "") + $" to {plan.Directory}");
        return summary.Count(RunStatus.Failed) > 0 ? Exit.Failure : Exit.Ok;
    }

    /// <summary>The table: per configuration, accuracies in percent and losses as mean ± sample std (n − 1), min–max.</summary>
    public static void Print(SweepSummary summary, Io io)
    {
        var validation = summary.Configurations.Any(c => c.Spreads["validation_accuracy"] is not null);
        var quantities = new List<(string Name, string Header, double Scale, int Digits)> { ("test_accuracy", "test %", 100, 2), ("train_accuracy", "train %", 100, 2) };
        if (validation) quantities.Add(("validation_accuracy", "validation %", 100, 2));
        quantities.Add(("test_loss", "test loss", 1, 4));
        var headers = new List<string> { "configuration", "runs" };
        foreach (var q in quantities) headers.AddRange([q.Header, "± std", "min", "max"]);
        headers.Add("wall s");
        var rows = summary.Configurations.Select(c =>
        {
            var row = new List<string> { c.Name, $"{c.Done.Count()}/{c.Runs.Count}" };
            foreach (var q in quantities)
                row.AddRange(c.Spreads[q.Name] is { } s
                    ? [Fixed(s.Mean * q.Scale, q.Digits), s.StandardDeviation is { } d ? Fixed(d * q.Scale, q.Digits) : "", Fixed(s.Minimum * q.Scale, q.Digits), Fixed(s.Maximum * q.Scale, q.Digits)]
                    : ["", "", "", ""]);
            row.Add(c.Spreads["wall_seconds"] is { } w ? Fixed(w.Mean, 1) : "");
            return (IReadOnlyList<string>)row;
        });
        Table.Write(io.Out, headers, rows);
        io.Out.WriteLine("  mean ± sample standard deviation (n − 1) over the seeds of each configuration; min and max; wall s: mean seconds per run");
    }

    private static string Fixed(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);
}
