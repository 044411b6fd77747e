using System.Text.Json.Nodes;
using Spectre.Console;

namespace FunctionalNet.Cli;

/// <summary>How a run shows its progress.</summary>
public enum ProgressMode
{
    /// <summary>A live Spectre.Console bar per epoch (on a terminal).</summary>
    Live,
    /// <summary>One plain line per epoch.</summary>
    Lines,
    /// <summary>One JSON object per epoch.</summary>
    Json,
}

/// <summary>
/// Drives the lazy sequence of training steps and shows progress: the core's scan is consumed here, so watching a
/// run cannot change it. Returns the last step's state (or the given state when there were no steps).
/// </summary>
public static class TrainingProgress
{
    /// <summary>Live on an interactive terminal, unless JSON or plain lines were asked for.</summary>
    public static ProgressMode Choose(bool json, bool noProgress, Io io) =>
        json ? ProgressMode.Json
        : noProgress || io.Out != Console.Out || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive ? ProgressMode.Lines
        : ProgressMode.Live;

    /// <summary>Runs every step, reporting each finished epoch; returns the final state.</summary>
    public static TrainingState<T> Drive<T>(IEnumerable<TrainingStep<T>> steps, TrainingState<T> start, int epochs, int examples,
        ProgressMode mode, Io io, Stopwatch clock) where T : struct, IFloatingPointIeee754<T>
    {
        var state = start;
        if (mode != ProgressMode.Live)
        {
            foreach (var step in steps)
            {
                state = step.State;
                if (step.Batch == step.BatchesPerEpoch) Report(step.State.History.Last, epochs, examples, mode, io, clock);
            }
            return state;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var overall = context.AddTask("training", maxValue: epochs - start.Epoch);
                ProgressTask? epochTask = null;
                var epochClock = Stopwatch.StartNew();
                foreach (var step in steps)
                {
                    state = step.State;
                    if (epochTask is null || step.Batch == 1)
                    {
                        epochTask?.StopTask();
                        epochTask = context.AddTask($"epoch {step.Epoch}", maxValue: step.BatchesPerEpoch);
                        epochClock.Restart();
                    }
                    epochTask.Value = step.Batch;
                    var rate = step.Batch * (double)examples / step.BatchesPerEpoch / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds);
                    epochTask.Description = Markup.Escape($"epoch {step.Epoch}/{epochs}  loss {step.Loss:F4}  {rate:N0} ex/s");
                    if (step.Batch == step.BatchesPerEpoch)
                    {
                        var summary = step.State.History.Last;
                        epochTask.Description = Markup.Escape(Line(summary, epochs, examples, epochClock.Elapsed.TotalSeconds, clock));
                        epochTask.StopTask();
                        overall.Increment(1);
                    }
                }
                overall.StopTask();
            });
        return state;
    }

    private static void Report(EpochSummary summary, int epochs, int examples, ProgressMode mode, Io io, Stopwatch clock)
    {
        if (mode == ProgressMode.Json)
            Json.Line(io.Out, new JsonObject
            {
                ["event"] = "epoch", ["epoch"] = summary.Epoch, ["loss"] = summary.Loss, ["learning_rate"] = summary.LearningRate,
                ["train_loss"] = Loss(summary.Train), ["train_accuracy"] = Accuracy(summary.Train),
                ["validation_loss"] = Loss(summary.Validation), ["validation_accuracy"] = Accuracy(summary.Validation),
                ["test_loss"] = Loss(summary.Test), ["test_accuracy"] = Accuracy(summary.Test),
                ["seconds"] = clock.Elapsed.TotalSeconds,
            });
        else io.Out.WriteLine(Line(summary, epochs, examples, double.NaN, clock));
    }

    private static string Line(EpochSummary s, int epochs, int examples, double epochSeconds, Stopwatch clock) =>
        $"epoch {s.Epoch}/{epochs}  loss {s.Loss:F4}" +
        s.Train.Match(e => $"  train {e.Accuracy:P2}", () => "") +
        s.Validation.Match(e => $"  validation {e.Accuracy:P2} (loss {e.Loss:F4})", () => "") +
        s.Test.Match(e => $"  test {e.Accuracy:P2}", () => "") +
        $"  η {s.LearningRate:G3}" +
        (double.IsNaN(epochSeconds) ? "" : $"  {examples / Math.Max(1e-9, epochSeconds):N0} ex/s") +
        $"  {clock.Elapsed.TotalSeconds:F1} s";

    private static double? Loss(LanguageExt.Option<Evaluation> e) => (e.Case as Evaluation)?.Loss;

    private static double? Accuracy(LanguageExt.Option<Evaluation> e) => (e.Case as Evaluation)?.Accuracy;
}
