namespace FunctionalNet.Lessons;

/// <summary>The matrices lesson's inputs.</summary>
/// <param name="Sizes">Layer sizes, inputs first: the lecture's 784, 16, 16, 10.</param>
/// <param name="CheckExamples">m of the real forward and backward pass whose shapes are checked.</param>
/// <param name="Seed">Seeds the network's first weights (the lecture's U(−0.5, 0.5)) and the check batch.</param>
public sealed record MatricesOptions(Seq<int> Sizes, int CheckExamples = 5, int Seed = 0)
{
    /// <summary>784-16-16-10.</summary>
    public static MatricesOptions Lecture => new(Seq(784, 16, 16, 10));
}

/// <summary>One equation of the slides, and the same equation with every matrix replaced by its shape.</summary>
public sealed record MatrixEquation(string Equation, string Shapes);

/// <summary>A matrix's shape as the lesson states it, next to the shape the library actually produced.</summary>
/// <param name="Name">The lecture's symbol, e.g. <c>W1</c> or <c>∂C/∂B3</c>.</param>
/// <param name="Expected">(rows, columns) from the sizes, with m = the check batch's size.</param>
/// <param name="Actual">(rows, columns) of the library's matrix.</param>
public sealed record ShapeCheck(string Name, (int Rows, int Columns) Expected, (int Rows, int Columns) Actual)
{
    /// <summary>The two shapes agree.</summary>
    public bool Matches => Expected == Actual;
}

/// <summary>The matrices lesson's result.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="Forward">Z_l = W_l·A_{l−1} + B_l and A_l = f(Z_l), layer by layer.</param>
/// <param name="Backward">dZ_l, ∂C/∂W_l and ∂C/∂B_l for C = |A_L − Y|², from the output back.</param>
/// <param name="Update">W_l ← W_l − η·∂C/∂W_l and the same for B_l.</param>
/// <param name="Checks">Every matrix of a real pass with m = <see cref="MatricesOptions.CheckExamples"/>.</param>
/// <param name="Network">The network whose shapes were checked, with its first weights.</param>
public sealed record MatricesResult(MatricesOptions Options, Seq<MatrixEquation> Forward, Seq<MatrixEquation> Backward,
    Seq<MatrixEquation> Update, Seq<ShapeCheck> Checks, Network<double> Network)
{
    /// <summary>Every shape the lesson states is the shape the library produced.</summary>
    public bool AllMatch => Checks.ForAll(c => c.Matches);
}

/// <summary>
/// Lesson 10: "Let's define our matrices and their dimensions". The deep network's equations with every shape written
/// out (examples are columns, so a batch of m examples is n × m), then a real forward and backward pass of the
/// library whose every matrix is compared with the stated shape.
/// </summary>
public static class MatricesLesson
{
    /// <summary>States the shapes and checks them.</summary>
    public static Fin<MatricesResult> Run(MatricesOptions options)
    {
        if (options.CheckExamples < 1) return Error.New($"the check batch needs at least 1 example (got {options.CheckExamples})");
        if (options.CheckExamples > 10_000) return Error.New($"the check batch holds at most 10,000 examples (got {options.CheckExamples})");
        var n = options.Sizes;
        var layers = n.Count - 1;
        return from specs in LayerSpec.Stack(n.ToArray(), new Activation.Sigmoid(), new Activation.Sigmoid())
               from fits in Limits.Layers(specs)
               from small in Limits.LessonNetwork(n.ToArray())
               from work in Limits.Work(Limits.TrainingWork(1, options.CheckExamples, specs.Sum(s => s.ParameterCount)), "the check pass")
               from network in Initialization.Create<double>(specs, Initializer.Lecture, options.Seed)
               select new MatricesResult(options, Forward(n), Backward(n), Update(n), Checks(network, n, options), network);
    }

    private static string Input(int l) => l == 1 ? "X" : $"A{l - 1}";

    private static Seq<MatrixEquation> Forward(Seq<int> n) => toSeq(Enumerable.Range(1, n.Count - 1).SelectMany(l => new[]
    {
        new MatrixEquation($"Z{l} = W{l}·{Input(l)} + B{l}", $"({n[l]}×m) = ({n[l]}×{n[l - 1]})·({n[l - 1]}×m) + ({n[l]}×1)"),
        new MatrixEquation($"A{l} = f(Z{l})", $"({n[l]}×m) = f({n[l]}×m)"),
    })).Strict();

    private static Seq<MatrixEquation> Backward(Seq<int> n)
    {
        var last = n.Count - 1;
        return toSeq(Enumerable.Range(1, last).Reverse().SelectMany(l => new[]
        {
            l == last
                ? new MatrixEquation($"dZ{l} = 2(A{l} − Y) ∘ f′(Z{l})", $"({n[l]}×m) = ({n[l]}×m) ∘ ({n[l]}×m)")
                : new MatrixEquation($"dZ{l} = (W{l + 1}ᵀ·dZ{l + 1}) ∘ f′(Z{l})", $"({n[l]}×m) = ({n[l]}×{n[l + 1]})·({n[l + 1]}×m) ∘ ({n[l]}×m)"),
            new MatrixEquation($"∂C/∂W{l} = dZ{l}·{Input(l)}ᵀ", $"({n[l]}×{n[l - 1]}) = ({n[l]}×m)·(m×{n[l - 1]})"),
            new MatrixEquation($"∂C/∂B{l} = dZ{l}·1  (summed over the m examples)", $"({n[l]}×1) = ({n[l]}×m)·(m×1)"),
        })).Strict();
    }

    private static Seq<MatrixEquation> Update(Seq<int> n) => toSeq(Enumerable.Range(1, n.Count - 1).SelectMany(l => new[]
    {
        new MatrixEquation($"W{l} ← W{l} − η·∂C/∂W{l}", $"({n[l]}×{n[l - 1]})"),
        new MatrixEquation($"B{l} ← B{l} − η·∂C/∂B{l}", $"({n[l]}×1)"),
    })).Strict();

    // One real pass on m random examples: the parameters, each layer's Z and A, and each gradient, with their shapes.
    private static Seq<ShapeCheck> Checks(Network<double> network, Seq<int> n, MatricesOptions options)
    {
        var m = options.CheckExamples;
        var random = Seeds.Generator(options.Seed, Seeds.Streams.Batch);
        var x = Matrix<double>.Build.Dense(n[0], m, (_, _) => random.NextDouble());
        var y = Matrix<double>.Build.Dense(n[^1], m, (i, j) => i == j % n[^1] ? 1.0 : 0.0);
        var trace = Network.Forward(network, x);
        var (gradients, _) = Backpropagation.Run(network, new Loss.MeanSquared(), x, y);
        static (int, int) Shape(Matrix<double> matrix) => (matrix.RowCount, matrix.ColumnCount);
        return toSeq(Enumerable.Range(1, n.Count - 1).SelectMany(l => new[]
        {
            new ShapeCheck($"W{l}", (n[l], n[l - 1]), Shape(network.Layers[l - 1].Parameters[0])),
            new ShapeCheck($"B{l}", (n[l], 1), Shape(network.Layers[l - 1].Parameters[1])),
            new ShapeCheck($"Z{l}", (n[l], m), Shape(trace.Layers[l - 1].Z)),
            new ShapeCheck($"A{l}", (n[l], m), Shape(trace.Layers[l - 1].A)),
            new ShapeCheck($"∂C/∂W{l}", (n[l], n[l - 1]), Shape(gradients.Layers[l - 1][0])),
            new ShapeCheck($"∂C/∂B{l}", (n[l], 1), Shape(gradients.Layers[l - 1][1])),
        })).Strict();
    }
}
