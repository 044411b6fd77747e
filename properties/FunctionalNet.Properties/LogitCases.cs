namespace FunctionalNet.Properties;

/// <summary>Logits Z (classes × examples, entries in [−50, 50]) and one true class per example.</summary>
/// <param name="Values">Z in column-major order.</param>
/// <param name="Classes">The true class of each example (column).</param>
public sealed record LogitCase(int Rows, double[] Values, int[] Classes)
{
    /// <summary>Z.</summary>
    public Matrix<double> Z => Matrix<double>.Build.Dense(Rows, Classes.Length, Values);

    /// <summary>Y, one-hot columns.</summary>
    public Matrix<double> Y => Matrix<double>.Build.Dense(Rows, Classes.Length, (i, j) => Classes[j] == i ? 1.0 : 0.0);

    /// <inheritdoc />
    public override string ToString() => $"Z = {Z.ToMatrixString()} classes [{string.Join(",", Classes)}]";
}

/// <summary>Logit cases: 1–6 classes, 1–8 examples; shrinking drops examples, then classes, then halves the logits.</summary>
public static class LogitCases
{
    /// <summary>A logit case.</summary>
    public static Arbitrary<LogitCase> Cases() => Arb.From(
        from rows in Gen.Choose(1, 6)
        from columns in Gen.Choose(1, 8)
        from values in Gen.ArrayOf(Gen.Choose(-5000, 5000).Select(v => v / 100.0), rows * columns)
        from classes in Gen.ArrayOf(Gen.Choose(0, rows - 1), columns)
        select new LogitCase(rows, values, classes),
        Shrink);

    private static IEnumerable<LogitCase> Shrink(LogitCase c)
    {
        if (c.Classes.Length > 1) yield return c with { Values = c.Values[..^c.Rows], Classes = c.Classes[..^1] };
        if (c.Rows > 1 && c.Classes.All(k => k < c.Rows - 1))
            yield return new LogitCase(c.Rows - 1,
                Enumerable.Range(0, c.Classes.Length).SelectMany(j => c.Values.Skip(j * c.Rows).Take(c.Rows - 1)).ToArray(), c.Classes);
        if (c.Values.Any(v => Math.Abs(v) >= 1)) yield return c with { Values = c.Values.Select(v => Math.Round(v / 2, 2)).ToArray() };
    }
}
