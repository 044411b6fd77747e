using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson descent</c>: batch, stochastic and mini-batch gradient descent, timed.</summary>
public static class DescentCommand
{
    /// <summary>One variant's run with the time it took (measured here: the core has no clock).</summary>
    private sealed record Timed(DescentRun Run, TimeSpan Time);

    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var hidden = SharedOptions.Hidden(16, "sigmoid");
        var learningRate = SharedOptions.LearningRate(0.5, "every variant");
        var epochs = SharedOptions.Epochs(20, "of every variant (passes over all the data), 1 to 1,000,000");
        var batchSize = LessonShell.Option("--batch-size", 32, "the mini-batch variant's batch size");
        var classes = LessonShell.Option("--classes", 10, "classes of the synthetic data set (2 to 100)");
        var features = LessonShell.Option("--features", 20, "features (inputs) of the synthetic data set (1 to 10,000)");
        var perClass = LessonShell.Option("--per-class", 50, "examples per class (1 to 100,000)");
        var spread = LessonShell.Option("--spread", 1.0, "standard deviation of each class's cloud (their centres are drawn from N(0, 1))");
        var seed = SharedOptions.Seed(0, "the data, the first weights and the shuffles");
        var data = LessonShell.Option("--data", "auto", "auto (a seeded MNIST subset when MNIST is already fetched, else synthetic), mnist or synthetic");
        var subset = LessonShell.Option("--subset", 1000, "examples in the MNIST subset (1 to 60,000)");
        return LessonShell.Define(io, "descent",
            "Batch, stochastic and mini-batch gradient descent on the same data: cost per epoch, cost per update, time.",
            "A seeded MNIST subset when MNIST is fetched (--data auto), else a seeded synthetic 10-class set (Gaussian clouds); a network inputs-16-classes (sigmoid, softmax, cross-entropy).",
            ["functionalnet lesson descent", "functionalnet lesson descent --plot descent.png", "functionalnet lesson descent --lr 0.1 --epochs 50 --batch-size 10"],
            [hidden, learningRate, epochs, batchSize, classes, features, perClass, spread, seed, data, subset],
            (result, output) =>
            {
                var (x, y) = UseMnist(result.GetValue(data)!)
                    ? MnistSubset(Parse.Between("--subset", result.GetValue(subset), 1, 60_000), result.GetValue(seed), io)
                    : DescentLesson.SyntheticClasses(Parse.Between("--classes", result.GetValue(classes), 2, 100), Parse.Between("--features", result.GetValue(features), 1, 10_000),
                        Parse.Between("--per-class", result.GetValue(perClass), 1, 100_000), Parse.NonNegative("--spread", result.GetValue(spread)), result.GetValue(seed));
                var options = new DescentOptions(x, y, result.GetValue(hidden), LessonShell.Rate(result, learningRate), result.GetValue(epochs),
                    result.GetValue(batchSize), result.GetValue(seed));
                DescentLesson.Validate(options).OrUsage();
                // One short run of each variant first, so that compiling the code is not billed to whichever runs first.
                foreach (var batching in DescentLesson.Variants(options)) DescentLesson.Run(options with { Epochs = 1 }, batching).OrUsage();
                var runs = DescentLesson.Variants(options).Map(batching =>
                {
                    var clock = Stopwatch.StartNew();
                    var run = DescentLesson.Run(options, batching).OrUsage();
                    return new Timed(run, clock.Elapsed);
                }).Strict().ToList();
                if (output.Json) PrintJson(output, options, runs); else Print(output.Out, options, runs);
                LessonShell.Draw(output, path => Draw(path, runs));
            });
    }

    private static bool UseMnist(string data) => data switch
    {
        "mnist" => true,
        "synthetic" => false,
        "auto" => Data.DatasetLocator.StandardNames.All(n => File.Exists(Path.Combine(Data.DatasetLocator.MnistDirectory(null), n))),
        _ => throw ShellException.Usage($"--data must be auto, mnist or synthetic (got '{data}')"),
    };

    // A seeded subset of MNIST's training set: the held-out part of a seeded split, so it is a pure function of the seed.
    private static (Matrix<double> X, Matrix<double> Y) MnistSubset(int count, int seed, Io io)
    {
        var (train, _) = Data.DatasetLocator.Load<double>("mnist", null, io.Error);
        var (_, subset) = FunctionalNet.Data.Dataset.Split(train, Math.Min(count, train.Count - 1), seed).OrUsage();
        return (subset.X, subset.Y);
    }

    private static string Name(Batching batching) => batching switch
    {
        Batching.FullBatch => "batch",
        Batching.Stochastic => "stochastic",
        Batching.MiniBatch b => $"mini-batch of {b.Size}",
        _ => throw new UnreachableException(),
    };

    private static void Print(TextWriter o, DescentOptions options, IReadOnlyList<Timed> runs)
    {
        o.WriteLine($"{options.Inputs.ColumnCount} examples, {options.Inputs.RowCount} features, {options.Targets.RowCount} classes; network " +
            $"{options.Inputs.RowCount}-{options.Hidden}-{options.Targets.RowCount}, the same first weights (seed {options.Seed}) for every variant;");
        o.WriteLine($"η = {Number.Precise(options.LearningRate)}, {options.Epochs} epochs. Cost = mean cross-entropy on the whole data set.");
        o.WriteLine();
        Table.Write(o, ["variant", "batch size", "updates", "cost at start", "cost at the end", "accuracy", "time (ms)", "ms per epoch"],
            runs.Select(t => (IReadOnlyList<string>)[Name(t.Run.Batching), t.Run.Batching.SizeFor(options.Inputs.ColumnCount).ToString(CultureInfo.InvariantCulture),
                t.Run.Updates.ToString(CultureInfo.InvariantCulture), Number.Fixed(t.Run.CostPerEpoch.Head, 4), Number.Fixed(t.Run.CostPerEpoch.Last, 4),
                Number.Fixed(t.Run.Accuracy, 3), Number.Fixed(t.Time.TotalMilliseconds, 0), Number.Fixed(t.Time.TotalMilliseconds / options.Epochs, 1)]));
        o.WriteLine();
        o.WriteLine("Batch descent takes one careful step per epoch: its cost falls smoothly but slowly per epoch. Stochastic descent takes a");
        o.WriteLine("step per example: far more progress per epoch, but each step follows one example, so the cost per update is noisy.");
        o.WriteLine("Mini-batches sit between. (Times are wall-clock on this machine and vary from run to run.)");
    }

    private static void PrintJson(LessonOutput output, DescentOptions options, IReadOnlyList<Timed> runs)
    {
        foreach (var t in runs)
            Json.Line(output.Out, new JsonObject { ["event"] = "variant", ["name"] = Name(t.Run.Batching),
                ["batch_size"] = t.Run.Batching.SizeFor(options.Inputs.ColumnCount), ["updates"] = t.Run.Updates,
                ["cost_per_epoch"] = Json.Array(t.Run.CostPerEpoch), ["cost_per_update"] = Json.Array(t.Run.CostPerUpdate), ["accuracy"] = t.Run.Accuracy,
                ["time_ms"] = t.Time.TotalMilliseconds });
        LessonShell.Summary(output, "descent", new JsonObject
        {
            ["examples"] = options.Inputs.ColumnCount, ["learning_rate"] = options.LearningRate, ["epochs"] = options.Epochs,
            ["variants"] = Json.Array(runs, t => new JsonObject { ["name"] = Name(t.Run.Batching), ["final_cost"] = t.Run.CostPerEpoch.Last,
                ["accuracy"] = t.Run.Accuracy, ["updates"] = t.Run.Updates, ["time_ms"] = t.Time.TotalMilliseconds }),
        });
    }

    // Top left: cost per epoch of all three; then each variant's cost per update, as in the lecture's figure.
    private static void Draw(string path, IReadOnlyList<Timed> runs) => LessonCharts.Panels(path, 2, 2, 1400, 900, (plot, panel) =>
    {
        if (panel == 0)
        {
            foreach (var (t, i) in runs.Select((t, i) => (t, i)))
                LessonCharts.Line(plot, LessonCharts.Counting(t.Run.CostPerEpoch.Count), t.Run.CostPerEpoch, Name(t.Run.Batching), LessonCharts.Colour(i));
            LessonCharts.Label(plot, "Cost on all the data against epoch", "epoch", "cost");
            plot.ShowLegend(Alignment.UpperRight);
            return;
        }
        var run = runs[panel - 1].Run;
        LessonCharts.Line(plot, LessonCharts.Counting(run.Updates).Select(u => u + 1), run.CostPerUpdate, null, LessonCharts.Colour(panel - 1), 1);
        LessonCharts.Label(plot, $"{Name(run.Batching)}: cost of each update's batch", run.Batching is Batching.FullBatch ? "update (= epoch)" : "update", "batch cost");
    });
}
