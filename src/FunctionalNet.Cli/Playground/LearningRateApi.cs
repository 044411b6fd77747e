using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using Microsoft.AspNetCore.Http;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// <c>GET /api/learning-rate?eta=…&amp;epochs=…</c>: the learning-rate lesson's two-parameter problem (the lecture's
/// start and data) trained with one η by <see cref="LearningRateLesson.Run"/>: the path, its losses and the loss map.
/// </summary>
public static class LearningRateApi
{
    /// <summary>The largest η the slider offers: well past the rate at which this problem diverges.</summary>
    public const double MaxRate = 1.0;

    /// <summary>The most epochs.</summary>
    public const int MaxEpochs = 200;

    /// <summary>Answers one request.</summary>
    public static JsonObject Get(IQueryCollection query)
    {
        var read = new QueryReader(query);
        var rate = read.Double("eta", 0.2, 0, MaxRate);
        var epochs = read.Int("epochs", LearningRateOptions.Lecture.Epochs, 1, MaxEpochs);
        var result = LearningRateLesson.Run(LearningRateOptions.Lecture with { LearningRates = Seq1(rate), Epochs = epochs }).OrUsage();
        var run = result.Runs.Head;
        return new JsonObject
        {
            ["learning_rate"] = rate,
            ["epochs"] = epochs,
            ["critical_rate"] = result.CriticalRate,
            ["largest_curvature"] = result.LargestCurvature,
            ["minimum"] = JsonNumbers.Array([result.Minimum.W, result.Minimum.B]),
            ["path_w"] = JsonNumbers.Array(run.Path.Map(p => p.W)),
            ["path_b"] = JsonNumbers.Array(run.Path.Map(p => p.B)),
            ["loss"] = JsonNumbers.Array(run.Loss),
            ["diverged"] = run.Diverged,
            ["reversals"] = run.Reversals,
            ["surface"] = new JsonObject
            {
                ["w"] = JsonNumbers.Array(result.Surface.W),
                ["b"] = JsonNumbers.Array(result.Surface.B),
                ["loss"] = new JsonArray(result.Surface.Loss.Map(row => (JsonNode?)JsonNumbers.Rounded(row, 5)).ToArray()),
            },
        };
    }
}
