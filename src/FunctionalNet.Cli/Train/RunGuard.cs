using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary>
/// The shell's watch over a run's steps: it passes on each step the core's <see cref="Training.Check{T}"/> finds
/// finite, writes a checkpoint after every N updates, and stops at the first step that diverged, keeping its error.
/// </summary>
/// <param name="start">The state the run starts (or resumes) from.</param>
/// <param name="every">Updates between checkpoints, or null for none.</param>
/// <param name="checkpointPath">Where the checkpoint goes (with <paramref name="every"/>).</param>
/// <param name="run">The run's description, stored in every checkpoint.</param>
internal sealed class RunGuard<T>(TrainingState<T> start, int? every, string? checkpointPath, JsonObject run) where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Why the run stopped early, once it has: the core's one-line message naming the epoch and the batch.</summary>
    public Error? Divergence { get; private set; }

    /// <summary>
    /// After a divergence, the last state whose network had finite parameters and gave a finite batch loss. A step's
    /// loss is measured on the network before its update, so when the loss is what failed, that network is not it:
    /// the one before it is (the start, if the very first loss failed).
    /// </summary>
    public TrainingState<T> LastFinite { get; private set; } = start;

    private readonly TrainingState<T> first = start;

    /// <summary>The steps up to (not including) the first that diverged, checkpointing as they pass.</summary>
    public IEnumerable<TrainingStep<T>> Watch(IEnumerable<TrainingStep<T>> steps)
    {
        var (beforePrevious, previous) = (first, first);
        foreach (var step in steps)
        {
            var checkedStep = Training.Check(step);
            if (checkedStep.IsFail)
            {
                Divergence = checkedStep.Match(_ => throw new UnreachableException(), e => e);
                LastFinite = double.IsFinite(step.Loss) ? previous : beforePrevious;
                yield break;
            }
            (beforePrevious, previous) = (previous, step.State);
            // The optimizer counts every update since the run began, so a resumed run checkpoints where the whole run would.
            if (every is { } n && step.State.Optimizer.Step % n == 0) CheckpointStore.Save(checkpointPath!, new Checkpoint<T>(step.State, run));
            if (TestHooks.UpdateDelay > 0) Thread.Sleep(TestHooks.UpdateDelay);
            yield return step;
        }
    }
}
