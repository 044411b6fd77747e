using FunctionalNet.Lessons;

namespace FunctionalNet.Properties;

/// <summary>A neuron without bias to train: w(0), η and a number of epochs.</summary>
public sealed record BiasCase(double[] Weights, double LearningRate, int Epochs)
{
    /// <inheritdoc />
    public override string ToString() => $"w = ({string.Join(", ", Weights)}), η = {LearningRate}, {Epochs} epochs";
}

/// <summary>Generators and shrinkers for the lessons' properties, registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class LessonArbitraries
{
    private static Gen<double> Real(double limit) => Gen.Choose(-1000, 1000).Select(k => k * limit / 1000.0);

    /// <summary>Weights in [−10, 10], η in (0, 5], 0–30 epochs.</summary>
    public static Arbitrary<BiasCase> BiasCase() => Arb.From(
        from weights in Real(10).ArrayOf(3)
        from eta in Gen.Choose(1, 500).Select(k => k / 100.0)
        from epochs in Gen.Choose(0, 30)
        select new BiasCase(weights, eta, epochs),
        c => ShrinkBias(c));

    private static IEnumerable<BiasCase> ShrinkBias(BiasCase c)
    {
        if (c.Epochs > 0) yield return c with { Epochs = c.Epochs / 2 };
        for (var k = 0; k < 3; k++)
            if (c.Weights[k] != Math.Truncate(c.Weights[k]))
            {
                var w = (double[])c.Weights.Clone();
                w[k] = Math.Truncate(w[k]);
                yield return c with { Weights = w };
            }
    }

    /// <summary>Expression trees up to the generator's size: numbers (negative and fractional too), x, −, + − * / ^, calls.</summary>
    public static Arbitrary<Expression> Expression() => Arb.From(Gen.Sized(size => Tree(Math.Min(size, 12))), ShrinkExpression);

    private static Gen<Expression> Leaf =>
        Gen.OneOf(
            Gen.Choose(-300, 300).Select(k => (Expression)new Expression.Number(k / 8.0)),
            Gen.Constant((Expression)new Expression.Variable()));

    private static Gen<Expression> Tree(int size) => size <= 1 ? Leaf : Gen.Frequency(
        (2, Leaf),
        (1, Tree(size / 2).Select(e => (Expression)new Expression.Negate(e))),
        (3, from op in Gen.Elements('+', '-', '*', '/', '^')
            from left in Tree(size / 2)
            from right in Tree(size / 2)
            select (Expression)new Expression.Binary(op, left, right)),
        (1, from name in Gen.Elements(Expressions.FunctionNames.ToArray())
            from argument in Tree(size / 2)
            select (Expression)new Expression.Call(name, argument)));

    private static IEnumerable<Expression> ShrinkExpression(Expression e) => e switch
    {
        Expression.Negate n => [n.Operand],
        Expression.Binary b => [b.Left, b.Right],
        Expression.Call c => [c.Argument],
        Expression.Number { Value: not 0 } => [new Expression.Number(0)],
        _ => [],
    };
}
