namespace FunctionalNet.Lessons;

/// <summary>A 1-D function to approximate, and the interval it is approximated on.</summary>
/// <param name="Name">How it was asked for: <c>sin</c>, <c>abs</c>, <c>step</c> or the expression's text.</param>
/// <param name="Expression">f(x).</param>
/// <param name="From">Left end of the interval.</param>
/// <param name="To">Right end.</param>
public sealed record TargetFunction(string Name, Expression Expression, double From, double To)
{
    /// <summary>
    /// <c>sin</c> (on [−π, π]), <c>abs</c> and <c>step</c> (on [−1, 1], step being 1 for x ≥ 0), or any expression of x
    /// (on [−1, 1]); <paramref name="from"/> and <paramref name="to"/> override the interval.
    /// </summary>
    public static Fin<TargetFunction> Of(string name, double? from = null, double? to = null)
    {
        var (text, left, right) = name.Trim().ToLowerInvariant() switch
        {
            "sin" => ("sin(x)", -Math.PI, Math.PI),
            "abs" => ("abs(x)", -1.0, 1.0),
            "step" => ("step(x)", -1.0, 1.0),
            _ => (name, -1.0, 1.0),
        };
        return Expressions.Parse(text).Map(e => new TargetFunction(name.Trim(), e, from ?? left, to ?? right));
    }

    /// <summary>f(x).</summary>
    public double At(double x) => Expressions.Evaluate(Expression, x);
}

/// <summary>Where the hidden units start.</summary>
public enum UnitStart
{
    /// <summary>Spread evenly over the interval, as in the theorem's constructive proofs.</summary>
    Spread,
    /// <summary>The lecture's random first weights, U(−0.5, 0.5) for every weight and bias, from the seed: no least squares.</summary>
    Random,
}

/// <summary>The universal-approximation lesson's inputs.</summary>
/// <param name="Function">The target f and its interval.</param>
/// <param name="Units">The hidden-layer sizes N to try.</param>
/// <param name="Activation">The hidden units' activation σ.</param>
/// <param name="Samples">Evenly spaced training points on the interval.</param>
/// <param name="EvaluationPoints">Evenly spaced points on which the maximum error is measured (finer than the samples).</param>
/// <param name="Steepness">The starting slope of each unit is Steepness·N/(interval width): wider than the spacing of the units.</param>
/// <param name="Epochs">Full-batch gradient-descent epochs after the least-squares start (0: the construction alone).</param>
/// <param name="LearningRate">η of those epochs.</param>
/// <param name="Start">How the hidden units start: spread over the interval, or random.</param>
/// <param name="Seed">Seeds the random start.</param>
public sealed record UniversalApproximationOptions(TargetFunction Function, Seq<int> Units, Activation Activation,
    int Samples = 200, int EvaluationPoints = 1001, double Steepness = 2, int Epochs = 3000, double LearningRate = 0.05,
    UnitStart Start = UnitStart.Spread, int Seed = 0)
{
    /// <summary>N = 1, 2, 4, 8, 16, 32 sigmoid units for <paramref name="function"/>.</summary>
    public static UniversalApproximationOptions For(TargetFunction function) =>
        new(function, Seq(1, 2, 4, 8, 16, 32), new Activation.Sigmoid());
}

/// <summary>The fit with N hidden units.</summary>
/// <param name="Units">N.</param>
/// <param name="StartError">max |G(x) − f(x)| at the start of gradient descent (after least squares, for the spread start).</param>
/// <param name="MaxError">max |G(x) − f(x)| over the evaluation points after gradient descent.</param>
/// <param name="WorstX">Where that maximum is.</param>
/// <param name="TrainingLoss">The mean squared error on the samples after gradient descent.</param>
/// <param name="Fit">G(x) at every evaluation point.</param>
public sealed record ApproximationFit(int Units, double StartError, double MaxError, double WorstX, double TrainingLoss, Seq<double> Fit);

/// <summary>The universal-approximation lesson's result.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="X">The evaluation points.</param>
/// <param name="Target">f at the evaluation points.</param>
/// <param name="Fits">One fit per N, in the order asked.</param>
/// <param name="JumpFloor">
/// Half the largest jump of f between neighbouring evaluation points. For a function with a jump of height h no
/// continuous G gets within h/2 of it everywhere near the jump, however many units it has: the theorem is about
/// continuous f. For a continuous f this number is close to 0.
/// </param>
public sealed record UniversalApproximationResult(UniversalApproximationOptions Options, Seq<double> X, Seq<double> Target,
    Seq<ApproximationFit> Fits, double JumpFloor);

/// <summary>
/// Lesson 8: the universal approximation theorem, G(x) = Σ_i α_i σ(w_i x + b_i) + β. For each N the network is a real
/// library network (N units of σ, then one linear output unit), built in three steps: (1) the units are spread
/// evenly over the interval (or, to compare, drawn at random as in the lecture's code), unit i centred at c_i with slope k (w_i = k, b_i = −k·c_i: a smoothed staircase, as in
/// the theorem's constructive proofs); (2) α and β minimise the mean squared error exactly, by least squares, since
/// the output is linear in them; (3) gradient descent (backpropagation) moves every weight for a number of epochs.
/// The theorem promises that some G is close; it says nothing about how to find it, which is why step (1) matters.
/// </summary>
public static class UniversalApproximationLesson
{
    /// <summary>Fits every N.</summary>
    public static Fin<UniversalApproximationResult> Run(UniversalApproximationOptions options)
    {
        var f = options.Function;
        if (!double.IsFinite(f.From) || !double.IsFinite(f.To) || !(f.To > f.From))
            return Error.New($"the interval needs finite ends with from < to (got {f.From} … {f.To})");
        if (options.Units.IsEmpty || options.Units.Exists(n => n < 1))
            return Error.New($"every N must be at least 1 (got {string.Join(",", options.Units)})");
        if (options.Samples < 2 || options.EvaluationPoints < 2) return Error.New("the samples and evaluation points must number at least 2");
        if (options.Units.Exists(n => n >= options.Samples))
            return Error.New($"every N must be below the number of samples ({options.Samples}), or the fit is not determined");
        if (options.Epochs < 0) return Error.New($"the number of epochs must be ≥ 0 (got {options.Epochs})");
        if (options.Samples > 1_000_000 || options.EvaluationPoints > 1_000_000) return Error.New("the samples and evaluation points must number at most 1,000,000");
        if (Limits.Epochs(options.Epochs).Bind(_ => Limits.Work(options.Units.Sum(n => Limits.TrainingWork(options.Epochs, options.Samples, 3.0 * n + 1)), "the fits"))
            is { IsFail: true } tooMuch)
            return tooMuch.Map(_ => default(UniversalApproximationResult)!);
        if (!(options.LearningRate >= 0) || double.IsInfinity(options.LearningRate))
            return Error.New($"the learning rate must be a finite number ≥ 0 (got {options.LearningRate})");
        // Past 1,000 every unit is a step at the samples' spacing and least squares has nothing to fit smoothly
        // (with 1e308 the slopes overflow and the solve does not converge).
        if (!(options.Steepness > 0) || !(options.Steepness <= 1000)) return Error.New($"the steepness must be > 0 and at most 1,000 (got {options.Steepness})");
        if (options.Activation is Activation.Softmax or Activation.Identity)
            return Error.New($"the hidden units need a non-linear element-wise activation, not {options.Activation.Name}");

        var samples = Grid(f, options.Samples);
        var evaluation = Grid(f, options.EvaluationPoints);
        var targets = samples.Map(f.At).Strict();
        var truth = evaluation.Map(f.At).Strict();
        var undefined = (samples + evaluation).Find(v => !double.IsFinite(f.At(v)));
        if (undefined.IsSome)
            return Error.New($"{f.Name} is not a finite number at x = {undefined.IfNone(0):G6}; choose an interval where it is defined");

        var x = Row(samples);
        var y = Row(targets);
        var xEvaluation = Row(evaluation);
        var fits = options.Units.Map(n => Fit(options, n, x, y, xEvaluation, truth)).Sequence();
        var jumpFloor = truth.Zip(truth.Tail).Map(p => Math.Abs(p.Item2 - p.Item1)).Max() / 2;
        return fits.Map(all => new UniversalApproximationResult(options, evaluation, truth, all.Strict(), jumpFloor));
    }

    /// <summary>Step (1): N units spread over the interval, unit i centred at c_i = from + (i + ½)·width/N, slope k.</summary>
    public static DenseLayer<double> Staircase(UniversalApproximationOptions options, int units)
    {
        var (from, width) = (options.Function.From, options.Function.To - options.Function.From);
        var k = options.Steepness * units / width;
        return new DenseLayer<double>(
            Matrix<double>.Build.Dense(units, 1, k),
            Some(Matrix<double>.Build.Dense(units, 1, (i, _) => -k * (from + (i + 0.5) * width / units))),
            options.Activation);
    }

    /// <summary>Steps (1) and (2): the staircase of units, and the output weights that minimise the error for it.</summary>
    public static Network<double> SpreadStart(UniversalApproximationOptions options, int units, Matrix<double> x, Matrix<double> y)
    {
        var hidden = Staircase(options, units);
        return new Network<double>(Seq<Layer<double>>(hidden, OutputByLeastSquares(hidden, x, y)));
    }

    /// <summary>The lecture's start instead: every weight and bias of the 1-N-1 network from U(−0.5, 0.5), seeded.</summary>
    public static Network<double> RandomStart(UniversalApproximationOptions options, int units) =>
        Initialization.Create<double>(Seq<LayerSpec>(new LayerSpec.Dense(1, units, options.Activation), new LayerSpec.Dense(units, 1, new Activation.Identity())),
                Initializer.Lecture, options.Seed)
            .Match(network => network, error => throw new UnreachableException(error.Message));

    private static Fin<ApproximationFit> Fit(UniversalApproximationOptions options, int units, Matrix<double> x, Matrix<double> y,
        Matrix<double> xEvaluation, Seq<double> truth)
    {
        var start = options.Start == UnitStart.Spread ? SpreadStart(options, units, x, y) : RandomStart(options, units);
        var loss = new Loss.MeanSquared();
        return Training.Train(start, x, y, new TrainingOptions(loss, options.LearningRate, options.Epochs, new Batching.FullBatch()))
            .Map(result =>
            {
                var fit = LectureData.FirstRow(Network.Predict(result.Network, xEvaluation));
                var (worst, worstIndex) = MaxError(fit, truth);
                return new ApproximationFit(units, MaxError(LectureData.FirstRow(Network.Predict(start, xEvaluation)), truth).Error,
                    worst, xEvaluation[0, worstIndex], Network.Cost(result.Network, loss, x, y), fit);
            });
    }

    // Step (2): with A = σ(W·x + b) fixed, G = α·A + β is linear in (α, β), so minimising (1/m)Σ(G − y)² is the least
    // squares problem D·[α; β] ≈ y with D = [Aᵀ 1]. Solved through the SVD, dropping negligible singular values, so a
    // nearly repeated unit cannot blow the weights up.
    private static DenseLayer<double> OutputByLeastSquares(DenseLayer<double> hidden, Matrix<double> x, Matrix<double> y)
    {
        var a = hidden.Forward(x).A;
        var design = a.Transpose().Append(Matrix<double>.Build.Dense(x.ColumnCount, 1, 1.0));
        var svd = design.Svd(computeVectors: true);
        var cutoff = svd.S[0] * 1e-12 * Math.Max(design.RowCount, design.ColumnCount);
        var projected = svd.U.TransposeThisAndMultiply(y.Row(0));
        var scaled = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(design.ColumnCount, i => svd.S[i] > cutoff ? projected[i] / svd.S[i] : 0);
        var solution = svd.VT.TransposeThisAndMultiply(scaled);
        return new DenseLayer<double>(
            Matrix<double>.Build.Dense(1, hidden.Outputs, (_, j) => solution[j]),
            Some(Matrix<double>.Build.Dense(1, 1, solution[hidden.Outputs])),
            new Activation.Identity());
    }

    private static (double Error, int Index) MaxError(Seq<double> fit, Seq<double> truth) =>
        fit.Zip(truth).Select((p, i) => (Math.Abs(p.Item1 - p.Item2), i)).MaxBy(p => p.Item1);

    private static Seq<double> Grid(TargetFunction f, int points) =>
        toSeq(Enumerable.Range(0, points).Select(i => f.From + (f.To - f.From) * i / (points - 1))).Strict();

    private static Matrix<double> Row(Seq<double> values) => Matrix<double>.Build.Dense(1, values.Count, values.ToArray());
}
