using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson bias</c>: why [0,0,0] always gives 0.5 without a bias.</summary>
public static class BiasCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var neuron = new NeuronLessonOptions();
        return LessonShell.Define(io, "bias",
            "Why [0,0,0] always gives 0.5 without a bias, for every w; the same run with a bias; both loss curves.",
            "The slides' runs: no bias with η = 1, then b(0) = −5 with η = 0.1, 100 epochs each.",
            ["functionalnet lesson bias", "functionalnet lesson bias --epochs 1000 --plot bias.png", "functionalnet lesson bias --weights=3,-7,2 --json"],
            neuron.All,
            (result, output) =>
            {
                var lesson = BiasLesson.Run(neuron.Read(result)).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static void Print(TextWriter o, BiasResult r)
    {
        o.WriteLine("Without a bias the neuron computes ŷ = σ(w·x). At x = [0,0,0], z = w·x = 0 whatever w is, so ŷ = σ(0) = 0.5,");
        o.WriteLine("and that example adds (y − ŷ)ŷ(1 − ŷ)·x = 0 to the gradient: no training can move the output there.");
        o.WriteLine("With a bias, z = w·x + b, and b is a weight the origin does see.");
        o.WriteLine();
        Table.Write(o, ["run", "η", "epochs", "loss at start", "final loss", "ŷ([0,0,0]) at start", "ŷ([0,0,0]) after", "w", "b"],
            new[] { ("without bias", r.WithoutBias), ("with bias", r.WithBias) }.Select(p => (IReadOnlyList<string>)[
                p.Item1, Number.Precise(p.Item2.Run.LearningRate), (p.Item2.OriginPerEpoch.Count - 1).ToString(CultureInfo.InvariantCulture),
                Number.Fixed(p.Item2.Run.LossPerEpoch.HeadOrNone().IfNone(p.Item2.Run.FinalLoss), 4), Number.Fixed(p.Item2.Run.FinalLoss, 4),
                Number.Precise(p.Item2.OriginPerEpoch.Head), Number.Precise(p.Item2.OriginPerEpoch.Last),
                Number.Vector(p.Item2.Run.Weights, v => Number.Fixed(v, 3)), p.Item2.Run.Bias.Match(b => Number.Fixed(b, 3), () => "none")]));
        o.WriteLine();
        var stuck = r.WithoutBias.OriginPerEpoch.ForAll(v => v == 0.5);
        o.WriteLine(stuck
            ? $"Without bias ŷ([0,0,0]) was exactly 0.5 at every one of the {r.WithoutBias.OriginPerEpoch.Count} checks (before training and after each epoch)."
            : "Without bias ŷ([0,0,0]) moved away from 0.5: this should be impossible.");
        o.WriteLine($"With bias it went from {Number.Precise(r.WithBias.OriginPerEpoch.Head)} to {Number.Precise(r.WithBias.OriginPerEpoch.Last)} " +
            "(the slide prints 0.00720712). But b(0) = −5 and η = 0.1 make a slow start: see 'lesson testing' for what this run gets right.");
    }

    private static void PrintJson(LessonOutput output, BiasResult r)
    {
        foreach (var (name, run) in new[] { ("without-bias", r.WithoutBias), ("with-bias", r.WithBias) })
            Json.Line(output.Out, new JsonObject { ["event"] = name, ["learning_rate"] = run.Run.LearningRate, ["weights"] = Json.Array(run.Run.Weights),
                ["bias"] = run.Run.Bias.IsSome ? run.Run.Bias.IfNone(0) : (double?)null, ["loss_per_epoch"] = Json.Array(run.Run.LossPerEpoch),
                ["final_loss"] = run.Run.FinalLoss, ["origin_per_epoch"] = Json.Array(run.OriginPerEpoch) });
        LessonShell.Summary(output, "bias", new JsonObject
        {
            ["origin_without_bias"] = r.WithoutBias.OriginPerEpoch.Last, ["origin_with_bias"] = r.WithBias.OriginPerEpoch.Last,
            ["origin_without_bias_always_half"] = r.WithoutBias.OriginPerEpoch.ForAll(v => v == 0.5),
            ["final_loss_without_bias"] = r.WithoutBias.Run.FinalLoss, ["final_loss_with_bias"] = r.WithBias.Run.FinalLoss,
        });
    }

    private static void Draw(string path, BiasResult r) => LessonCharts.Panels(path, 1, 2, 1200, 500, (plot, panel) =>
    {
        var runs = new[] { ($"no bias, η = {Number.Precise(r.WithoutBias.Run.LearningRate)}", r.WithoutBias),
            ($"bias, b(0) = {Number.Precise(r.Options.InitialBias)}, η = {Number.Precise(r.WithBias.Run.LearningRate)}", r.WithBias) };
        foreach (var ((label, run), index) in runs.Select((p, i) => (p, i)))
        {
            // Losses: the loss at the start of each epoch, then the final one, so both curves span epochs 0 … E.
            var values = panel == 0 ? run.Run.LossPerEpoch.Add(run.Run.FinalLoss).ToArray() : run.OriginPerEpoch.ToArray();
            LessonCharts.Line(plot, LessonCharts.Counting(values.Length), values, label, LessonCharts.Colour(index));
        }
        if (panel == 0) LessonCharts.Label(plot, "Training loss of both runs", "epoch", "L = ½ Σ (y − ŷ)²");
        else
        {
            plot.Axes.SetLimitsY(-0.05, 1.05);
            LessonCharts.Label(plot, "The output at [0,0,0] during training", "epoch", "ŷ([0,0,0])");
        }
        plot.ShowLegend(Alignment.UpperRight);
    });
}
