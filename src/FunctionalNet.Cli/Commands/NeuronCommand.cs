using System.Text.Json.Nodes;
using FunctionalNet.Lessons;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet neuron</c>: the lecture's single sigmoid neuron, trained by the library.</summary>
public static class NeuronCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var neuron = new NeuronLessonOptions();
        var plot = SharedOptions.Plot("the loss-vs-epoch curves of both runs");
        var json = SharedOptions.Json();
        Option[] options = [.. neuron.All, plot, json];

        var command = new Command("neuron",
            "The lecture's single sigmoid neuron: the hand-computed first epoch, then 100 epochs without and with a bias.\n" +
            "Examples:\n  functionalnet neuron\n  functionalnet neuron --lr 0.5 --epochs 200 --plot neuron.png\n  functionalnet neuron --weights=0.1,0.1,0.1 --json");
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(result =>
        {
            var report = SingleNeuron.Run(neuron.Read(result)).OrUsage();
            if (result.GetValue(json)) PrintJson(io.Out, report);
            else Print(io.Out, report);
            if (result.GetValue(plot) is { } path) PlotLosses(path, report);
            return Exit.Ok;
        });
        return command;
    }

    private static void Print(TextWriter o, NeuronReport r)
    {
        o.WriteLine("The lecture's single neuron: ŷ = σ(w·x), loss L = ½ Σ (y − ŷ)², data X = [[0,0,1],[1,1,1],[1,0,1],[0,1,1]], Y = [0,1,0,1]");
        o.WriteLine();
        o.WriteLine("First epoch, as on the slide");
        o.WriteLine($"  predictions ŷ(w(0)) = {Number.Vector(r.PredictionsBefore, Number.Precise)}");
        o.WriteLine($"  L(w(0))             = {Number.Precise(r.LossBefore)}");
        o.WriteLine($"  ∂L/∂w at w(0)       = {Number.Vector(r.Gradient, Number.Precise)}");
        o.WriteLine($"  w(1) = w(0) − η·∂L/∂w = {Number.Vector(r.WeightsAfterOneEpoch, Number.Precise)}");
        o.WriteLine($"  L(w(1))             = {Number.Precise(r.LossAfterOneEpoch)}");
        PrintRun(o, "Without bias", r.WithoutBias);
        PrintRun(o, "With bias", r.WithBias);
    }

    private static void PrintRun(TextWriter o, string title, NeuronRun run)
    {
        o.WriteLine();
        o.WriteLine($"{title}: η = {Number.Precise(run.LearningRate)}, {run.LossPerEpoch.Count} epochs");
        o.WriteLine($"  w = {Number.Vector(run.Weights, Number.Precise)}" + run.Bias.Match(b => $", b = {Number.Precise(b)}", () => ""));
        o.WriteLine($"  final training loss = {Number.Precise(run.FinalLoss)}");
        foreach (var t in run.Test)
            o.WriteLine($"  test [{string.Join(",", t.Input)}] → ŷ = {Number.Precise(t.Prediction)}  decision {t.Decision}, label {t.Target}  {(t.Correct ? "right" : "WRONG")}");
        o.WriteLine($"  test accuracy {run.Test.Count(t => t.Correct)}/{run.Test.Count}");
    }

    private static void PrintJson(TextWriter o, NeuronReport r)
    {
        Json.Line(o, new JsonObject { ["event"] = "first-epoch", ["predictions"] = Json.Array(r.PredictionsBefore), ["loss_before"] = r.LossBefore,
            ["gradient"] = Json.Array(r.Gradient), ["weights_after"] = Json.Array(r.WeightsAfterOneEpoch), ["loss_after"] = r.LossAfterOneEpoch });
        Json.Line(o, RunJson("without-bias", r.WithoutBias));
        Json.Line(o, RunJson("with-bias", r.WithBias));
        Json.Line(o, new JsonObject { ["event"] = "summary", ["loss_before"] = r.LossBefore, ["loss_after_one_epoch"] = r.LossAfterOneEpoch,
            ["weights_after_one_epoch"] = Json.Array(r.WeightsAfterOneEpoch),
            ["without_bias_test"] = Json.Array(r.WithoutBias.Test.Map(t => t.Prediction)), ["with_bias_test"] = Json.Array(r.WithBias.Test.Map(t => t.Prediction)) });
    }

    private static JsonObject RunJson(string name, NeuronRun run) => new()
    {
        ["event"] = name, ["learning_rate"] = run.LearningRate, ["epochs"] = run.LossPerEpoch.Count, ["weights"] = Json.Array(run.Weights),
        ["bias"] = run.Bias.IsSome ? run.Bias.IfNone(0) : (double?)null, ["final_loss"] = run.FinalLoss, ["loss_per_epoch"] = Json.Array(run.LossPerEpoch),
        ["test"] = Json.Array(run.Test, t => new JsonObject { ["input"] = Json.Array(t.Input), ["label"] = t.Target, ["prediction"] = t.Prediction,
            ["decision"] = t.Decision }),
    };

    private static void PlotLosses(string path, NeuronReport r) =>
        Charts.Lines(path, "Single neuron: training loss per epoch", "epoch", "L = ½ Σ (y − ŷ)²",
        [
            new Series($"no bias, η = {Number.Precise(r.WithoutBias.LearningRate)}", Epochs(r.WithoutBias), r.WithoutBias.LossPerEpoch.ToArray()),
            new Series($"bias, b(0) = {Number.Precise(r.Options.InitialBias)}, η = {Number.Precise(r.WithBias.LearningRate)}", Epochs(r.WithBias), r.WithBias.LossPerEpoch.ToArray()),
        ]);

    private static double[] Epochs(NeuronRun run) => Enumerable.Range(0, run.LossPerEpoch.Count).Select(e => (double)e).ToArray();
}
