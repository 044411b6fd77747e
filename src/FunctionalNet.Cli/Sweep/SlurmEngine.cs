using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// Runs a sweep on a Slurm cluster: writes <c>DIR/sweep.sbatch</c>, a job-array script whose task K runs
/// <c>functionalnet train</c> for run K, and submits the runs still to do as ONE array with <c>sbatch</c>. The sweep
/// directory and this program must be on a file system the compute nodes share.
/// </summary>
public static class SlurmEngine
{
    /// <summary>The script's file name in the sweep directory.</summary>
    public const string ScriptName = "sweep.sbatch";

    /// <summary>Where the submission is recorded: job id and array.</summary>
    public const string JobFileName = "slurm-job.json";

    /// <summary>The job-array script for every run of <paramref name="plan"/>.</summary>
    public static string Script(SweepPlan plan, IReadOnlyList<string> launcher, int cpusPerTask)
    {
        var lines = new List<string>
        {
            "#!/bin/bash",
            "#SBATCH --job-name=functionalnet-sweep",
            $"#SBATCH --cpus-per-task={cpusPerTask}",
            $"#SBATCH --output={Path.Combine(plan.Directory, "slurm-%A_%a.out")}",
            $"# Written by `functionalnet sweep --engine slurm` for the sweep in {plan.Directory} ({SweepPlan.FileName} lists its runs).",
            "# Task K of the array runs `functionalnet train` for run K into the run's directory, its output beside it, and",
            "# records the exit code and wall time in exit.json. Submit the runs still to do with: sbatch --array=K,L,... THIS",
            "set -u",
            "# The run's lanes use the CPUs Slurm gave the task (the model's bits do not depend on it).",
            "[ -n \"${SLURM_CPUS_PER_TASK:-}\" ] && export DOTNET_PROCESSOR_COUNT=\"$SLURM_CPUS_PER_TASK\"",
            "run() {",
            "  local dir=\"$1\"; shift",
            $"  mkdir -p \"$dir\" && rm -f {string.Join(" ", RunResult.AttemptFiles.Select(f => $"\"$dir/{f}\""))}",
            "  local start; start=$(date +%s.%N)",
            $"  \"$@\" > \"$dir/{RunResult.OutputFileName}\" 2> \"$dir/{RunResult.ErrorFileName}\"",
            "  local code=$?",
            "  local wall; wall=$(awk -v a=\"$start\" -v b=\"$(date +%s.%N)\" 'BEGIN { printf \"%.3f\", b - a }')",
            $"  printf '{{\"exit\": %d, \"wall_seconds\": %s}}\\n' \"$code\" \"$wall\" > \"$dir/{RunResult.ExitFileName}.tmp\" && mv \"$dir/{RunResult.ExitFileName}.tmp\" \"$dir/{RunResult.ExitFileName}\"",
            "  exit \"$code\"",
            "}",
            "case \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array}\" in",
        };
        foreach (var run in plan.Runs)
            lines.Add($"  {run.Index}) run {Quote(plan.RunDirectory(run))} {string.Join(" ", launcher.Concat(plan.TrainArguments(run)).Select(Quote))} ;;");
        lines.Add("  *) echo \"no run $SLURM_ARRAY_TASK_ID in this sweep\" >&2; exit 2 ;;");
        lines.Add("esac");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>
    /// Writes the script and submits <paramref name="runs"/> as one array (waiting for it with <paramref name="wait"/>);
    /// returns the job id.
    /// </summary>
    public static string Submit(SweepPlan plan, IReadOnlyList<SweepRun> runs, int cpusPerTask, bool wait, Io io)
    {
        var script = Path.Combine(plan.Directory, ScriptName);
        AtomicFile.WriteText(script, Script(plan, CliLauncher.Command(), cpusPerTask));
        foreach (var run in runs)
        {
            // Cleared now, so that until its task starts a run reads as pending, not as the attempt before.
            Directory.CreateDirectory(plan.RunDirectory(run));
            foreach (var stale in RunResult.AttemptFiles.Append(RunResult.OutputFileName)) File.Delete(Path.Combine(plan.RunDirectory(run), stale));
        }
        var array = Ranges(runs.Select(r => r.Index));
        var arguments = new List<string> { "--parsable", $"--array={array}" };
        if (wait) arguments.Add("--wait");
        arguments.Add(script);
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = plan.Directory };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process child;
        try { child = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { throw ShellException.Failure("--engine slurm needs sbatch on the PATH (Slurm's command-line tools)"); }
        using (child)
        {
            // sbatch --parsable prints the job id at once; with --wait it ends when the array has.
            var error = child.StandardError.ReadToEndAsync();
            var jobId = child.StandardOutput.ReadLine()?.Trim().Split(';')[0];
            if (jobId is { Length: > 0 } && jobId.All(char.IsAsciiDigit))
            {
                AtomicFile.WriteText(Path.Combine(plan.Directory, JobFileName),
                    new JsonObject { ["job_id"] = jobId, ["array"] = array, ["script"] = script }.ToJsonString() + "\n");
                io.Out.WriteLine($"submitted job array {jobId} ({runs.Count} task{(runs.Count == 1 ? "" : "s")}: --array={array}) with {script}" +
                    (wait ? "; waiting for it" : ""));
                io.Out.Flush();
            }
            child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (jobId is not { Length: > 0 } || !jobId.All(char.IsAsciiDigit))
                throw ShellException.Failure($"sbatch did not submit the array (exit code {child.ExitCode}): {error.Result.Trim()}");
            return jobId;
        }
    }

    /// <summary>Indices as Slurm's array list: 0-3,5,7-9.</summary>
    public static string Ranges(IEnumerable<int> indices)
    {
        var parts = new List<string>();
        foreach (var i in indices.Order())
        {
            if (parts.Count > 0 && parts[^1].Split('-') is var last && int.Parse(last[^1], CultureInfo.InvariantCulture) == i - 1)
                parts[^1] = $"{last[0]}-{i}";
            else parts.Add(i.ToString(CultureInfo.InvariantCulture));
        }
        return string.Join(",", parts);
    }

    // A word for bash: in single quotes, each single quote closed, escaped and reopened.
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
