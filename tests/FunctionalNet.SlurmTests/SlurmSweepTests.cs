using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;
using FunctionalNet.Tests.Sweep;

namespace FunctionalNet.SlurmTests;

/// <summary>
/// The acceptance sweep (lecture network on an MNIST subset, 2 learning rates × 3 seeds) run locally and as one Slurm
/// job array on the single-node Slurm that .ci/slurm-up starts: the summaries are the same but for times, so every
/// run has the same model hash wherever it ran.
/// </summary>
public sealed class SlurmSweepTests
{
    [Fact]
    public void ASweepOnSlurmHasTheSummaryOfTheLocalSweep()
    {
        AssertSlurmRuns();
        using var data = new MnistSubset();
        using var local = new TemporaryDirectory();
        using var slurm = new TemporaryDirectory();
        var here = CliRun.Of(LectureSweep.Arguments(data, local.Path, "--jobs", "2"));
        Assert.True(here.ExitCode == 0, here.Out + here.Error);

        var there = CliRun.Of(LectureSweep.Arguments(data, slurm.Path, "--engine", "slurm", "--cpus-per-task", "1", "--wait"));
        Assert.True(there.ExitCode == 0, there.Out + there.Error);
        Assert.Matches(@"submitted job array \d+ \(6 tasks: --array=0-5\)", there.Out);
        Assert.Equal(LectureSweep.WithoutTimes(LectureSweep.Summary(local.Path)), LectureSweep.WithoutTimes(LectureSweep.Summary(slurm.Path)));
        Assert.True(File.Exists(Path.Combine(slurm.Path, "sweep.sbatch")));

        // The same sweep again submits nothing: every run's manifest and model are there and agree.
        var again = CliRun.Of(LectureSweep.Arguments(data, slurm.Path, "--engine", "slurm", "--cpus-per-task", "1", "--wait"));
        Assert.Contains("6 already done, 0 to run", again.Out);
        Assert.DoesNotContain("submitted", again.Out);
    }

    [Fact]
    public void WithoutWaitStatusFollowsTheArrayAndCollectGathersIt()
    {
        AssertSlurmRuns();
        using var data = new MnistSubset();
        using var local = new TemporaryDirectory();
        using var slurm = new TemporaryDirectory();
        Assert.Equal(0, CliRun.Of(LectureSweep.Arguments(data, local.Path, "--jobs", "2")).ExitCode);
        var submitted = CliRun.Of(LectureSweep.Arguments(data, slurm.Path, "--engine", "slurm", "--cpus-per-task", "1"));
        Assert.True(submitted.ExitCode == 0, submitted.Out + submitted.Error);
        Assert.Contains("follow it with: functionalnet sweep status", submitted.Out);
        Assert.False(File.Exists(Path.Combine(slurm.Path, "summary.json")));

        var clock = Stopwatch.StartNew();
        while (!CliRun.Of("sweep", "status", slurm.Path).Out.Contains("6 done, 0 failed"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(10), "the array did not finish in 10 minutes: " + CliRun.Of("sweep", "status", slurm.Path).Out);
            Thread.Sleep(500);
        }
        Assert.Equal(0, CliRun.Of("sweep", "collect", slurm.Path).ExitCode);
        Assert.Equal(LectureSweep.WithoutTimes(LectureSweep.Summary(local.Path)), LectureSweep.WithoutTimes(LectureSweep.Summary(slurm.Path)));

        // Every run is done once its exit is recorded; the tasks' last instant (Slurm closing the task) may follow, and
        // the directory is deleted only after the array has left the queue.
        var jobId = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(slurm.Path, "slurm-job.json")))!["job_id"]!;
        while (Run("squeue", "-h", "-j", jobId) is (0, var queued) && queued.Trim().Length > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(11), $"job {jobId} is still queued: {queued}");
            Thread.Sleep(200);
        }
    }

    // Fails (never skips) when there is no Slurm to submit to: .ci/slurm-up must have started it.
    private static void AssertSlurmRuns()
    {
        var (code, output) = Run("sinfo", "-h", "-o", "%T");
        Assert.True(code == 0 && Regex.IsMatch(output, "idle|mixed|allocated"),
            $"no Slurm to submit to (sinfo: exit {code}, '{output.Trim()}'): start one with .ci/slurm-up (as root)");
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program}: {e.Message}");
        }
    }
}
