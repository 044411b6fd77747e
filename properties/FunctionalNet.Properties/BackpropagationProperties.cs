namespace FunctionalNet.Properties;

/// <summary>
/// (b) A batch's gradient is the sum (sum-reduced loss) or the mean (mean-reduced loss) of its examples' gradients;
/// (c) scaling the loss by c scales every gradient by c: backpropagation is linear in the output delta.
/// </summary>
public class BackpropagationProperties
{
    [Property(Arbitrary = [typeof(AnyNetwork)])]
    public void TheBatchGradientIsTheSumOrMeanOfTheExampleGradients(NetworkCase c)
    {
        var network = c.Network<double>();
        var (x, y) = c.Data<double>();
        var batch = Backpropagation.Run(network, c.Loss, x, y).Gradients;
        var examples = Enumerable.Range(0, x.ColumnCount)
            .Select(j => Backpropagation.Run(network, c.Loss, Column(x, j), Column(y, j)).Gradients).ToArray();
        // ½Σ(y − a)² sums over the examples; mse and the cross-entropies average, so each example's own loss is its
        // contribution times m, and the batch gradient is the mean.
        var reduce = c.Loss.Reduction == Reduction.Sum ? 1.0 : 1.0 / x.ColumnCount;
        var expected = examples.Aggregate((g, h) => g.Add(h)).Scale(reduce);
        // A sum in a different order differs by rounding only: at most a few ulps of Σ|gⱼ|.
        var scale = examples.Select(Magnitude).Aggregate((g, h) => g.Add(h)).Scale(reduce);
        AssertClose(expected, batch, scale, 1e-12, c.ToString());
    }

    [Property(Arbitrary = [typeof(AnyNetwork), typeof(LossFactors)])]
    public void ScalingTheLossByCScalesEveryGradientByC(NetworkCase c, LossFactor factor)
    {
        var network = c.Network<double>();
        var (x, y) = c.Data<double>();
        var (gradients, loss) = Backpropagation.Run(network, c.Loss, x, y);
        var (scaledGradients, scaledLoss) = Backpropagation.Run(network, c.Loss with { Scale = factor.C }, x, y);
        Assert.True(Math.Abs(scaledLoss - factor.C * loss) <= 1e-15 * Math.Abs(factor.C * loss), $"{c}: {factor.C}·C = {factor.C * loss}, scaled loss {scaledLoss}");
        // Each matrix to a few ulps of its largest entry: c enters once, at the output delta, and rides along linearly.
        var expected = gradients.Scale(factor.C);
        var scale = new Gradients<double>(expected.Layers.Map(l => l.Map(m => Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, m.Enumerate().Select(Math.Abs).DefaultIfEmpty(0).Max()))));
        AssertClose(expected, scaledGradients, scale, 1e-12, $"{c}, c = {factor.C}");
    }

    private static Matrix<double> Column(Matrix<double> m, int j) => m.Column(j).ToColumnMatrix();

    private static Gradients<double> Magnitude(Gradients<double> g) => new(g.Layers.Map(l => l.Map(m => m.PointwiseAbs())));

    private static void AssertClose(Gradients<double> expected, Gradients<double> actual, Gradients<double> scale, double tolerance, string what)
    {
        foreach (var (l, p) in expected.Layers.SelectMany((matrices, l) => matrices.Select((_, p) => (l, p))))
        {
            var (e, a, s) = (expected.Layers[l][p], actual.Layers[l][p], scale.Layers[l][p]);
            for (var i = 0; i < e.RowCount; i++)
                for (var j = 0; j < e.ColumnCount; j++)
                    Assert.True(Math.Abs(e[i, j] - a[i, j]) <= tolerance * s[i, j],
                        $"{what}: layer {l + 1} parameter {p} [{i},{j}]: expected {e[i, j]:R}, got {a[i, j]:R}");
        }
    }
}

/// <summary>A factor c ≠ 0 for the loss.</summary>
public sealed record LossFactor(double C);

/// <summary>c = ±10^(k/4), k = −12 … 12, shrinking towards ±1 and ±2.</summary>
public static class LossFactors
{
    /// <summary>A factor.</summary>
    public static Arbitrary<LossFactor> Factors() => Arb.From(
        from k in Gen.Choose(-12, 12)
        from sign in Gen.Elements(-1.0, 1.0)
        select new LossFactor(sign * Math.Pow(10, k / 4.0)),
        f => new[] { Math.Sign(f.C) * 2.0, Math.Sign(f.C) * 1.0 }.Where(c => c != f.C).Select(c => new LossFactor(c)));
}
