namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet sweep</c>: <c>train</c> over a grid of its options (any of them a list, whole numbers also a range),
/// one run per combination in its own directory, run here (<c>--engine local</c>) or as one Slurm job array
/// (<c>--engine slurm</c>), then summarised per configuration over the seeds. Running it again resumes: runs that
/// ended with exit code 0 and whose manifest and model agree are kept. <c>sweep status DIR</c> and <c>sweep collect DIR</c> report and gather.
/// </summary>
public static class SweepCommand
{
    // Train's options that say where and how one run writes: the sweep decides those for each run.
    private static readonly string[] NotSwept = ["--out", "--json", "--no-progress", "--replay", "--resume", "--checkpoint-every"];

    // Options whose one value is a comma-separated list or a path: repeat them to sweep them.
    private static readonly string[] Unsplit = ["--layers", "--data-dir"];

    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var swept = TrainCommand.Options().Where(o => !NotSwept.Contains(o.Name) && o is not System.CommandLine.Help.HelpOption)
            .Select(o => (Train: o, Sweep: new Option<string[]>(o.Name)
            {
                Description = $"{o.Description}; " + (Unsplit.Contains(o.Name) ? "repeat the option to sweep it"
                    : WholeNumbers(o) ? "a list a,b,… or a range A-B sweeps it" : "a list a,b,… sweeps it"),
                Arity = ArgumentArity.OneOrMore,
            })).ToArray();
        var output = SharedOptions.Out("the sweep: one directory per run, sweep.json, summary.json, summary.csv, runs.csv, summary.png", required: false);
        var engine = new Option<string>("--engine") { Description = "local (child processes here) or slurm (one job array with sbatch)", DefaultValueFactory = _ => "local" };
        var jobs = new Option<int?>("--jobs") { Description = $"local: runs at the same time, 1 to 1,024 (default {LocalEngine.DefaultJobs} here: half the processors, as a run keeps two busy)" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "slurm: CPUs per run, 1 to 1,024 (default 2: a run's two lanes)" };
        var wait = new Option<bool>("--wait") { Description = "slurm: wait for the array to end (sbatch --wait), then collect" };

        var command = new Command("sweep",
            "Train over a grid of train's options, summarise accuracy and loss over seeds (mean, sample std, min, max).\n" +
            "Examples:\n  functionalnet sweep --recipe lecture --seed 1-10 --jobs 2 --out sweeps/lecture\n" +
            "  functionalnet sweep --recipe small --lr 0.001,0.003 --batch 32,64 --seed 1-5 --out sweeps/small\n" +
            "  functionalnet sweep --layers 784,16,16,10 --layers 784,64,10 --seed 1-3 --out sweeps/widths\n" +
            "  functionalnet sweep --recipe lecture --seed 1-10 --engine slurm --out /shared/sweeps/lecture\n" +
            "  functionalnet sweep status sweeps/lecture\n" +
            "  functionalnet sweep collect sweeps/lecture\n" +
            "Running the same sweep again keeps the runs that ended with exit code 0 and whose manifest and model agree, and runs the rest.")
        {
            output, engine, jobs, cpus, wait,
        };
        foreach (var (_, option) in swept) command.Options.Add(option);
        command.Subcommands.Add(Status(io));
        command.Subcommands.Add(Collect(io));

        command.SetAction(result =>
        {
            var directory = result.GetValue(output) ?? throw ShellException.Usage("sweep needs --out DIR: where its runs and summary go");
            var local = result.GetValue(engine)!.Trim().ToLowerInvariant() switch
            {
                "local" => true,
                "slurm" => false,
                var other => throw ShellException.Usage($"--engine must be local or slurm (got '{other}')"),
            };
            if (local && (result.GetValue(wait) || result.GetValue(cpus) is not null))
                throw ShellException.Usage("--wait and --cpus-per-task are for --engine slurm");
            if (!local && result.GetValue(jobs) is not null)
                throw ShellException.Usage("--jobs is for --engine local: Slurm decides how many runs run at once");
            var jobCount = Parse.Between("--jobs", result.GetValue(jobs) ?? LocalEngine.DefaultJobs, 1, 1024);
            var cpusPerTask = Parse.Between("--cpus-per-task", result.GetValue(cpus) ?? 2, 1, 1024);

            var options = swept.Where(s => result.GetResult(s.Sweep) is { Implicit: false })
                .Select(s => new SweptOption(s.Sweep.Name, SweepGrid.Values(s.Sweep.Name, result.GetValue(s.Sweep)!, WholeNumbers(s.Train), !Unsplit.Contains(s.Sweep.Name))))
                .OrderBy(o => o.Name == "--seed")   // seeds vary fastest: a configuration's runs are neighbours
                .ToArray();
            var plan = SweepPlan.Of(directory, result.Tokens.Select(t => t.Value).ToArray(), options);
            plan.Write();
            var todo = SweepReport.Read(plan).Where(r => r.Status != RunStatus.Done).Select(r => r.Run).ToArray();
            io.Out.WriteLine($"sweep of {plan.Runs.Count} run{(plan.Runs.Count == 1 ? "" : "s")} in {plan.Directory}: " +
                $"{plan.Runs.Count - todo.Length} already done, {todo.Length} to run" +
                (todo.Length == 0 ? "" : local ? $" here, {jobCount} at a time" : " as one Slurm job array"));
            if (todo.Length > 0 && local) LocalEngine.Run(plan, todo, jobCount, io);
            else if (todo.Length > 0)
            {
                SlurmEngine.Submit(plan, todo, cpusPerTask, result.GetValue(wait), io);
                if (!result.GetValue(wait))
                {
                    io.Out.WriteLine($"follow it with: functionalnet sweep status {directory}; then: functionalnet sweep collect {directory}");
                    return Exit.Ok;
                }
            }
            return SweepReport.Collect(plan, io);
        });
        return command;
    }

    // sweep status DIR: where each run stands.
    private static Command Status(Io io)
    {
        var directory = new Argument<string>("DIR") { Description = "the sweep's directory (its --out)" };
        var command = new Command("status", "Where each run of a sweep stands: done (with its test accuracy), failed (with why), started or pending.\n" +
            "Example:\n  functionalnet sweep status sweeps/lecture") { directory };
        command.SetAction(result =>
        {
            var plan = SweepPlan.Read(result.GetValue(directory)!);
            var results = SweepReport.Read(plan);
            Table.Write(io.Out, ["run", "status", "test %", "model hash / error"], results.Select(r => (IReadOnlyList<string>)
            [
                r.Run.Name, r.Status.ToString().ToLowerInvariant(),
                SweepSummary.Value(r, "test_accuracy") is { } a ? (100 * a).ToString("F2", CultureInfo.InvariantCulture) : "",
                r.ModelHash ?? r.Error ?? "",
            ]));
            io.Out.WriteLine(string.Join(", ", Enum.GetValues<RunStatus>().Select(s => $"{results.Count(r => r.Status == s)} {s.ToString().ToLowerInvariant()}")));
            return Exit.Ok;
        });
        return command;
    }

    // sweep collect DIR: the summary of what is there.
    private static Command Collect(Io io)
    {
        var directory = new Argument<string>("DIR") { Description = "the sweep's directory (its --out)" };
        var command = new Command("collect", "Gather a sweep's runs into summary.json, summary.csv, runs.csv and summary.png, and print the table.\n" +
            "Example:\n  functionalnet sweep collect sweeps/lecture") { directory };
        command.SetAction(result => SweepReport.Collect(SweepPlan.Read(result.GetValue(directory)!), io));
        return command;
    }

    private static bool WholeNumbers(Option option) => (Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType) == typeof(int);
}
