namespace FunctionalNet;

/// <summary>How a loss combines the examples of a batch.</summary>
public enum Reduction
{
    /// <summary>Summed over examples: the batch gradient is the sum of the per-example gradients.</summary>
    Sum,
    /// <summary>Averaged over examples: the batch gradient is the mean of the per-example gradients.</summary>
    Mean,
}

/// <summary>
/// A loss (cost) C(A, Y) of the network's output A against the targets Y (one column per example), as a sum of
/// per-entry terms ℓ(a, y) reduced over the batch: C = c·Σ ℓ, or c·(1/m)·Σ ℓ for a mean. Open for extension, as
/// Nielsen's costs: a subclass gives the value ℓ (<see cref="Value"/>) and its derivative ∂ℓ/∂a
/// (<see cref="Derivative{T}"/>) side by side, and, for the complex step, ℓ in complex arithmetic
/// (<see cref="Analytic"/>); <see cref="Losses"/> turns them into the output delta, with the built-ins' fused
/// cancellations. A file names a loss by <see cref="Name"/>; <see cref="Components"/> maps names back.
/// </summary>
public abstract record Loss
{
    /// <summary>For subclasses: a loss is a value (a record).</summary>
    protected Loss() { }

    /// <summary>The name used on the command line and in files.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// A constant factor c on the loss, 1 unless set (<c>new Loss.MeanSquared() with { Scale = 0.5 }</c>):
    /// the value and the output delta are both multiplied by c, so every gradient scales by c.
    /// </summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>The parameter of a parameterised loss (a Huber loss's δ), else null; files store it with the name.</summary>
    public virtual double? Parameter => null;

    /// <summary>Refuses parameters outside their ranges.</summary>
    public virtual Fin<Unit> Validate() => unit;

    /// <summary>Whether the loss sums or averages over the examples of a batch (a mean unless overridden).</summary>
    public virtual Reduction Reduction => Reduction.Mean;

    /// <summary>ℓ(a, y): one output entry's term, in double precision.</summary>
    public abstract double Value(double a, double y);

    /// <summary>∂ℓ/∂a: the term's derivative with respect to the output entry.</summary>
    public abstract T Derivative<T>(T a, T y) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>
    /// ℓ(a, y) for a complex output entry a and a real target y, the analytic extension the complex-step derivative
    /// needs (<see cref="ComplexStep"/>); None, the default, for a loss that has none (one built on |a − y| or a max). A user loss
    /// opts in by overriding this with the formula of <see cref="Value"/> in <see cref="System.Numerics.Complex"/>
    /// arithmetic, without |a|, Re or conjugates (they are not analytic). The reduction and <see cref="Scale"/> are
    /// applied as for the real value.
    /// </summary>
    public virtual Option<Complex> Analytic(Complex a, double y) => None;

    /// <summary>Refuses an output activation whose range the loss cannot take (a log of a non-positive number).</summary>
    public virtual Fin<Unit> Accepts(Activation output) => unit;

    /// <summary>½ Σ (y − ŷ)², summed over examples: the lecture's single neuron.</summary>
    public sealed record HalfSumSquares : Loss
    {
        /// <inheritdoc />
        public override string Name => "half-sse";
        /// <inheritdoc />
        public override Reduction Reduction => Reduction.Sum;
        /// <inheritdoc />
        public override double Value(double a, double y) => 0.5 * (y - a) * (y - a);
        /// <inheritdoc />
        public override T Derivative<T>(T a, T y) => a - y;   // ∂/∂a ½(y − a)² = a − y
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex a, double y) => Some(0.5 * (y - a) * (y - a));
    }

    /// <summary>(1/m) Σ |a − y|²: the lecture's MNIST cost, whose delta is 2(A − Y)∘f′(Z) averaged over the batch.</summary>
    public sealed record MeanSquared : Loss
    {
        /// <inheritdoc />
        public override string Name => "mse";
        /// <inheritdoc />
        public override double Value(double a, double y) => (a - y) * (a - y);
        /// <inheritdoc />
        public override T Derivative<T>(T a, T y) => T.CreateChecked(2) * (a - y);   // ∂/∂a (a − y)² = 2(a − y)
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex a, double y) => Some((a - y) * (a - y));   // a square, not |a − y|²: analytic
    }

    /// <summary>−(1/m) Σ [y log a + (1 − y) log(1 − a)]: needs a sigmoid output, whose values lie in (0, 1).</summary>
    public sealed record BinaryCrossEntropy : Loss
    {
        /// <inheritdoc />
        public override string Name => "bce";
        /// <inheritdoc />
        public override double Value(double a, double y) => -(y * Numerics.Arithmetic.Current.Log(a) + (1 - y) * Numerics.Arithmetic.Current.Log(1 - a));
        /// <inheritdoc />
        public override T Derivative<T>(T a, T y) => (a - y) / (a * (T.One - a));
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex a, double y) => Some(-(y * Complex.Log(a) + (1 - y) * Complex.Log(1 - a)));

        /// <summary>
        /// ℓ from the logit z of a sigmoid output, a = σ(z): finite and accurate where <see cref="Value"/> is not (σ
        /// rounding to 1 makes y·log a + (1 − y)·log(1 − a) a 0·(−∞)). With log σ(z) = −log(1 + e^−z) and
        /// log(1 − σ(z)) = −z − log(1 + e^−z), ℓ = (1 − y)·z + log(1 + e^−z) = max(z, 0) − y·z + log(1 + e^−|z|),
        /// whose exponential never overflows (PyTorch's <c>binary_cross_entropy_with_logits</c>).
        /// </summary>
        public static double FromLogit(double z, double y) => Math.Max(z, 0) - y * z + LogOnePlus(Numerics.Arithmetic.Current.Exp(-Math.Abs(z)));
        /// <inheritdoc />
        public override Fin<Unit> Accepts(Activation output) => output is Activation.Sigmoid ? unit
            : Error.New($"the bce loss needs outputs in (0, 1): a sigmoid output layer, not {output.Name}");
    }

    /// <summary>−(1/m) Σ y log a over a softmax output: the lecture's cross-entropy.</summary>
    public sealed record SoftmaxCrossEntropy : Loss
    {
        /// <inheritdoc />
        public override string Name => "softmax-ce";
        /// <inheritdoc />
        public override double Value(double a, double y) => y == 0 ? 0 : -y * Numerics.Arithmetic.Current.Log(a);   // 0·log 0 = 0
        /// <inheritdoc />
        public override T Derivative<T>(T a, T y) => y == T.Zero ? T.Zero : -y / a;
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex a, double y) => Some(y == 0 ? Complex.Zero : -y * Complex.Log(a));

        /// <summary>
        /// −Σ_i y_i log a_i for one column from the logits z of a softmax output, a = softmax(z): finite and accurate
        /// where <see cref="Value"/> is not (a true class's a_i underflowing to 0 gives +∞). With
        /// log a_i = z_i − lse(z) and lse(z) = log Σ_j e^{z_j} = m + log(1 + Σ_{j≠k} e^{z_j − m}), m = z_k the largest
        /// logit, the column's term is Σ_i y_i·((m − z_i) + log(1 + s)): no exponential overflows, and log(1 + s)
        /// keeps its digits when s is tiny (PyTorch's <c>cross_entropy</c> on logits). Terms with y_i = 0 are 0 (0·log 0 = 0).
        /// </summary>
        public static double FromLogits(ReadOnlySpan<double> z, ReadOnlySpan<double> y)
        {
            var k = 0;
            for (var i = 1; i < z.Length; i++) if (z[i] > z[k]) k = i;
            var (m, s, arithmetic) = (z[k], 0.0, Numerics.Arithmetic.Current);
            for (var i = 0; i < z.Length; i++) if (i != k) s += arithmetic.Exp(z[i] - m);
            var logOnePlusS = LogOnePlus(s);
            var total = 0.0;
            for (var i = 0; i < z.Length; i++) if (y[i] != 0) total += y[i] * ((m - z[i]) + logOnePlusS);
            return total;
        }
        /// <inheritdoc />
        public override Fin<Unit> Accepts(Activation output) => output is Activation.Softmax ? unit
            : Error.New($"the softmax-ce loss needs a softmax output layer, not {output.Name}");
    }

    /// <summary>
    /// log(1 + u) for u ≥ 0, to a few units in the last place even when u is far below ε (where log of the rounded 1 + u
    /// would lose every digit): with w = 1 + u rounded, log(w)·u/(w − 1) divides out w's rounding error (Goldberg,
    /// "What every computer scientist should know about floating-point arithmetic", theorem 4). .NET's
    /// <c>double.LogP1</c> is log(u + 1), so it is not used here.
    /// </summary>
    internal static double LogOnePlus(double u)
    {
        var w = 1.0 + u;
        return w == 1.0 ? u : double.IsPositiveInfinity(w) ? Numerics.Arithmetic.Current.Log(u) : Numerics.Arithmetic.Current.Log(w) * u / (w - 1.0);
    }

    /// <summary>The built-in loss of this name (see <see cref="Components.BuiltIn"/>).</summary>
    public static Fin<Loss> Parse(string name) => Components.BuiltIn.Loss(name);

    /// <summary>The built-in losses' names, as on the command line.</summary>
    public static IReadOnlyList<string> Names => Components.BuiltIn.LossNames;

    /// <summary>The name, with any scale: <c>mse</c>, <c>0.5·mse</c>. Sealed, so the cases print this and not a record dump.</summary>
    public sealed override string ToString()
    {
        var name = Parameter is { } p ? $"{Name}({p.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : Name;
        return Scale == 1.0 ? name : $"{Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}·{name}";
    }
}
