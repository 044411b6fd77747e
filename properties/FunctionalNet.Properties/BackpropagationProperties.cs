namespace FunctionalNet.Properties;

/// <summary>
/// (b) A batch's gradient is the sum (sum-reduced loss) or the mean (mean-reduced loss) of its examples' gradients;
/// (c) scaling the loss by c scales every gradient by c: backpropagation is linear in the output delta.
/// </summary>
public class BackpropagationProperties
{
    [Property(Arbitrary = [typeof(AnyNetwork)])]
    public void TheBatchGradientIsTheSumOrMeanOfTheExampleGradients(CheckedNetworkCase c)
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
        // The two differ by rounding only: the 1/m applied before or after, and sums taken in another order. Where an
        // entry is a difference of larger terms (the softmax Jacobian, a bias summing dZ), that rounding is a few ulps
        // of the terms, not of the entry; so the bound is 10⁻¹² of the largest Σⱼ|gⱼ| in the same matrix.
        var scale = examples.Select(Magnitude).Aggregate((g, h) => g.Add(h)).Scale(reduce);
        for (var l = 0; l < expected.Layers.Count; l++)
            for (var p = 0; p < expected.Layers[l].Count; p++)
            {
                var (e, a) = (expected.Layers[l][p], batch.Layers[l][p]);
                var bound = 1e-12 * scale.Layers[l][p].Enumerate().Max();
                for (var i = 0; i < e.RowCount; i++)
                    for (var j = 0; j < e.ColumnCount; j++)
                        Assert.True(Math.Abs(e[i, j] - a[i, j]) <= bound,
                            $"{c}: layer {l + 1} parameter {p} [{i},{j}]: from the examples {e[i, j]:R}, from the batch {a[i, j]:R}");
            }
    }

    [Property(Arbitrary = [typeof(AnyNetwork), typeof(LossFactors)])]
    public void ScalingTheLossByCScalesEveryGradientByC(CheckedNetworkCase c, LossFactor factor)
    {
        var network = c.Network<double>();
        var (x, y) = c.Data<double>();
        var (gradients, loss) = Backpropagation.Run(network, c.Loss, x, y);
        var (scaledGradients, scaledLoss) = Backpropagation.Run(network, c.Loss with { Scale = factor.C }, x, y);
        // c = ±2ᵏ scales a double without rounding, so linearity in the output delta must hold exactly (up to the
        // sign of a zero): c enters once, at dZ_L, and every later step is linear in it.
        Assert.True(Same(factor.C * loss, scaledLoss), $"{c}, c = {factor.C}: c·C = {factor.C * loss:R}, scaled loss {scaledLoss:R}");
        var expected = gradients.Scale(factor.C);
        foreach (var (l, p) in expected.Layers.SelectMany((matrices, l) => matrices.Select((_, p) => (l, p))))
            Assert.True(expected.Layers[l][p].Enumerate().Zip(scaledGradients.Layers[l][p].Enumerate()).All(e => Same(e.Item1, e.Item2)),
                $"{c}, c = {factor.C}: layer {l + 1} parameter {p}: c·∂C/∂θ = {expected.Layers[l][p].ToMatrixString()} but ∂(c·C)/∂θ = {scaledGradients.Layers[l][p].ToMatrixString()}");
    }

    // Equal values, or both NaN (a saturated bce output can make both sides NaN alike).
    private static bool Same(double first, double second) => first == second || (double.IsNaN(first) && double.IsNaN(second));

    private static Matrix<double> Column(Matrix<double> m, int j) => m.Column(j).ToColumnMatrix();

    private static Gradients<double> Magnitude(Gradients<double> g) => new(g.Layers.Map(l => l.Map(m => m.PointwiseAbs())));
}

/// <summary>A factor c ≠ 0 for the loss.</summary>
public sealed record LossFactor(double C);

/// <summary>c = ±2ᵏ, k = −20 … 20 (exact in floating point), shrinking towards ±2 and ±1.</summary>
public static class LossFactors
{
    /// <summary>A factor.</summary>
    public static Arbitrary<LossFactor> Factors() => Arb.From(
        from k in Gen.Choose(-20, 20)
        from sign in Gen.Elements(-1.0, 1.0)
        select new LossFactor(sign * Math.ScaleB(1.0, k)),
        f => new[] { Math.Sign(f.C) * 2.0, Math.Sign(f.C) * 1.0 }.Where(c => c != f.C).Select(c => new LossFactor(c)));
}
