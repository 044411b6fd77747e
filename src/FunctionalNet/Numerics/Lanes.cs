using System.Runtime.ExceptionServices;

namespace FunctionalNet.Numerics;

/// <summary>
/// Two lanes of work side by side: lane 0 on the caller's thread, lane 1 on one long-lived worker thread. Training
/// steps hand the worker a lane in quick succession, and waking a sleeping thread takes a sizeable part of a lane's
/// work, so this worker spins for a while after each job before it sleeps: the next step's lane then starts at once
/// instead of late (docs/performance.md, "Lane 1 on a spinning worker thread").
/// A result never depends on where a lane ran: each lane's work is fixed by its number, and when the worker is not
/// available (one core, OpenBLAS running its own threads, another caller using it, or a lane asking for lanes) the two
/// lanes run on the caller's thread, lane 0 then lane 1.
/// </summary>
internal static class Lanes
{
    /// <summary>Entry-wise passes shorter than this run on one thread: sharing them costs more than it saves.</summary>
    public const int MinimumSharedEntries = 1 << 16;

    // Parts of a shared pass are cut at multiples of this many entries: whole 512-bit vectors of float.
    private const int PartAlignment = 16;

    /// <summary>True when lane 1 can run beside lane 0: the current executor says so (<see cref="Executor.SideBySide"/>).</summary>
    public static bool SideBySide => Executor.Current.SideBySide;

    private static readonly Lazy<Worker> worker = new(() => new Worker());

    /// <summary>Runs <paramref name="lane"/>(0) and <paramref name="lane"/>(1), side by side when it can, and returns when both are done.</summary>
    public static void Run(Action<int> lane) => Run(lane, null);

    /// <summary>
    /// Runs <paramref name="first"/> in both lanes, then <paramref name="then"/> in both lanes: a lane's second phase
    /// starts once both lanes have finished their first, so it may read what the other lane made. What a lane's first
    /// phase rents from the <see cref="Workspace"/> outside any scope of its own is still held in the second phase.
    /// </summary>
    public static void Run(Action<int> first, Action<int>? then)
    {
        if (SideBySide && worker.Value.TryRun(first, then)) return;
        first(0);
        first(1);
        if (then is null) return;
        then(0);
        then(1);
    }

    /// <summary>
    /// An entry-wise pass over <paramref name="length"/> entries: <paramref name="pass"/>(start, count) on each part, one
    /// part per lane when there are at least <see cref="MinimumSharedEntries"/>, else on all of them. Every entry gets the
    /// same operations whichever part holds it, so the bits do not depend on the split.
    /// </summary>
    public static void Share(int length, Action<int, int> pass)
    {
        if (length < MinimumSharedEntries || !SideBySide) pass(0, length);
        else Run(lane =>
        {
            var (start, count) = Part(length, lane, 2);
            pass(start, count);
        });
    }

    /// <summary>The range (start, count) of part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="length"/> entries.</summary>
    public static (int Start, int Count) Part(int length, int part, int parts)
    {
        var cut = (int start) => Math.Min(length, (int)((long)length * start / parts / PartAlignment * PartAlignment));
        var (from, to) = (cut(part), part == parts - 1 ? length : cut(part + 1));
        return (from, to - from);
    }

    // One thread taking lane 1 of one Run at a time. A Run posts its job by raising `posted`; the worker spins on it,
    // then sleeps on the gate, takes the job (unless the caller has taken it back) and after it raises `finished` to
    // the same number. Between the phases each lane raises `arrived` and waits until both have.
    private sealed class Worker
    {
        // How long the worker spins between jobs before it sleeps (IdleSpins rounds of Thread.SpinWait(SpinUnits)):
        // meant to outlast the gap between one step's lane and the next, so that in steady training the worker is
        // awake when a job comes (its duration: docs/performance.md, "Lane 1 on a spinning worker thread").
        private const int IdleSpins = 2000;
        private const int SpinUnits = 32;

        private readonly object gate = new();
        private int busy, arrived;
        private long posted, finished, claim;
        private Action<int>? first, then;
        private Executor? executor;
        private volatile bool failed;
        private ExceptionDispatchInfo? failure;

        public Worker() => new Thread(Loop) { IsBackground = true, Name = "FunctionalNet lane 1" }.Start();

        /// <summary>
        /// Runs the two lanes side by side, or returns false at once when the worker is taken. When the worker has not
        /// taken lane 1 by the time lane 0 is done (its core busy with other work), lane 1 runs here after lane 0
        /// instead of waiting for it, as it does without a worker.
        /// </summary>
        public bool TryRun(Action<int> first, Action<int>? then)
        {
            if (Interlocked.CompareExchange(ref busy, 1, 0) != 0) return false;
            try
            {
                (this.first, this.then, executor, arrived, failed, failure) = (first, then, Executor.Current, 0, false, null);
                var ticket = posted + 1;
                lock (gate)
                {
                    Volatile.Write(ref posted, ticket);
                    Monitor.PulseAll(gate);
                }
                var shared = true;
                try
                {
                    try { first(0); }
                    catch
                    {
                        failed = true;
                        shared = !Take(ticket, Caller);
                        if (shared && then is not null) Interlocked.Increment(ref arrived);
                        throw;
                    }
                    shared = !Take(ticket, Caller);
                    if (!shared)
                    {
                        first(1);
                        if (then is null) return true;
                        then(0);
                        then(1);
                        return true;
                    }
                    // From here the worker has lane 1: its failure is thrown below, once it is done.
                    if (then is not null)
                    {
                        Interlocked.Increment(ref arrived);
                        AwaitBothLanes();
                        if (!failed) then(0);
                    }
                }
                finally { if (shared) Await(ticket); }
                failure?.Throw();
                return true;
            }
            finally
            {
                (this.first, this.then, executor) = (null, null, null);
                Volatile.Write(ref busy, 0);
            }
        }

        private const int Caller = -1, Self = 1;

        // Job `ticket` for the caller (to run lane 1 itself) or for the worker: exactly one of them gets it. `claim` holds
        // the last job's ticket, negated when the caller took it back.
        private bool Take(long ticket, int who)
        {
            while (true)
            {
                var last = Volatile.Read(ref claim);
                if (Math.Abs(last) >= ticket) return false;
                if (Interlocked.CompareExchange(ref claim, who * ticket, last) == last) return true;
            }
        }

        // Lane 1's two phases on the worker; a failure in either lane's first phase cancels both second phases.
        private void WorkerLane(Action<int> first, Action<int>? then)
        {
            try { first(1); }
            catch { failed = true; throw; }
            finally { if (then is not null) Interlocked.Increment(ref arrived); }
            if (then is null) return;
            AwaitBothLanes();
            if (!failed) then(1);
        }

        private void AwaitBothLanes()
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref arrived) < 2) spinner.SpinOnce(sleep1Threshold: -1);
        }

        private void Await(long ticket)
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref finished) != ticket)
            {
                if (spinner.Count < IdleSpins) spinner.SpinOnce(sleep1Threshold: -1);
                else lock (gate) while (Volatile.Read(ref finished) != ticket) Monitor.Wait(gate);
            }
        }

        private void Loop()
        {
            var seen = 0L;
            while (true)
            {
                for (var spins = 0; Volatile.Read(ref posted) == seen; spins++)
                {
                    if (spins < IdleSpins) Thread.SpinWait(SpinUnits);
                    else lock (gate) while (Volatile.Read(ref posted) == seen) Monitor.Wait(gate);
                }
                seen = Volatile.Read(ref posted);
                if (!Take(seen, Self)) continue;   // the caller ran lane 1 itself: nothing to do, nothing to report
                // Lane 1's own scope: what it rents is held through both phases and returned when the job ends. Lane 0's
                // second phase may still be reading those arrays then; that is safe because only this thread rents from
                // this pool, and it takes no new job before the caller has finished lane 0 and released the worker.
                try
                {
                    using var use = executor!.Use();   // lane 1 computes as the caller's executor does
                    using var scope = Workspace.Enter();
                    WorkerLane(first!, then);
                }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
                lock (gate)
                {
                    Volatile.Write(ref finished, seen);
                    Monitor.PulseAll(gate);
                }
            }
        }
    }
}
