using System.Collections.Concurrent;
using FunctionalNet.Numerics;

namespace FunctionalNet.Tests.Numerics;

/// <summary>
/// Two lanes of work: lane 0 on the caller's thread, lane 1 on the worker when it is free, else after lane 0 on the
/// caller's thread. Either way each lane does its own work once, a failure reaches the caller and leaves the lanes
/// usable, and a lane's second phase sees what both first phases made.
/// </summary>
public class LanesTests
{
    // Far more than any of these tests takes: a deadlock fails the test instead of hanging the run.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void EachLaneRunsOnceWithItsOwnNumber()
    {
        var runs = new ConcurrentQueue<int>();
        Lanes.Run(runs.Enqueue);
        Assert.Equal([0, 1], runs.Order());
    }

    [Fact]
    public async Task LanesAskedForFromInsideALaneRunInTurnOnThatLanesThreadAndGiveTheSameResults()
    {
        var alone = new float[2];
        Lanes.Run(lane => alone[lane] = Work(lane));
        var nested = new float[2, 2];
        var threads = new int[2];
        var innerThreads = new int[2, 2];
        var order = new[] { new ConcurrentQueue<int>(), new ConcurrentQueue<int>() };
        // A lane waiting for the worker it runs on would wait forever.
        await WithinTheLimit(() => Lanes.Run(outer =>
        {
            threads[outer] = Environment.CurrentManagedThreadId;
            // The worker is taken by the outer run (or the outer run is already on the caller's thread): these two
            // lanes run here, lane 0 then lane 1.
            Lanes.Run(inner =>
            {
                order[outer].Enqueue(inner);
                innerThreads[outer, inner] = Environment.CurrentManagedThreadId;
                nested[outer, inner] = Work(inner);
            });
        }), "the nested lanes");
        for (var outer = 0; outer < 2; outer++)
        {
            Assert.Equal([0, 1], order[outer]);
            for (var inner = 0; inner < 2; inner++)
            {
                Assert.Equal(threads[outer], innerThreads[outer, inner]);
                Assert.Equal(BitConverter.SingleToInt32Bits(alone[inner]), BitConverter.SingleToInt32Bits(nested[outer, inner]));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task AFailureInEitherLaneReachesTheCallerAndTheLanesStillWorkAfterwards(int failing)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Lanes.Run(lane =>
        {
            if (lane == failing) throw new InvalidOperationException($"lane {lane} failed");
        }));
        Assert.Equal($"lane {failing} failed", failure.Message);
        await AssertTheLanesStillWork();
    }

    [Fact]
    public void WhenLaneZeroFailsTheCallReturnsOnlyOnceLaneOneIsDone()
    {
        var (started, finished) = (0, 0);
        Assert.Throws<InvalidOperationException>(() => Lanes.Run(lane =>
        {
            if (lane == 0)
            {
                // Fail while lane 1 is at work, if it runs beside this one (if not, it cannot start before this lane ends).
                SpinWait.SpinUntil(() => Volatile.Read(ref started) == 1, TimeSpan.FromMilliseconds(100));
                throw new InvalidOperationException("lane 0 failed");
            }
            Volatile.Write(ref started, 1);
            Thread.Sleep(30);
            Volatile.Write(ref finished, 1);
        }));
        // Lane 1 ran to its end on the worker, or never started (on the caller's thread, after lane 0 had failed).
        Assert.Equal(Volatile.Read(ref started), Volatile.Read(ref finished));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task AFailureInAFirstPhaseCancelsBothSecondPhasesAndReachesTheCaller(int failing)
    {
        var secondPhases = 0;
        var failure = Assert.Throws<InvalidOperationException>(() => Lanes.Run(
            lane =>
            {
                if (lane == failing) throw new InvalidOperationException($"lane {lane} failed");
            },
            _ => Interlocked.Increment(ref secondPhases)));
        Assert.Equal($"lane {failing} failed", failure.Message);
        Assert.Equal(0, Volatile.Read(ref secondPhases));
        await AssertTheLanesStillWork();
    }

    [Fact]
    public async Task WithEveryCoreBusyEachLaneStillRunsOnceAndSecondPhasesSeeBothFirsts()
    {
        // Threads that keep every core busy, so the worker is often not running when a job is posted: then the caller
        // takes lane 1 back and runs it itself (the race between the two is what this exercises, thousands of times).
        using var stop = new CancellationTokenSource();
        var hogs = Enumerable.Range(0, Environment.ProcessorCount + 1)
            .Select(_ => new Thread(() => { while (!stop.IsCancellationRequested) Thread.SpinWait(100); }) { IsBackground = true }).ToArray();
        foreach (var hog in hogs) hog.Start();
        try
        {
            await WithinTheLimit(() =>
            {
                for (var job = 0; job < 3000; job++)
                {
                    var (firsts, seconds, seen) = (new int[2], new int[2], new int[2, 2]);
                    var written = new int[2];
                    Lanes.Run(
                        lane =>
                        {
                            Interlocked.Increment(ref firsts[lane]);
                            Volatile.Write(ref written[lane], job + lane);
                        },
                        lane =>
                        {
                            Interlocked.Increment(ref seconds[lane]);
                            (seen[lane, 0], seen[lane, 1]) = (Volatile.Read(ref written[0]), Volatile.Read(ref written[1]));
                        });
                    Assert.True(firsts is [1, 1] && seconds is [1, 1], $"job {job}: first phases ran {firsts[0]}, {firsts[1]} times, second phases {seconds[0]}, {seconds[1]}");
                    Assert.Equal(new[,] { { job, job + 1 }, { job, job + 1 } }, seen);
                }
            }, "3,000 runs beside busy cores");
        }
        finally
        {
            stop.Cancel();
            foreach (var hog in hogs) hog.Join();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void EachLanesSecondPhaseSeesWhatBothFirstPhasesWrote(int slow)
    {
        // The slow lane's first phase ends long after the other's: a second phase that did not wait for it would see 0.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var written = new int[2];
            var seen = new int[2, 2];
            Lanes.Run(
                lane =>
                {
                    if (lane == slow) Thread.Sleep(20);
                    written[lane] = 10 + lane;
                },
                lane =>
                {
                    seen[lane, 0] = written[0];
                    seen[lane, 1] = written[1];
                });
            Assert.Equal(new[,] { { 10, 11 }, { 10, 11 } }, seen);
        }
    }

    [Fact]
    public void WhatAFirstPhaseRentsOutsideAScopeIsStillHeldInTheSecondPhase()
    {
        const int length = 4099;
        using var step = Workspace.Enter();
        var held = new double[2][];
        var intact = new bool[2];
        Lanes.Run(
            lane =>
            {
                held[lane] = Workspace.Rent<double>(length);
                held[lane].AsSpan().Fill(lane + 1.0);
            },
            lane =>
            {
                // A second phase's own scope rents and scribbles on an array of the same length: it must not be the held one.
                using (Workspace.Enter()) Workspace.Rent<double>(length).AsSpan().Fill(double.NaN);
                intact[lane] = held[lane].All(v => v == lane + 1.0);
            });
        Assert.Equal([true, true], intact);
    }

    [Fact]
    public async Task TwoThreadsRunningLanesAtOnceEachGetTheirOwnResultsAndNeitherWaitsForever()
    {
        const int runs = 2000;
        // One caller has the worker while the other runs both its lanes itself; with a little work in each lane (a few
        // microseconds) they trade places hundreds of times.
        var work = new[] { Work(0), Work(1) };
        using var start = new Barrier(2);
        int Failures(int caller)
        {
            start.SignalAndWait(Limit);
            var failures = 0;
            for (var run = 0; run < runs; run++)
            {
                var results = new (long Label, float Work)[2];
                Lanes.Run(lane => results[lane] = (Label(caller, run, lane), Work(lane)));
                if (results[0] != (Label(caller, run, 0), work[0]) || results[1] != (Label(caller, run, 1), work[1])) failures++;
                var firsts = new (long Label, float Work)[2];
                var seconds = new long[2];
                Lanes.Run(lane => firsts[lane] = (Label(caller, run, lane), Work(lane)), lane => seconds[lane] = firsts[0].Label + firsts[1].Label + lane);
                var both = Label(caller, run, 0) + Label(caller, run, 1);
                if (seconds[0] != both || seconds[1] != both + 1 || firsts[0].Work != work[0] || firsts[1].Work != work[1]) failures++;
            }
            return failures;
        }
        var callers = Task.WhenAll(Enumerable.Range(0, 2).Select(caller =>
            Task.Factory.StartNew(() => Failures(caller), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        Assert.True(await Task.WhenAny(callers, Task.Delay(Limit)) == callers, $"the two callers did not finish within {Limit.TotalSeconds} s: the lanes deadlocked");
        var failures = await callers;
        Assert.Equal(new[] { 0, 0 }, failures);
    }

    private static async Task AssertTheLanesStillWork()
    {
        var ran = new int[2];
        var seen = new int[2];
        await WithinTheLimit(() => Lanes.Run(lane => Interlocked.Increment(ref ran[lane]), lane => seen[lane] = ran[0] + ran[1]), "the lanes after a failure");
        Assert.Equal(new[] { 1, 1 }, ran);
        Assert.Equal(new[] { 2, 2 }, seen);
    }

    // Runs `action` on a thread of its own and fails if it has not finished within the limit.
    private static async Task WithinTheLimit(Action action, string what)
    {
        var run = Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(await Task.WhenAny(run, Task.Delay(Limit)) == run, $"{what} did not finish within {Limit.TotalSeconds} s: the lanes deadlocked");
        await run;
    }

    private static long Label(int caller, int run, int lane) => ((long)caller << 40) + ((long)run << 8) + lane;

    // A lane's work: a float sum whose bits depend on the order of its additions, which a lane must keep wherever it runs.
    private static float Work(int lane)
    {
        var sum = 0f;
        for (var k = 1; k <= 1000; k++) sum += 1f / (k + 7 * lane);
        return sum;
    }
}
