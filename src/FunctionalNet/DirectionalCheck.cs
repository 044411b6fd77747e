using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace FunctionalNet;

/// <summary>
/// The directional gradient check: K seeded random unit directions v over all P parameters, each comparing the analytic
/// directional derivative a = vᵀ∇C (one backpropagation for all K) with the scheme's derivative n = φ′(0) of
/// φ(t) = C(θ + t·v) — two forward passes per direction with the central difference, so O(K) passes where the entry
/// check (<see cref="GradientCheck"/>) needs O(P). Relative error, threshold τ, floor and kink rule are the entry check's.
/// <para>
/// What a direction misses. Let the analytic gradient be the true one g but for one entry j off by e, g′ = g + e·e_j.
/// Along v, a − n = e·v_j (the scheme's own error, far below τ·F in double, neglected), and the direction passes when
/// |e·v_j| ≤ τ·max(|a|, |n|, F), F = floor·S. With v = z/‖z‖, z ~ N(0, I_P) and ‖z‖ ≈ √P, v_j = Z₁/√P and
/// n = vᵀg = ‖g‖·Z₂/√P for independent standard normals Z₁, Z₂ (up to the share g_j/‖g‖ of entry j in g). Where the
/// direction passes |a| and |n| differ by a fraction τ at most, so to first order in τ (exactly: between the formula
/// with τ and with τ/(1 − τ)) it passes when |Z₁| ≤ max(α·|Z₂|, β), α = τ‖g‖/|e|, β = τ·F·√P/|e|, with probability
/// </para>
/// <para>p₁ = 1 − 4·T(β, 1/α) = 1 − (2/π)·∫₀^arctan(|e|/τ‖g‖) exp(−β² / 2cos²ϑ) dϑ,</para>
/// <para>
/// T being Owen's T function, T(h, a) = ∫_h^∞ φ(x)·(Φ(a·x) − ½) dx. Without the floor (β = 0) this is the ratio of
/// two normals, a Cauchy variable: p₁ = (2/π)·arctan(τ‖g‖/|e|). When the floor dominates (α ≪ β, as in large networks,
/// where the typical |vᵀg| = ‖g‖/√P is far below F) it is an absolute test: p₁ = erf(β/√2). The K directions are
/// independent, so the entry escapes all of them with probability p₁ᴷ (<see cref="EscapeProbability"/>). The derivation
/// and its measurement: docs/gradient-checking.md.
/// </para>
/// </summary>
public static class DirectionalCheck
{
    /// <summary>
    /// The sub-stream of <see cref="Seeds.Streams.Batch"/> the directions are drawn from, direction k from
    /// (seed, Batch, 101, k): the synthetic batch draws from sub-streams 0 and 1, the entry check's sample from 100.
    /// </summary>
    public const int DirectionStream = 101;

    /// <summary>Checks backpropagation's gradient along <see cref="GradientCheckOptions.Directions"/> random directions.</summary>
    public static Fin<DirectionalCheckResult> Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        Run(network, loss, x, y, options, GradientCheck.Backpropagate);

    /// <summary>
    /// Checks any gradient function along random directions: the door for a test double (a gradient with one wrong
    /// entry, caught with the probability <see cref="EscapeProbability"/> states) or for a user's own backward pass.
    /// </summary>
    public static Fin<DirectionalCheckResult> Run<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options,
        Func<Network<T>, Loss, Matrix<T>, Matrix<T>, Gradients<T>> analytic) where T : struct, IFloatingPointIeee754<T> =>
        Validate(network, loss, x, y, options).Map(directions => Compare(network, loss, x, y, options, directions, analytic(network, loss, x, y)));

    /// <summary>The entry check's validation, and a number of directions K ≥ 1 (which it returns).</summary>
    public static Fin<int> Validate<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options)
        where T : struct, IFloatingPointIeee754<T> =>
        GradientCheck.Validate(network, loss, x, y, options).Bind(_ => options.Directions.Match(
            k => k >= 1 ? FinSucc(k) : FinFail<int>(Error.New($"the number of directions must be at least 1 (got {k})")),
            () => FinFail<int>(Error.New("a directional check needs a number of directions K ≥ 1"))));

    /// <summary>
    /// Direction <paramref name="index"/> of <paramref name="seed"/>: v = z/‖z‖ with z ~ N(0, I_P) over every parameter
    /// (layer by layer, parameter by parameter, column-major), uniform on the unit sphere; drawn and normalised in double,
    /// then rounded to T. Shaped as the parameters.
    /// </summary>
    public static Gradients<T> Direction<T>(Network<T> network, int seed, int index) where T : struct, IFloatingPointIeee754<T>
    {
        var z = new double[network.ParameterCount];
        Normal.Samples(Seeds.Generator(seed, Seeds.Streams.Batch, DirectionStream, index), z, 0, 1);
        var norm = Math.Sqrt(z.Sum(zi => zi * zi));
        var v = z.Select(zi => T.CreateChecked(zi / norm)).ToArray();
        var start = 0;
        Matrix<T> Next(Matrix<T> shape)
        {
            var count = shape.RowCount * shape.ColumnCount;
            start += count;
            return Matrix<T>.Build.Dense(shape.RowCount, shape.ColumnCount, v[(start - count)..start]);   // column-major storage
        }
        return new Gradients<T>(toSeq(network.Parameters.Select(layer => toSeq(layer.Select(Next).ToArray())).ToArray()));   // in order
    }

    /// <summary>
    /// The scheme's estimate of the directional derivative ∂C/∂v = φ′(0), φ(t) = C(θ + t·v), and whether the scheme's
    /// points straddle a kink; None when the scheme does not apply (the complex step through a kink or a maximum).
    /// The points θ + t·h·v are rounded to T entry by entry, so no single width was "actually taken" as for one entry:
    /// the scheme divides by t·h itself, and the rounding (ulp(θ)/h per entry, negligible in double) is part of its error.
    /// A relative step is h·max(1, |vᵀθ|): the entry check's h·max(1, |θ_j|) when v is the unit vector e_j.
    /// </summary>
    public static Option<(double Numeric, bool Kink)> Derivative<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y,
        Gradients<T> direction, GradientCheckOptions options) where T : struct, IFloatingPointIeee754<T>
    {
        var h = options.StepKind == StepKind.Relative
            ? options.Step * Math.Max(1, Math.Abs(Dot(network.Parameters, direction.Layers)))
            : options.Step;
        if (options.Scheme == DifferenceScheme.ComplexStep)
            return ComplexStep.Derivative(network, loss, x, y, direction, h).Map(d => (d, false));
        var at = DifferenceSchemes.Offsets(options.Scheme).Select(t => t * h).ToArray();
        var moved = at.Select(step => step == 0 ? network : Moved(network, direction, step)).ToArray();
        return GradientCheck.Estimate(options.Scheme, moved, origin: 0, at, loss, x, y);
    }

    /// <summary>
    /// The probability that one wrong entry, off by <paramref name="error"/>, escapes all of
    /// <paramref name="directions"/> random directions (see the class summary): p₁ᴷ, with
    /// p₁ = 1 − (2/π)·∫₀^arctan(|e|/τ‖g‖) exp(−β² / 2cos²ϑ) dϑ and β = τ·F·√P/|e|.
    /// </summary>
    /// <param name="error">e, the entry's error.</param>
    /// <param name="gradientNorm">‖g‖, the norm of the whole gradient.</param>
    /// <param name="floor">F = floor·S, the relative error's smallest denominator.</param>
    /// <param name="parameters">P, the number of parameters.</param>
    /// <param name="threshold">τ, the relative error above which a direction fails.</param>
    /// <param name="directions">K, the number of directions that count.</param>
    public static double EscapeProbability(double error, double gradientNorm, double floor, long parameters, double threshold, int directions)
    {
        if (error == 0) return 1.0;
        var beta = threshold * floor * Math.Sqrt(parameters) / Math.Abs(error);
        var upper = Math.Atan2(Math.Abs(error), threshold * gradientNorm);
        // The integrand falls smoothly to 0 at ϑ = π/2 (cos ϑ → 0), so the quadrature never sees a singularity.
        var caught = upper == 0 ? 0.0 : 2 / Math.PI * Integrate.OnClosedInterval(
            angle => Math.Cos(angle) is var c && c > 0 ? Math.Exp(-beta * beta / (2 * c * c)) : 0.0, 0, upper, 1e-12);
        return Math.Pow(Math.Clamp(1 - caught, 0, 1), directions);
    }

    private static DirectionalCheckResult Compare<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, GradientCheckOptions options,
        int directions, Gradients<T> gradients) where T : struct, IFloatingPointIeee754<T>
    {
        var output = Network.OutputTrace(network, x);
        var scale = GradientCheck.RoundOffScale(loss, output.A, y);
        var floor = options.Floor * scale;
        var rows = Enumerable.Range(0, directions).Select(k =>
        {
            var v = Direction(network, options.Seed, k);
            var analytic = Dot(v.Layers, gradients.Layers);
            return Derivative(network, loss, x, y, v, options).Match(
                d => new CheckedDirection(k, analytic, d.Numeric, GradientCheck.RelativeError(analytic, d.Numeric, floor), d.Kink),
                () => new CheckedDirection(k, analytic, double.NaN, 0, false) { NotApplicable = true });
        });
        return new DirectionalCheckResult(toSeq(rows.ToArray()), network.Layers.Last.OutputLoss(loss, output, y), scale,
            Math.Sqrt(Dot(gradients.Layers, gradients.Layers)), network.ParameterCount, options);
    }

    /// <summary>θ + step·v, each entry computed in double and rounded to T; no matrix is mutated.</summary>
    private static Network<T> Moved<T>(Network<T> network, Gradients<T> direction, double step) where T : struct, IFloatingPointIeee754<T> =>
        network.WithParameters(network.Parameters.Zip(direction.Layers).Map(layer => layer.Item1.Zip(layer.Item2)
            .Map(p => Numerics.Entrywise.Map2(p.Item1, p.Item2, (theta, v) => T.CreateChecked(double.CreateChecked(theta) + step * double.CreateChecked(v))))
            .Strict()).Strict());

    /// <summary>Σ uᵢ·vᵢ over every parameter entry, in double.</summary>
    private static double Dot<T>(Seq<Seq<Matrix<T>>> u, Seq<Seq<Matrix<T>>> v) where T : struct, IFloatingPointIeee754<T> =>
        u.Zip(v).Sum(layer => layer.Item1.Zip(layer.Item2).Sum(p => Numerics.Elementwise.Sum(p.Item1, p.Item2, (a, b) => a * b)));
}
