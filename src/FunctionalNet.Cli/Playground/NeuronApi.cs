using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using Microsoft.AspNetCore.Http;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// <c>GET /api/neuron?w=…&amp;eta=…&amp;bias=0|1&amp;b=…&amp;epoch=t</c>: the lecture's neuron trained t epochs from w(0)
/// (and b(0) with a bias) by <see cref="NeuronSteps.At"/>, and epoch t + 1 written out as on the slide.
/// </summary>
public static class NeuronApi
{
    /// <summary>The most epochs the view steps to.</summary>
    public const int MaxEpoch = 10_000;

    /// <summary>Answers one request.</summary>
    public static JsonObject Get(IQueryCollection query)
    {
        var read = new QueryReader(query);
        var weights = read.Doubles("w", LectureData.InitialWeights, 3, 100);
        var bias = read.Flag("bias", false);
        var initialBias = read.Double("b", LectureData.InitialBias, -100, 100);
        var learningRate = read.Double("eta", bias ? LectureData.BiasLearningRate : LectureData.LearningRate, 0, 100);
        var epoch = read.Int("epoch", 0, 0, MaxEpoch);
        var moment = NeuronSteps.At(toSeq(weights).Strict(), bias ? Some(initialBias) : None, learningRate, epoch).OrUsage();
        var (run, next) = (moment.Run, moment.Next);
        return new JsonObject
        {
            ["epoch"] = moment.Epoch,
            ["learning_rate"] = learningRate,
            ["initial_weights"] = JsonNumbers.Array(weights),
            ["initial_bias"] = bias ? initialBias : null,
            ["weights"] = JsonNumbers.Array(run.Weights),
            ["bias"] = run.Bias.MatchUnsafe(b => JsonNumbers.Of(b), () => null),
            ["loss_curve"] = JsonNumbers.Array(run.LossPerEpoch.Add(next.LossBefore)),
            ["test"] = new JsonArray(run.Test.Map(t => (JsonNode?)new JsonObject
            {
                ["input"] = JsonNumbers.Array(t.Input), ["label"] = t.Target, ["prediction"] = JsonNumbers.Of(t.Prediction),
                ["decision"] = t.Decision, ["correct"] = t.Correct,
            }).ToArray()),
            ["next"] = new JsonObject
            {
                ["rows"] = new JsonArray(next.Rows.Map(r => (JsonNode?)new JsonObject
                {
                    ["input"] = JsonNumbers.Array(r.Input), ["target"] = r.Target, ["z"] = JsonNumbers.Of(r.Z),
                    ["prediction"] = JsonNumbers.Of(r.Prediction), ["term"] = JsonNumbers.Of(r.Term),
                }).ToArray()),
                ["gradient"] = JsonNumbers.Array(next.Gradient),
                ["bias_gradient"] = next.BiasGradient.MatchUnsafe(g => JsonNumbers.Of(g), () => null),
                ["weights_after"] = JsonNumbers.Array(next.WeightsAfter),
                ["bias_after"] = next.BiasAfter.MatchUnsafe(b => JsonNumbers.Of(b), () => null),
                ["loss_before"] = JsonNumbers.Of(next.LossBefore),
                ["loss_after"] = JsonNumbers.Of(next.LossAfter),
            },
        };
    }
}
