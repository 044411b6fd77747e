using System.Text.Json.Nodes;
using FunctionalNet.Lessons;
using ScottPlot;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet lesson activations</c>: every activation of the slides beside its derivative.</summary>
public static class ActivationsCommand
{
    /// <summary>Builds the lesson command.</summary>
    public static Command Create(Io io)
    {
        var lecture = ActivationsOptions.Lecture;
        var from = LessonShell.Option("--from", lecture.From, "left end of the z axis");
        var to = LessonShell.Option("--to", lecture.To, "right end of the z axis");
        var slope = LessonShell.Option("--leaky-slope", lecture.LeakySlope, "the leaky ReLU's slope below 0 (the lecture's 0.1)");
        var alpha = LessonShell.Option("--elu-alpha", lecture.EluAlpha, "the ELU's α");
        var maxout = LessonShell.Option("--maxout", "1,0,-0.5,0.5", "w₁,b₁,w₂,b₂ of max(w₁z + b₁, w₂z + b₂) (use --maxout=… when the first is negative)");
        var softmax = LessonShell.Option("--softmax", "1,-1", "the fixed entries a,b of the softmax input (z, a, b)");
        return LessonShell.Define(io, "activations",
            "Step, sigmoid, tanh, ReLU, leaky ReLU, ELU, maxout and softmax, each with its derivative.",
            "Values and derivatives come from the library (softmax: ∂s_i/∂z₁ from its Jacobian). At a kink the derivative is the left one.",
            ["functionalnet lesson activations", "functionalnet lesson activations --plot activations.png", "functionalnet lesson activations --leaky-slope 0.3 --elu-alpha 0.5"],
            [from, to, slope, alpha, maxout, softmax],
            (result, output) =>
            {
                var pieces = LessonShell.Numbers("--maxout", result.GetValue(maxout)!, 4);
                var others = LessonShell.Numbers("--softmax", result.GetValue(softmax)!, 2);
                var options = lecture with
                {
                    From = result.GetValue(from), To = result.GetValue(to), LeakySlope = result.GetValue(slope),
                    EluAlpha = Parse.NonNegative("--elu-alpha", result.GetValue(alpha)),
                    MaxoutFirst = (pieces[0], pieces[1]), MaxoutSecond = (pieces[2], pieces[3]), SoftmaxOthers = (others[0], others[1]),
                };
                var lesson = ActivationsLesson.Run(options).OrUsage();
                if (output.Json) PrintJson(output, lesson); else Print(output.Out, lesson);
                LessonShell.Draw(output, path => Draw(path, lesson));
            });
    }

    private static void Print(TextWriter o, ActivationsResult r)
    {
        o.WriteLine("f(z) and f′(z) of each activation at a few z (softmax: its first output s₁ and ∂s₁/∂z₁).");
        o.WriteLine("At z = 0 the kinked ones (step, ReLU, leaky ReLU, ELU) use the left derivative, as the library's backpropagation does.");
        o.WriteLine();
        var points = ActivationsLesson.TablePoints;
        Table.Write(o, ["activation", "formula", "", .. points.Map(z => $"z = {Number.Precise(z)}")],
            r.Curves.SelectMany(curve => new[]
            {
                (IReadOnlyList<string>)[curve.Name, curve.Formula, "f", .. points.Map(z => Number.Fixed(r.At(curve, z).Value, 3))],
                ["", "", "f′", .. points.Map(z => Number.Fixed(r.At(curve, z).Derivative, 3))],
            }));
        o.WriteLine();
        o.WriteLine("Gradient descent needs f′: the step's is 0 everywhere it exists, so it cannot learn; ReLU's is 0 for z < 0");
        o.WriteLine("(a unit stuck there stops learning), which leaky ReLU and ELU avoid; the sigmoid's is at most 0.25 and vanishes for large |z|.");
    }

    private static void PrintJson(LessonOutput output, ActivationsResult r)
    {
        foreach (var curve in r.Curves)
            Json.Line(output.Out, new JsonObject { ["event"] = "activation", ["name"] = curve.Name, ["formula"] = curve.Formula,
                ["outputs"] = Json.Array(curve.Outputs), ["z"] = Json.Array(r.Z), ["values"] = Json.Array(curve.Values, v => Json.Array(v)),
                ["derivatives"] = Json.Array(curve.Derivatives, d => Json.Array(d)) });
        LessonShell.Summary(output, "activations", new JsonObject
        {
            ["points"] = Json.Array(ActivationsLesson.TablePoints),
            ["table"] = Json.Array(r.Curves, curve => new JsonObject { ["name"] = curve.Name,
                ["values"] = Json.Array(ActivationsLesson.TablePoints.Map(z => r.At(curve, z).Value)),
                ["derivatives"] = Json.Array(ActivationsLesson.TablePoints.Map(z => r.At(curve, z).Derivative)) }),
        });
    }

    private static void Draw(string path, ActivationsResult r) => LessonCharts.Panels(path, 2, 4, 1800, 800, (plot, panel) =>
    {
        var curve = r.Curves[panel];
        foreach (var (name, k) in curve.Outputs.Select((n, k) => (n, k)))
        {
            LessonCharts.Line(plot, r.Z, curve.Values[k], curve.Outputs.Count > 1 ? name : "f", LessonCharts.Colour(k * 2));
            LessonCharts.Line(plot, r.Z, curve.Derivatives[k], curve.Outputs.Count > 1 ? $"∂{name}/∂z" : "f′", LessonCharts.Colour(k * 2 + 1), 2, LinePattern.Dashed);
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Add.VerticalLine(0, 1, Colors.Gray);
        LessonCharts.Label(plot, $"{curve.Name}: {curve.Formula}", "z", "");
        plot.ShowLegend(Alignment.UpperLeft);
    });
}
