using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// Runs a sweep's runs on this machine, <c>jobs</c> child processes at a time, each exactly
/// <c>functionalnet train OPTIONS --out DIR/NAME --json</c> with its output in the run's directory.
/// </summary>
public static class LocalEngine
{
    /// <summary>
    /// Half the processors: one run keeps two busy (its two lanes, lane 1 on a spinning worker thread), so more runs
    /// than that only take turns on the same cores.
    /// </summary>
    public static int DefaultJobs => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The processors a child is told it has when <paramref name="jobs"/> runs share this machine, or none to leave
    /// it alone: with more runs than half the processors each gets its share, so their lanes do not spin against each
    /// other. A run's bits never depend on it (see <c>HostExecutor</c>): only where its lanes run does.
    /// </summary>
    public static int? ProcessorsPerRun(int jobs) =>
        2 * jobs > Environment.ProcessorCount && Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is null
            ? Math.Max(1, Environment.ProcessorCount / jobs) : null;

    /// <summary>Runs <paramref name="runs"/>; a failed run is reported and the others go on.</summary>
    public static void Run(SweepPlan plan, IReadOnlyList<SweepRun> runs, int jobs, Io io)
    {
        var launcher = CliLauncher.Command();
        var processors = ProcessorsPerRun(jobs);
        var running = new HashSet<Process>();
        var gate = new object();
        var finished = 0;
        // Killed or interrupted: take the children along, so that none writes into a run the next sweep starts again.
        void KillChildren(PosixSignalContext _)
        {
            lock (gate) foreach (var child in running) try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, KillChildren);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, KillChildren);
        // Runs start in the plan's order (no chunks handed out ahead): a configuration's seeds finish together.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(runs, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = jobs }, run =>
        {
            var directory = plan.RunDirectory(run);
            Directory.CreateDirectory(directory);
            foreach (var stale in RunResult.AttemptFiles) File.Delete(Path.Combine(directory, stale));
            var start = new ProcessStartInfo(launcher[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in launcher.Skip(1).Concat(plan.TrainArguments(run))) start.ArgumentList.Add(argument);
            if (processors is { } p) start.Environment["DOTNET_PROCESSOR_COUNT"] = p.ToString(CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            using var output = File.Create(Path.Combine(directory, RunResult.OutputFileName));
            using var error = File.Create(Path.Combine(directory, RunResult.ErrorFileName));
            using var child = new Process { StartInfo = start };
            lock (gate) { child.Start(); running.Add(child); }
            Task.WaitAll(child.StandardOutput.BaseStream.CopyToAsync(output), child.StandardError.BaseStream.CopyToAsync(error));
            child.WaitForExit();
            lock (gate) running.Remove(child);
            var seconds = clock.Elapsed.TotalSeconds;
            output.Flush(); error.Flush();
            AtomicFile.WriteText(Path.Combine(directory, RunResult.ExitFileName), new JsonObject { ["exit"] = child.ExitCode, ["wall_seconds"] = seconds }.ToJsonString() + "\n");
            output.Close(); error.Close();
            var result = RunResult.Read(plan, run);
            lock (gate)
                io.Out.WriteLine($"[{++finished}/{runs.Count}] {run.Name}: " + (result.Status == RunStatus.Done
                    ? $"test accuracy {SweepSummary.Value(result, "test_accuracy"):P2} in {seconds:F1} s"
                    : $"failed: {result.Error}"));
        });
    }
}
