using MathNet.Numerics.Distributions;

namespace FunctionalNet.Lessons;

/// <summary>
/// The learning-rate lesson's inputs: a two-parameter problem (one linear neuron ŷ = w·x + b fitting noisy points on a
/// line, loss (1/m)Σ(ŷ − y)²), started from one point and trained with each learning rate.
/// </summary>
/// <param name="LearningRates">The rates to compare; the lecture's "too small, just right, too large".</param>
/// <param name="Epochs">Full-batch steps per rate.</param>
/// <param name="Start">(w, b) at the start of every run.</param>
/// <param name="Points">Number of data points, evenly spaced x in [0, 2].</param>
/// <param name="Slope">The line the data comes from: y = Slope·x + Intercept + noise.</param>
/// <param name="Intercept">See <paramref name="Slope"/>.</param>
/// <param name="Noise">Standard deviation of the Gaussian noise added to y.</param>
/// <param name="Seed">Seeds the noise.</param>
public sealed record LearningRateOptions(Seq<double> LearningRates, int Epochs = 30, (double W, double B) Start = default,
    int Points = 20, double Slope = 2, double Intercept = -1, double Noise = 0.2, int Seed = 0)
{
    /// <summary>η = 0.02, 0.2 and 0.47 for 30 epochs from (w, b) = (−1, 2).</summary>
    public static LearningRateOptions Lecture => new(Seq(0.02, 0.2, 0.47), Start: (-1, 2));
}

/// <summary>One run: where gradient descent went and the loss at each point.</summary>
/// <param name="LearningRate">η.</param>
/// <param name="Path">(w, b) before training and after each epoch.</param>
/// <param name="Loss">L at each point of the path.</param>
public sealed record DescentPath(double LearningRate, Seq<(double W, double B)> Path, Seq<double> Loss)
{
    /// <summary>The loss ended higher than it started.</summary>
    public bool Diverged => Loss.Last > Loss.Head;

    /// <summary>How many consecutive steps point backwards (Δθ_t·Δθ_{t+1} &lt; 0): the zig-zag of a rate that overshoots.</summary>
    public int Reversals
    {
        get
        {
            var steps = Path.Zip(Path.Tail).Map(p => (W: p.Item2.W - p.Item1.W, B: p.Item2.B - p.Item1.B)).Strict();
            return steps.Zip(steps.Tail).Count(s => s.Item1.W * s.Item2.W + s.Item1.B * s.Item2.B < 0);
        }
    }
}

/// <summary>The loss on a grid of (w, b): the contour map the paths are drawn on.</summary>
/// <param name="W">The w values (columns of the map).</param>
/// <param name="B">The b values (rows of the map).</param>
/// <param name="Loss">Loss[i][j] = L(W[j], B[i]).</param>
public sealed record LossSurface(Seq<double> W, Seq<double> B, Seq<Seq<double>> Loss);

/// <summary>The learning-rate lesson's result.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="X">The data's x.</param>
/// <param name="Y">The data's y.</param>
/// <param name="Minimum">The least-squares (w, b): where every good run is heading.</param>
/// <param name="LargestCurvature">λ_max of the loss's Hessian (2/m)[[Σx², Σx], [Σx, m]].</param>
/// <param name="Runs">One run per learning rate, in the order given.</param>
/// <param name="Surface">The loss around the start and the minimum.</param>
public sealed record LearningRateResult(LearningRateOptions Options, Seq<double> X, Seq<double> Y, (double W, double B) Minimum,
    double LargestCurvature, Seq<DescentPath> Runs, LossSurface Surface)
{
    /// <summary>2/λ_max: on this quadratic loss every η above it diverges, and every η between 1/λ_max and it zig-zags.</summary>
    public double CriticalRate => 2 / LargestCurvature;
}

/// <summary>
/// Lesson 6: "too small, just right, too large". The same two-parameter problem trained with several learning rates.
/// The loss is quadratic in (w, b), so along its steepest direction one step multiplies the distance to the minimum
/// by (1 − η·λ_max): a small η crawls, η above 1/λ_max overshoots and zig-zags, η above 2/λ_max diverges.
/// </summary>
public static class LearningRateLesson
{
    /// <summary>The side of the loss map, in grid points.</summary>
    public const int SurfaceSize = 81;

    /// <summary>Trains one run per rate and maps the loss.</summary>
    public static Fin<LearningRateResult> Run(LearningRateOptions options)
    {
        if (options.LearningRates.IsEmpty) return Error.New("give at least one learning rate");
        if (options.LearningRates.Exists(r => !(r >= 0) || double.IsInfinity(r)))
            return Error.New($"every learning rate must be a finite number ≥ 0 (got {string.Join(", ", options.LearningRates)})");
        if (options.Epochs < 1) return Error.New($"the number of epochs must be ≥ 1 (got {options.Epochs})");
        if (Limits.Epochs(options.Epochs) is { IsFail: true } tooMany) return tooMany.Map(_ => default(LearningRateResult)!);
        if (options.LearningRates.Count > 100) return Error.New($"give at most 100 learning rates (got {options.LearningRates.Count})");
        if (options.Points > 1_000_000) return Error.New($"the line has at most 1,000,000 points (got {options.Points})");
        if (options.Points < 2) return Error.New($"the line needs at least 2 points (got {options.Points})");
        if (!(options.Noise >= 0)) return Error.New($"the noise must be ≥ 0 (got {options.Noise})");

        var random = Seeds.Generator(options.Seed, Seeds.Streams.Batch);
        var xs = toSeq(Enumerable.Range(0, options.Points).Select(i => 2.0 * i / (options.Points - 1))).Strict();
        var ys = xs.Map(x => options.Slope * x + options.Intercept + Normal.Sample(random, 0, options.Noise)).Strict();
        var x = Matrix<double>.Build.Dense(1, xs.Count, xs.ToArray());
        var y = Matrix<double>.Build.Dense(1, ys.Count, ys.ToArray());
        var loss = new Loss.MeanSquared();

        var runs = options.LearningRates.Map(rate =>
            Training.Scan(Line(options.Start), x, y, new TrainingOptions(loss, rate, options.Epochs, new Batching.FullBatch()))
                .Map(results => Line(options.Start).Cons(toSeq(results.Select(r => r.Network))).Strict())
                .Map(networks => new DescentPath(rate, networks.Map(Parameters).Strict(),
                    networks.Map(n => Network.Cost(n, loss, x, y)).Strict())))
            .Sequence();

        var minimum = LeastSquares(xs, ys);
        return runs.Map(paths => new LearningRateResult(options, xs, ys, minimum, LargestCurvature(xs), paths,
            Surface(options.Start, minimum, x, y, loss)));
    }

    /// <summary>The neuron ŷ = w·x + b: one dense layer with a linear (identity) output.</summary>
    public static Network<double> Line((double W, double B) parameters) =>
        new(Seq1<Layer<double>>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, parameters.W),
            Matrix<double>.Build.Dense(1, 1, parameters.B), new Activation.Identity())));

    private static (double W, double B) Parameters(Network<double> line)
    {
        var layer = (DenseLayer<double>)line.Layers[0];
        return (layer.Weights[0, 0], layer.Bias.Map(b => b[0, 0]).IfNone(0));
    }

    // w* = cov(x, y) / var(x), b* = ȳ − w*·x̄: the normal equations of a line.
    private static (double W, double B) LeastSquares(Seq<double> xs, Seq<double> ys)
    {
        var (mx, my) = (xs.Average(), ys.Average());
        var w = xs.Zip(ys).Sum(p => (p.Item1 - mx) * (p.Item2 - my)) / xs.Sum(v => (v - mx) * (v - mx));
        return (w, my - w * mx);
    }

    // The Hessian of (1/m)Σ(wx + b − y)² is (2/m)[[Σx², Σx], [Σx, m]]; its larger eigenvalue in closed form.
    private static double LargestCurvature(Seq<double> xs)
    {
        var m = xs.Count;
        var (a, b, d) = (2.0 * xs.Sum(v => v * v) / m, 2.0 * xs.Sum() / m, 2.0);
        return (a + d) / 2 + Math.Sqrt((a - d) * (a - d) / 4 + b * b);
    }

    // A square window (same scale on both axes, so the ellipses are not distorted) around the minimum that holds the start.
    private static LossSurface Surface((double W, double B) start, (double W, double B) minimum, Matrix<double> x, Matrix<double> y, Loss loss)
    {
        var half = 1.6 * Math.Max(Math.Max(Math.Abs(start.W - minimum.W), Math.Abs(start.B - minimum.B)), 0.5);
        Seq<double> Axis(double centre) => toSeq(Enumerable.Range(0, SurfaceSize)
            .Select(i => centre - half + 2 * half * i / (SurfaceSize - 1))).Strict();
        var (ws, bs) = (Axis(minimum.W), Axis(minimum.B));
        return new LossSurface(ws, bs, bs.Map(b => ws.Map(w => Network.Cost(Line((w, b)), loss, x, y)).Strict()).Strict());
    }
}
