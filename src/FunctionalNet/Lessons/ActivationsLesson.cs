namespace FunctionalNet.Lessons;

/// <summary>The activations lesson's inputs.</summary>
/// <param name="From">Left end of the plotted z range.</param>
/// <param name="To">Right end.</param>
/// <param name="Points">Number of z values (at least 2).</param>
/// <param name="LeakySlope">The leaky ReLU's slope below zero: the lecture's max(0.1x, x).</param>
/// <param name="EluAlpha">The ELU's α.</param>
/// <param name="MaxoutFirst">(w₁, b₁) of the two-piece maxout max(w₁z + b₁, w₂z + b₂).</param>
/// <param name="MaxoutSecond">(w₂, b₂).</param>
/// <param name="SoftmaxOthers">The two fixed entries a, b of the softmax input (z, a, b); z varies along the axis.</param>
public sealed record ActivationsOptions(double From, double To, int Points, double LeakySlope, double EluAlpha,
    (double W, double B) MaxoutFirst, (double W, double B) MaxoutSecond, (double A, double B) SoftmaxOthers)
{
    /// <summary>z from −4 to 4; the lecture's leaky slope 0.1; α = 1; max(z, 0.5 − 0.5z); softmax of (z, 1, −1).</summary>
    public static ActivationsOptions Lecture => new(-4, 4, 161, 0.1, 1.0, (1, 0), (-0.5, 0.5), (1, -1));
}

/// <summary>One panel: an activation's output(s) and derivative(s) at every z.</summary>
/// <param name="Name">The activation's name (as on the command line).</param>
/// <param name="Formula">f in the lecture's notation.</param>
/// <param name="Outputs">Names of the output series (one, or three for softmax).</param>
/// <param name="Values">f(z) per output, each at every z.</param>
/// <param name="Derivatives">f′(z) per output (for softmax ∂s_i/∂z₁), each at every z.</param>
public sealed record ActivationCurve(string Name, string Formula, Seq<string> Outputs, Seq<Seq<double>> Values, Seq<Seq<double>> Derivatives);

/// <summary>The activations lesson's result: the z grid and one curve per activation.</summary>
public sealed record ActivationsResult(ActivationsOptions Options, Seq<double> Z, Seq<ActivationCurve> Curves)
{
    /// <summary>f and f′ of the first output of <paramref name="curve"/> at the grid point nearest <paramref name="z"/>.</summary>
    public (double Z, double Value, double Derivative) At(ActivationCurve curve, double z)
    {
        var index = Z.Map(v => Math.Abs(v - z)).Select((d, i) => (d, i)).MinBy(p => p.d).i;
        return (Z[index], curve.Values[0][index], curve.Derivatives[0][index]);
    }
}

/// <summary>
/// Lesson 5: the activation functions of the slides beside their derivatives, all computed by the library:
/// element-wise ones by <see cref="Activations.Value{T}"/> and <see cref="Activations.Derivative{T}"/>, maxout by a
/// real <see cref="MaxoutLayer{T}"/> and its backward pass, softmax by <see cref="Activations.Apply{T}"/> and its
/// Jacobian-vector product <see cref="Activations.Backward{T}"/>. At a kink (z = 0) the derivative is the left one,
/// as the library uses it.
/// </summary>
public static class ActivationsLesson
{
    /// <summary>The z values the text table shows.</summary>
    public static readonly Seq<double> TablePoints = Seq(-2.0, -1.0, 0.0, 1.0, 2.0);

    /// <summary>Computes every curve.</summary>
    public static Fin<ActivationsResult> Run(ActivationsOptions options)
    {
        if (options.Points < 2) return Error.New($"the number of points must be at least 2 (got {options.Points})");
        if (options.Points > 1_000_000) return Error.New($"the number of points must be at most 1,000,000 (got {options.Points})");
        if (!(options.To > options.From) || !double.IsFinite(options.From) || !double.IsFinite(options.To))
            return Error.New($"the range needs finite ends with from < to (got {options.From} … {options.To})");
        if (!(options.EluAlpha >= 0) || !double.IsFinite(options.LeakySlope))
            return Error.New("the ELU's α must be ≥ 0 and the leaky slope a finite number");

        var z = toSeq(Enumerable.Range(0, options.Points)
            .Select(i => options.From + (options.To - options.From) * i / (options.Points - 1))).Strict();
        var curves = Seq(
            ElementWise(new Activation.Step(), "1 if z ≥ 0, else 0", z),
            ElementWise(new Activation.Sigmoid(), "σ(z) = 1 / (1 + e^−z)", z),
            ElementWise(new Activation.Tanh(), "tanh(z)", z),
            ElementWise(new Activation.ReLU(), "max(0, z)", z),
            ElementWise(new Activation.LeakyReLU(options.LeakySlope), $"max({Show(options.LeakySlope)}z, z)", z),
            ElementWise(new Activation.ELU(options.EluAlpha), $"z if z ≥ 0, else {Show(options.EluAlpha)}·(e^z − 1)", z),
            Maxout(options.MaxoutFirst, options.MaxoutSecond, z),
            Softmax(options.SoftmaxOthers, z));
        return new ActivationsResult(options, z, curves);
    }

    private static ActivationCurve ElementWise(Activation f, string formula, Seq<double> z) =>
        new(f.ToString(), formula, Seq1("f"),
            Seq1(z.Map(v => Activations.Value(f, v)).Strict()), Seq1(z.Map(v => Activations.Derivative(f, v)).Strict()));

    // A maxout layer of one neuron on one input: A = max(w₁z + b₁, w₂z + b₂); dA/dz from the layer's own backward pass.
    private static ActivationCurve Maxout((double W, double B) first, (double W, double B) second, Seq<double> z)
    {
        var layer = new MaxoutLayer<double>(
            Seq(Matrix<double>.Build.Dense(1, 1, first.W), Matrix<double>.Build.Dense(1, 1, second.W)),
            Seq(Matrix<double>.Build.Dense(1, 1, first.B), Matrix<double>.Build.Dense(1, 1, second.B)));
        var input = Matrix<double>.Build.Dense(1, z.Count, z.ToArray());
        var trace = layer.Forward(input);
        var ones = Matrix<double>.Build.Dense(1, z.Count, 1.0);
        var dInput = layer.Backward(input, trace, ones, inputGradient: true).Input.IfNone(() => throw new UnreachableException());
        return new ActivationCurve("maxout", $"max({Linear(first)}, {Linear(second)})", Seq1("f"),
            Seq1(LectureData.FirstRow(trace.A)), Seq1(LectureData.FirstRow(dInput)));
    }

    // softmax(z, a, b) with z varying: each column is one input vector; ∂s/∂z₁ = J·e₁ = the backward pass of dA = e₁
    // (the softmax Jacobian is symmetric, so Jᵀe₁ = Je₁).
    private static ActivationCurve Softmax((double A, double B) others, Seq<double> z)
    {
        var input = Matrix<double>.Build.Dense(3, z.Count, (i, j) => i switch { 0 => z[j], 1 => others.A, _ => others.B });
        var output = Activations.Apply(new Activation.Softmax(), input);
        var e1 = Matrix<double>.Build.Dense(3, z.Count, (i, _) => i == 0 ? 1.0 : 0.0);
        var derivative = Activations.Backward(new Activation.Softmax(), input, output, e1);
        Seq<Seq<double>> Rows(Matrix<double> m) => toSeq(Enumerable.Range(0, 3).Select(i => toSeq(m.Row(i).ToArray()).Strict())).Strict();
        return new ActivationCurve("softmax", $"softmax(z, {Show(others.A)}, {Show(others.B)})",
            Seq("s1", "s2", "s3"), Rows(output), Rows(derivative));
    }

    // w·z + b written as a person would: "z", "−0.5z + 0.5", "2z − 1".
    private static string Linear((double W, double B) piece)
    {
        var slope = piece.W switch { 0 => "", 1 => "z", -1 => "−z", _ => $"{Show(piece.W)}z" };
        var intercept = piece.B == 0 ? "" : slope.Length == 0 ? Show(piece.B) : piece.B > 0 ? $" + {Show(piece.B)}" : $" − {Show(-piece.B)}";
        return slope.Length == 0 && intercept.Length == 0 ? "0" : (slope + intercept).Replace("-", "−");
    }

    private static string Show(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
