namespace FunctionalNet;

/// <summary>
/// An activation function f, applied to a layer's pre-activation Z to give A = f(Z). Open for extension: the
/// built-in cases below are subclasses like any a user writes in their own assembly (override <see cref="Name"/>,
/// <see cref="Value{T}"/> and <see cref="Derivative{T}"/>; <see cref="HasKink"/> where f is not differentiable
/// everywhere; <see cref="Analytic"/> to let the complex step check it). A file names an activation by <see cref="Name"/>;
/// <see cref="Components"/> maps names back. Each case gives f and, on the next line, f′: the lecture's table of
/// activations; a smooth case adds f in complex arithmetic on a third.
/// </summary>
public abstract record Activation
{
    /// <summary>For subclasses: an activation is a value (a record), compared by its type and parameters.</summary>
    protected Activation() { }

    /// <summary>The name used on the command line and in model files (e.g. <c>leaky-relu</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The parameter of a parameterised activation (leaky ReLU's slope, ELU's alpha), else null; model files store it.</summary>
    public virtual double? Parameter => null;

    /// <summary>True where f has points at which it is not differentiable (the ReLU family at z = 0): gradient checks report them.</summary>
    public virtual bool HasKink => false;

    /// <summary>False for an activation of a whole column, such as softmax: it overrides <see cref="Apply{T}"/> and <see cref="Backward{T}"/>.</summary>
    public virtual bool IsElementwise => true;

    /// <summary>f(z).</summary>
    public abstract T Value<T>(T z) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>f′(z), given z and a = f(z) (use whichever is cheaper: σ′ = a(1 − a)). At a kink, either one-sided derivative.</summary>
    public abstract T Derivative<T>(T z, T a) where T : struct, IFloatingPointIeee754<T>;

    /// <summary>A = f(Z) entry by entry: the default for an activation without a kernel of its own.</summary>
    public virtual Matrix<T> Apply<T>(Matrix<T> z) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Entrywise.Map(z, Value);

    /// <summary>dZ = dA ∘ f′(Z) entry by entry: the default for an activation without a kernel of its own.</summary>
    public virtual Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> da) where T : struct, IFloatingPointIeee754<T> =>
        Numerics.Entrywise.Map3(z, a, da, (zi, ai, di) => di * Derivative(zi, ai));

    /// <summary>
    /// f(z) for complex z, the analytic extension the complex-step derivative needs (<see cref="ComplexStep"/>); None,
    /// the default, for an activation that has none: a kink (the ReLU family, step) has no complex derivative. A user
    /// activation opts in by overriding this with the same formula as <see cref="Value{T}"/>, in
    /// <see cref="System.Numerics.Complex"/> arithmetic, without |z|, Re or conjugates (they are not analytic).
    /// </summary>
    public virtual Option<Complex> Analytic(Complex z) => None;

    /// <summary>
    /// A = f(Z) for a complex Z: <see cref="Analytic"/> entry by entry, None if any entry has no extension. An activation
    /// of a whole column (softmax) overrides this instead.
    /// </summary>
    public virtual Option<Matrix<Complex>> ApplyAnalytic(Matrix<Complex> z) =>
        toSeq(z.Enumerate().Select(Analytic)).Sequence()
            .Map(values => Matrix<Complex>.Build.Dense(z.RowCount, z.ColumnCount, values.ToArray()));   // column-major, as Enumerate

    /// <summary>The perceptron's threshold: 1 if z ≥ 0, else 0. Its derivative is 0 wherever it exists.</summary>
    public sealed record Step : Activation
    {
        /// <inheritdoc />
        public override string Name => "step";
        /// <inheritdoc />
        public override bool HasKink => true;
        /// <inheritdoc />
        public override T Value<T>(T z) => z >= T.Zero ? T.One : T.Zero;
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => T.Zero;
    }

    /// <summary>The logistic sigmoid σ(z) = 1 / (1 + e^−z).</summary>
    public sealed record Sigmoid : Activation
    {
        /// <inheritdoc />
        public override string Name => "sigmoid";
        /// <inheritdoc />
        public override T Value<T>(T z) => T.One / (T.One + Numerics.Arithmetic.Current.Exp(-z));
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => Value(z) * (T.One - Value(z));   // σ′ = σ(1 − σ)
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex z) =>
            Some(z.Real >= 0 ? 1 / (1 + Complex.Exp(-z)) : Complex.Exp(z) / (1 + Complex.Exp(z)));   // 1/(1 + e^−z) = e^z/(1 + e^z), the second where e^−z could overflow
    }

    /// <summary>The hyperbolic tangent.</summary>
    public sealed record Tanh : Activation
    {
        /// <inheritdoc />
        public override string Name => "tanh";
        /// <inheritdoc />
        public override T Value<T>(T z) => Numerics.Arithmetic.Current.Tanh(z);
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => T.One - Value(z) * Value(z);   // tanh′ = 1 − tanh²
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex z) => Some(Complex.Tanh(z));
    }

    /// <summary>The rectified linear unit max(0, z).</summary>
    public sealed record ReLU : Activation
    {
        /// <inheritdoc />
        public override string Name => "relu";
        /// <inheritdoc />
        public override bool HasKink => true;
        /// <inheritdoc />
        public override T Value<T>(T z) => z > T.Zero ? z : T.Zero;
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.Zero;   // at 0 the left branch, as NumPy's Z > 0
    }

    /// <summary>max(slope·z, z): the lecture's leaky ReLU uses slope 0.1.</summary>
    public sealed record LeakyReLU(double Slope) : Activation
    {
        /// <inheritdoc />
        public override string Name => "leaky-relu";
        /// <inheritdoc />
        public override double? Parameter => Slope;
        /// <inheritdoc />
        public override bool HasKink => true;
        /// <inheritdoc />
        public override T Value<T>(T z) => z > T.Zero ? z : T.CreateChecked(Slope) * z;
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.CreateChecked(Slope);
    }

    /// <summary>z for z ≥ 0, alpha·(e^z − 1) below.</summary>
    public sealed record ELU(double Alpha) : Activation
    {
        /// <inheritdoc />
        public override string Name => "elu";
        /// <inheritdoc />
        public override double? Parameter => Alpha;
        /// <inheritdoc />
        public override bool HasKink => true;
        /// <inheritdoc />
        public override T Value<T>(T z) => z > T.Zero ? z : T.CreateChecked(Alpha) * (Numerics.Arithmetic.Current.Exp(z) - T.One);
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => z > T.Zero ? T.One : T.CreateChecked(Alpha) * Numerics.Arithmetic.Current.Exp(z);
    }

    /// <summary>f(z) = z: a linear output, for regression.</summary>
    public sealed record Identity : Activation
    {
        /// <inheritdoc />
        public override string Name => "identity";
        /// <inheritdoc />
        public override T Value<T>(T z) => z;
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => T.One;
        /// <inheritdoc />
        public override Option<Complex> Analytic(Complex z) => Some(z);
    }

    /// <summary>softmax(z)_i = e^{z_i} / Σ_j e^{z_j} over each column: not element-wise.</summary>
    public sealed record Softmax : Activation
    {
        /// <inheritdoc />
        public override string Name => "softmax";
        /// <inheritdoc />
        public override bool IsElementwise => false;
        /// <inheritdoc />
        public override T Value<T>(T z) => throw new ArgumentException("softmax is not element-wise; use Activations.Apply on a matrix");
        /// <inheritdoc />
        public override T Derivative<T>(T z, T a) => throw new ArgumentException("softmax has a Jacobian, not a derivative; use Activations.Backward");
        /// <summary>Each column shifted by its maximum (so e^z never overflows), exponentiated and normalised.</summary>
        public override Matrix<T> Apply<T>(Matrix<T> z) => Numerics.Elementwise.Activate(this, z);
        /// <summary>dZ = A ∘ (dA − 1·(Aᵀ dA)) per column, since ∂a_i/∂z_j = a_i(δ_ij − a_j).</summary>
        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> a, Matrix<T> da) => Numerics.Elementwise.ActivationBackward(this, z, a, da);
        /// <summary>
        /// Per column, in complex arithmetic: shifted by the largest real part m (e^{z_i − m} / Σ_j e^{z_j − m} =
        /// e^{z_i} / Σ_j e^{z_j}, so the real shift changes nothing but the overflow), exponentiated and normalised.
        /// </summary>
        public override Option<Matrix<Complex>> ApplyAnalytic(Matrix<Complex> z) =>
            Some(Matrix<Complex>.Build.DenseOfColumnVectors(z.EnumerateColumns().Select(column =>
            {
                var e = (column - column.Max(c => c.Real)).PointwiseExp();
                return e / e.Sum();
            })));
    }

    /// <summary>The built-in activation of this name (see <see cref="Components.BuiltIn"/>).</summary>
    public static Fin<Activation> Parse(string name, double? parameter = null) => Components.BuiltIn.Activation(name, parameter);

    /// <summary>The built-in activations' names, as on the command line.</summary>
    public static IReadOnlyList<string> Names => Components.BuiltIn.ActivationNames;

    /// <summary>The name, with any parameter: <c>leaky-relu(0.1)</c>. Sealed, so the cases print this and not a record dump.</summary>
    public sealed override string ToString() => Parameter is { } p ? $"{Name}({p})" : Name;
}
