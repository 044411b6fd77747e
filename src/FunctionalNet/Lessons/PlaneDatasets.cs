using MathNet.Numerics.Distributions;

namespace FunctionalNet.Lessons;

/// <summary>Points in the plane with labels 0 or 1: X is 2 × m, Y is 1 × m.</summary>
/// <param name="Name">Which dataset.</param>
/// <param name="X">The points, one per column.</param>
/// <param name="Y">The labels.</param>
/// <param name="Low">The lower end of the square window that shows the data, on both axes.</param>
/// <param name="High">The upper end.</param>
public sealed record PlaneData(string Name, Matrix<double> X, Matrix<double> Y, double Low, double High);

/// <summary>
/// The playground's seeded datasets: the lecture's four points (x₁, x₂ of the single neuron's inputs, label x₂),
/// XOR (label 1 where x₁·x₂ &lt; 0), two circles, two spirals and two Gaussians. Each is a pure function of
/// (points, noise, seed).
/// </summary>
public static class PlaneDatasets
{
    /// <summary>The names, in the order a menu shows them.</summary>
    public static readonly IReadOnlyList<string> Names = ["lecture", "xor", "circles", "spirals", "gaussians"];

    /// <summary>The most points a dataset has.</summary>
    public const int MaxPoints = 1000;

    /// <summary>The largest noise (standard deviation added to each coordinate).</summary>
    public const double MaxNoise = 0.5;

    /// <summary>The dataset <paramref name="name"/>: <paramref name="points"/> points (the lecture's are always 4).</summary>
    public static Fin<PlaneData> Generate(string name, int points, double noise, int seed)
    {
        if (!Names.Contains(name)) return Error.New($"unknown dataset '{name}' (choose from {string.Join(", ", Names)})");
        if (points < 4 || points > MaxPoints) return Error.New($"the number of points must be from 4 to {MaxPoints} (got {points})");
        if (!(noise >= 0 && noise <= MaxNoise)) return Error.New($"the noise must be from 0 to {MaxNoise} (got {noise})");
        var random = Seeds.Generator(seed, Seeds.Streams.Batch);
        double Jitter() => noise == 0 ? 0 : Normal.Sample(random, 0, noise);
        var labelled = name switch
        {
            "lecture" => LectureData.Inputs.Select((x, i) => (x[0], x[1], LectureData.Targets[i])).ToArray(),
            "xor" => Enumerable.Range(0, points).Select(_ => Xor(random)).ToArray(),
            "circles" => Enumerable.Range(0, points).Select(i => Circle(random, i % 2)).ToArray(),
            "spirals" => Enumerable.Range(0, points).Select(i => Spiral(i / 2, (points + 1) / 2, i % 2)).ToArray(),
            _ => Enumerable.Range(0, points).Select(i => Gaussian(random, i % 2)).ToArray(),
        };
        var jittered = labelled.Select(p => (X1: p.Item1 + Jitter(), X2: p.Item2 + Jitter(), Label: p.Item3)).ToArray();
        var (low, high) = name == "lecture" ? (-0.5, 1.5) : (-1.5, 1.5);
        return new PlaneData(name, Matrix<double>.Build.Dense(2, jittered.Length, (r, j) => r == 0 ? jittered[j].X1 : jittered[j].X2),
            Matrix<double>.Build.Dense(1, jittered.Length, (_, j) => jittered[j].Label), low, high);
    }

    // Uniform in [−1, 1]², each coordinate pushed 0.1 away from the axes so that the quadrants are separable.
    private static (double, double, double) Xor(System.Random random)
    {
        double Coordinate() { var u = random.NextDouble() * 1.8 - 0.9; return u + (u >= 0 ? 0.1 : -0.1); }
        var (a, b) = (Coordinate(), Coordinate());
        return (a, b, a * b < 0 ? 1 : 0);
    }

    // Class 1 inside radius 0.5, class 0 on the ring from 0.7 to 1.
    private static (double, double, double) Circle(System.Random random, int label)
    {
        var radius = label == 1 ? 0.5 * random.NextDouble() : 0.7 + 0.3 * random.NextDouble();
        var angle = 2 * Math.PI * random.NextDouble();
        return (radius * Math.Cos(angle), radius * Math.Sin(angle), label);
    }

    // Arm k of two interleaved spirals, 1.75 turns each, the second arm the first turned by π.
    private static (double, double, double) Spiral(int index, int perArm, int arm)
    {
        var r = (double)index / perArm;
        var t = 1.75 * 2 * Math.PI * r + arm * Math.PI;
        return (r * Math.Sin(t), r * Math.Cos(t), arm);
    }

    // Two Gaussians of standard deviation 0.3 at (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1).
    private static (double, double, double) Gaussian(System.Random random, int label)
    {
        var centre = label == 1 ? 0.5 : -0.5;
        return (Normal.Sample(random, centre, 0.3), Normal.Sample(random, centre, 0.3), label);
    }
}
