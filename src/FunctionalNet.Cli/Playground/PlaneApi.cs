using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using Microsoft.AspNetCore.Http;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// <c>GET /api/plane?dataset=…&amp;hidden=4,4&amp;…&amp;seed=S&amp;epoch=E</c>: the 2-D playground. Each request names the
/// whole run (configuration, seed, epoch), so it is answered the same whatever came before: the server trains from the
/// seed, or continues a run it keeps in <see cref="PlaneRuns"/> (the same numbers, as training is a pure fold). One
/// request trains at most <see cref="WorkPerRequest"/>; the answer says which epoch it reached, and the page asks again.
/// </summary>
public sealed class PlaneApi(PlaneRuns runs)
{
    /// <summary>The most work (in <see cref="Limits.TrainingWork"/> units) one request does: well under a second.</summary>
    public const double WorkPerRequest = 1.2e8;

    /// <summary>Points per axis of the output's map.</summary>
    public const int OutputResolution = 48;

    /// <summary>Points per axis of each hidden unit's map.</summary>
    public const int HiddenResolution = 16;

    private static readonly string[] Activations = ["tanh", "sigmoid", "relu", "leaky-relu", "elu", "identity"];
    private static readonly string[] OptimizerNames = ["sgd", "momentum", "adam"];

    /// <summary>The configuration a query names.</summary>
    public static PlaygroundConfig Config(QueryReader read)
    {
        var dataset = read.Choice("dataset", "xor", PlaneDatasets.Names);
        var batch = read.Text("batch") ?? "full";
        return new PlaygroundConfig(dataset, read.Int("points", 200, 4, PlaneDatasets.MaxPoints), read.Double("noise", 0, 0, PlaneDatasets.MaxNoise),
            toSeq(read.Sizes("hidden", [4], Lessons.Playground.MaxHiddenLayers, Lessons.Playground.MaxUnits)).Strict(),
            Activation.Parse(read.Choice("activation", "tanh", Activations)).OrUsage(),
            Loss.Parse(read.Choice("loss", "bce", Lessons.Playground.LossNames)).OrUsage(),
            TrainNames.Optimizer(read.Choice("optimizer", "adam", OptimizerNames)),
            read.Double("lr", 0.1, 1e-6, 10),
            batch switch
            {
                "full" => new Batching.FullBatch(),
                "stochastic" => new Batching.Stochastic(),
                _ => new Batching.MiniBatch(read.Int("batch", 10, 1, PlaneDatasets.MaxPoints)),
            },
            read.Int("seed", 1, 0, 1_000_000));
    }

    /// <summary>Answers one request.</summary>
    public JsonObject Get(IQueryCollection query)
    {
        var read = new QueryReader(query);
        var config = Config(read);
        var target = read.Int("epoch", 0, 0, Lessons.Playground.MaxEpochs);
        var curveFrom = read.Int("curve_from", 0, 0, Lessons.Playground.MaxEpochs + 1);
        var run = runs.Nearest(config, target) ?? Lessons.Playground.Start(config).OrUsage();
        var affordable = Math.Max(1, (int)Math.Min(int.MaxValue, WorkPerRequest / Lessons.Playground.EpochWork(run)));
        run = Lessons.Playground.Advance(run, Math.Min(target - run.State.Epoch, affordable));
        runs.Keep(run);
        return Json(run, target, curveFrom);
    }

    private static JsonObject Json(PlaygroundRun run, int target, int curveFrom)
    {
        var network = run.State.Network;
        var (output, hidden) = (Lessons.Playground.Maps(network, run.Data, OutputResolution), Lessons.Playground.Maps(network, run.Data, HiddenResolution));
        var curve = run.Curve.Skip(Math.Min(curveFrom, run.Curve.Count)).ToArray();
        return new JsonObject
        {
            ["epoch"] = run.State.Epoch,
            ["requested"] = target,
            ["diverged"] = run.Diverged,
            ["sizes"] = new JsonArray(network.Layers.Map(l => (JsonNode?)JsonValue.Create(l.Inputs)).Add(network.Outputs).ToArray()),
            ["data"] = new JsonObject
            {
                ["x1"] = JsonNumbers.Array(run.Data.X.Row(0)), ["x2"] = JsonNumbers.Array(run.Data.X.Row(1)),
                ["y"] = JsonNumbers.Array(run.Data.Y.Row(0)), ["low"] = run.Data.Low, ["high"] = run.Data.High,
            },
            ["curve_from"] = Math.Min(curveFrom, run.Curve.Count),
            ["loss"] = JsonNumbers.Array(curve.Select(m => m.Loss)),
            ["accuracy"] = JsonNumbers.Array(curve.Select(m => m.Accuracy)),
            ["layers"] = new JsonArray(network.Layers.Map(l => (JsonNode?)new JsonObject
            {
                ["weights"] = JsonNumbers.Rows(l.Parameters[0]),
                ["bias"] = l.Parameters.Count > 1 ? JsonNumbers.Array(l.Parameters[1].Column(0)) : null,
            }).ToArray()),
            ["axis"] = JsonNumbers.Rounded(output.Axis, 4),
            ["output"] = JsonNumbers.Rounded(output.Output, 3),
            ["hidden"] = new JsonArray(hidden.Hidden.Map(layer => (JsonNode?)new JsonArray(
                layer.Map(unit => (JsonNode?)JsonNumbers.Rounded(unit, 3)).ToArray())).ToArray()),
        };
    }
}

/// <summary>
/// The runs the server keeps so that "play" continues rather than starts again: a bounded map from configuration to
/// its latest run, the least recently used dropped first. Only a cache: a request answers the same without it.
/// </summary>
public sealed class PlaneRuns
{
    /// <summary>How many configurations are kept (each a network of at most a few hundred parameters and its curve).</summary>
    public const int Capacity = 32;

    private readonly object gate = new();
    private readonly LinkedList<PlaygroundRun> recent = new();

    /// <summary>The kept run of <paramref name="config"/>, if it is not past <paramref name="epoch"/>.</summary>
    public PlaygroundRun? Nearest(PlaygroundConfig config, int epoch)
    {
        lock (gate) return recent.FirstOrDefault(r => r.Config == config && r.State.Epoch <= epoch);
    }

    /// <summary>Keeps <paramref name="run"/> as its configuration's latest.</summary>
    public void Keep(PlaygroundRun run)
    {
        lock (gate)
        {
            if (recent.FirstOrDefault(r => r.Config == run.Config) is { } old) recent.Remove(old);
            recent.AddFirst(run);
            while (recent.Count > Capacity) recent.RemoveLast();
        }
    }
}
