using MathNet.Numerics;

namespace FunctionalNet;

/// <summary>
/// Gradient checking: each analytic partial derivative a = ∂C/∂θ from backpropagation against the central
/// difference n = (C(θ + h) − C(θ − h)) / 2h, or another <see cref="DifferenceScheme"/>, by the relative error |a − n| / max(|a|, |n|, floor·S), where S is the
/// scale of the round-off in C (<see cref="RoundOffScale{T}"/>).
/// The loss is accumulated in double precision whatever T is; a double network gives errors of 10⁻⁹ and below,
/// a float network shows the float32 round-off (see <see cref="Sweep{T}"/>).
/// Kinks: ReLU, leaky ReLU, step and ELU are not differentiable at z = 0, nor maxout where two pieces tie.
/// When the forward passes at θ + h and θ − h put some pre-activation on different sides of a kink
/// (<see cref="Layer{T}.KinkPattern"/> differs), the difference quotient measures a jump, not a derivative:
/// the entry is reported as a kink and does not count as a failure.
/// </summary>
public static class GradientCheck
{
    // Sub-stream of Seeds.Streams.Batch for the sample of entries, apart from the synthetic batch's draws.
    private const int SampleStream = 100;

    /// <summary>The steps of the sweep: h = 10⁻¹, 10⁻¹·⁵, …, 10⁻¹² (half decades).</summary>
    public static Seq<double> SweepSteps => toSeq(Enumerable.Range(2, 23).Select(k => Numerics.Arithmetic.Current.Pow(10, -k / 2.0))).Strict();

    /// <summary>Checks backpropagation's gradient of <paramref name="loss"/> on the batch (X, Y) against central differences.</summary>
    public static Fin<GradientCheckResult> Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Run(network, loss, x, y, options, Backpropagate);

    /// <summary>
    /// Checks any gradient function against central differences: the door for a test double (a gradient with one
    /// deliberately wrong entry must be caught) or for a user's own backward pass.
    /// </summary>
    public static Fin<GradientCheckResult> Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options,
        Func<Network<T>, Loss, Matrix<T>, Matrix<T>, Gradients<T>> analytic) where T : struct, IFloatingPointIeee754<T> =>
        Validate(network, loss, x, y, options).Map(_ => Compare(network, loss, x, y, options, analytic(network, loss, x, y)));

    /// <summary>
    /// The check at every step h of <paramref name="steps"/> with <paramref name="options"/>' scheme: the classic curve
    /// of error against h, falling as hᵖ where truncation dominates and rising as 1/h where round-off does (flat for
    /// the complex step). The gradient is computed once; a scheme that does not apply gives points with nothing counted.
    /// </summary>
    public static Fin<Seq<StepError>> Sweep<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, Seq<double> steps,
        GradientCheckOptions options) where T : struct, IFloatingPointIeee754<T> =>
        steps.Fold(FinSucc(unit), (valid, step) => valid.Bind(_ => Validate(network, loss, x, y, options with { Step = step })))
            .Map(_ =>
            {
                var gradients = Backpropagate(network, loss, x, y);
                return steps.Map(step => StepError.Of(step, Compare(network, loss, x, y, options with { Step = step }, gradients))).Strict();
            });

    /// <summary>Refuses a batch that does not fit the network, a loss that does not fit its output, or options out of range.</summary>
    public static Fin<Unit> Validate<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!(options.Step > 0) || !double.IsFinite(options.Step)) return Error.New($"the step h must be a finite number > 0 (got {options.Step})");
        if (options.Sample.Exists(n => n < 1)) return Error.New($"the sample must be at least 1 entry per parameter (got {options.Sample})");
        if (!(options.Threshold >= 0)) return Error.New($"the threshold must be a number ≥ 0 (got {options.Threshold})");
        if (options.Worst < 0) return Error.New($"the number of worst entries must be ≥ 0 (got {options.Worst})");
        if (!(options.Floor > 0) || !double.IsFinite(options.Floor)) return Error.New($"the floor must be a finite number > 0 (got {options.Floor})");
        // The batch and loss checks are training's: no learning rate or epochs are involved here.
        return Training.Validate(network, x, y, new TrainingOptions(loss, LearningRate: 0, Epochs: 0, new Batching.FullBatch()));
    }

    /// <summary>|a − n| / max(|a|, |n|, floor); 0 when a = n (even both 0), +∞ when either is not a finite number.</summary>
    public static double RelativeError(double analytic, double numeric, double floor)
    {
        if (!double.IsFinite(analytic) || !double.IsFinite(numeric)) return double.PositiveInfinity;
        return analytic == numeric ? 0.0 : Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), floor);
    }

    /// <summary>
    /// S = |C| + Σᵢⱼ |aᵢⱼ·∂C/∂aᵢⱼ|: how far C can move when it and every output A carry one relative rounding error.
    /// The central difference's round-off is a few times ε·S / 2h, whatever the parameter, so entries far below S
    /// cannot be checked to many digits. The output sensitivities are measured numerically, one output at a time
    /// (every loss is a sum over outputs), so they do not depend on the loss derivatives being checked. When C is
    /// small but the outputs are not (a near-perfect fit: C = ½r², round-off ∝ |a·r|), S stays at the real noise level.
    /// </summary>
    public static double RoundOffScale<T>(Loss loss, Matrix<T> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        const double relative = 1e-6;
        var reduction = loss.Reduction == Reduction.Mean ? 1.0 / a.ColumnCount : 1.0;
        var sensitivity = 0.0;
        for (var j = 0; j < a.ColumnCount; j++)
        {
            var (column, target) = (a.Column(j).ToColumnMatrix(), y.Column(j).ToColumnMatrix());
            var at = Losses.Value(loss, column, target);
            for (var i = 0; i < a.RowCount; i++)
            {
                var moved = column.Clone();
                moved[i, 0] *= T.CreateChecked(1 - relative);   // towards 0: an output in (0, 1) stays there
                var change = Math.Abs(Losses.Value(loss, moved, target) - at) / relative;
                if (double.IsFinite(change)) sensitivity += change * reduction;
            }
        }
        var scale = Math.Abs(Losses.Value(loss, a, y)) + sensitivity;
        return double.IsFinite(scale) ? scale : 0.0;
    }

    /// <summary>
    /// The scheme's estimate of ∂C/∂θ for one entry θ = parameter <paramref name="parameter"/>[row, column] of layer
    /// <paramref name="layer"/> (0-based), and whether the scheme's points straddle a kink (their kink patterns differ).
    /// None when the scheme does not apply to this network (the complex step through a component with no analytic
    /// extension: a kink, a maximum).
    /// </summary>
    public static Option<(double Numeric, bool Kink)> Difference<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y,
        int layer, int parameter, int row, int column, GradientCheckOptions options) where T : struct, IFloatingPointIeee754<T>
    {
        var theta = network.Layers[layer].Parameters[parameter][row, column];
        var h = StepAt(options, double.CreateChecked(theta));
        if (options.Scheme == DifferenceScheme.ComplexStep)
            return ComplexStep.Derivative(network, loss, x, y, Gradients<T>.Unit(network, layer, parameter, row, column), h).Map(d => (d, false));
        var at = DifferenceSchemes.Offsets(options.Scheme).Select(t => t == 0 ? theta : theta + T.CreateChecked(t * h)).ToArray();
        var moved = at.Select(value => With(network, layer, parameter, row, column, value)).ToArray();
        return Estimate(options.Scheme, moved, double.CreateChecked(theta), at.Select(double.CreateChecked).ToArray(), loss, x, y);
    }

    /// <summary>
    /// The scheme's estimate of φ′(0) from the networks at its points — <paramref name="moved"/>[k] where φ's argument
    /// took the value <paramref name="at"/>[k] for offset k of <see cref="DifferenceSchemes.Offsets"/>, and
    /// <paramref name="origin"/> at offset 0 — and whether the points straddle a kink: some layer's kink pattern
    /// differs between the first point and another.
    /// </summary>
    internal static (double Numeric, bool Kink) Estimate<T>(DifferenceScheme scheme, Network<T>[] moved, double origin, double[] at,
        Loss loss, Matrix<T> x, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        var traces = moved.Select(n => Network.Forward(n, x)).ToArray();
        var numeric = DifferenceSchemes.Estimate(scheme, origin, at,
            moved.Zip(traces, (n, trace) => n.Layers.Last.OutputLoss(loss, trace.Layers.Last, y)).ToArray());
        var kink = Enumerable.Range(1, moved.Length - 1).Any(k => !SameSideOfEveryKink(moved[0], traces[0], moved[k], traces[k]));
        return (numeric, kink);
    }

    /// <summary>h as taken at a parameter of value θ: the step, or with <see cref="StepKind.Relative"/> the step·max(1, |θ|).</summary>
    public static double StepAt(GradientCheckOptions options, double theta) =>
        options.StepKind == StepKind.Relative ? options.Step * Math.Max(1, Math.Abs(theta)) : options.Step;

    /// <summary>
    /// The diagnosis (<see cref="GradientDiagnosis.Of{T}"/>) of each entry a check reports: its worst entries, then its
    /// first entries across a kink (<see cref="GradientCheckResult.Reported"/>). Each needs the scheme once more at 2h.
    /// </summary>
    public static Seq<GradientDiagnosis> Diagnose<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckResult result)
        where T : struct, IFloatingPointIeee754<T>
    {
        var trace = Network.Forward(network, x);
        var twice = result.Options with { Step = 2 * result.Options.Step };
        return result.Reported.Map(entry =>
        {
            var (layer, row, column) = (entry.Layer - 1, entry.Row, entry.Column);
            var parameter = network.ParameterNames[layer].ToList().IndexOf(entry.Parameter);
            var theta = double.CreateChecked(network.Layers[layer].Parameters[parameter][row, column]);
            var atTwice = Difference(network, loss, x, y, layer, parameter, row, column, twice).Match(d => d.Numeric, () => double.NaN);
            return GradientDiagnosis.Of(entry, result.Options, StepAt(result.Options, theta), atTwice, result.RoundOffScale, network, trace);
        }).Strict();
    }

    internal static Gradients<T> Backpropagate<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Executor.Current.Gradient(network, loss, new LabelledSet<T>(x, y) { SparseInput = false }, None, Dropout.None(network)).Gradients;

    private static GradientCheckResult Compare<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options,
        Gradients<T> gradients) where T : struct, IFloatingPointIeee754<T>
    {
        var names = network.ParameterNames;
        var output = Network.OutputTrace(network, x);
        var scale = RoundOffScale(loss, output.A, y);
        var floor = options.Floor * scale;
        var entries =
            from layer in Enumerable.Range(0, network.Layers.Count)
            from parameter in Enumerable.Range(0, network.Layers[layer].Parameters.Count)
            from entry in Sample(network.Layers[layer].Parameters[parameter], options, layer, parameter)
            let analytic = double.CreateChecked(gradients.Layers[layer][parameter][entry.Row, entry.Column])
            let difference = Difference(network, loss, x, y, layer, parameter, entry.Row, entry.Column, options)
            select difference.Match(
                d => new GradientEntry(layer + 1, names[layer][parameter], entry.Row, entry.Column, analytic, d.Numeric,
                    RelativeError(analytic, d.Numeric, floor), d.Kink),
                () => new GradientEntry(layer + 1, names[layer][parameter], entry.Row, entry.Column, analytic, double.NaN, 0, false)
                    { NotApplicable = true });
        return new GradientCheckResult(toSeq(entries).Strict(), network.Layers.Last.OutputLoss(loss, output, y), scale, options);
    }

    /// <summary>Every entry of the matrix, or a seeded sample of them in column-major order.</summary>
    private static IEnumerable<(int Row, int Column)> Sample<T>(Matrix<T> matrix, GradientCheckOptions options, int layer, int parameter)
        where T : struct, IFloatingPointIeee754<T>
    {
        var count = matrix.RowCount * matrix.ColumnCount;
        var indices = options.Sample.Match(
            n => n >= count
                ? Enumerable.Range(0, count)
                : Combinatorics.GeneratePermutation(count, Seeds.Generator(options.Seed, Seeds.Streams.Batch, SampleStream, layer, parameter))
                    .Take(n).Order(),
            () => Enumerable.Range(0, count));
        return indices.Select(k => (k % matrix.RowCount, k / matrix.RowCount));
    }

    private static bool SameSideOfEveryKink<T>(Network<T> first, ForwardTrace<T> firstTrace, Network<T> second, ForwardTrace<T> secondTrace)
        where T : struct, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, first.Layers.Count).All(l =>
            first.Layers[l].KinkPattern(firstTrace.Layers[l]).Match(
                p => second.Layers[l].KinkPattern(secondTrace.Layers[l]).Match(q => p.AsSpan().SequenceEqual(q), () => false),
                () => true));   // a smooth layer is smooth in both networks

    /// <summary>The network with one entry replaced; every other matrix is shared, none is mutated.</summary>
    private static Network<T> With<T>(Network<T> network, int layer, int parameter, int row, int column, T value)
        where T : struct, IFloatingPointIeee754<T>
    {
        var parameters = network.Layers[layer].Parameters;
        var changed = parameters[parameter].Clone();
        changed[row, column] = value;
        var layers = network.Layers.Select((current, l) => l == layer
            ? current.WithParameters(toSeq(parameters.Select((matrix, p) => p == parameter ? changed : matrix)).Strict())
            : current);
        return new Network<T>(toSeq(layers).Strict());
    }
}
