namespace FunctionalNet.Properties;

/// <summary>(d) Softmax gives a probability per column; softmax-cross-entropy's output delta is (p − y)/m.</summary>
public class SoftmaxProperties
{
    private static readonly Activation Softmax = new Activation.Softmax();

    [Property(Arbitrary = [typeof(LogitCases)])]
    public void SoftmaxOutputsArePositiveAndSumToOne(LogitCase logits)
    {
        var p = Activations.Apply(Softmax, logits.Z);
        Assert.All(p.Enumerate(), v => Assert.True(v > 0, $"{logits}: softmax output {v}"));
        foreach (var column in p.EnumerateColumns())
            Assert.True(Math.Abs(column.Sum() - 1) <= 1e-14, $"{logits}: a column sums to {column.Sum():R}");
    }

    [Property(Arbitrary = [typeof(LogitCases)])]
    public void SoftmaxOfHugeLogitsStaysAProbability(LogitCase logits)
    {
        // e^5000 overflows a double: the shift by each column's maximum keeps every exponent ≤ 0.
        var p = Activations.Apply(Softmax, logits.Z * 100);
        Assert.All(p.Enumerate(), v => Assert.True(double.IsFinite(v) && v >= 0, $"{logits}·100: softmax output {v}"));
        foreach (var column in p.EnumerateColumns())
            Assert.True(Math.Abs(column.Sum() - 1) <= 1e-14, $"{logits}·100: a column sums to {column.Sum():R}");
    }

    [Property(Arbitrary = [typeof(LogitCases)])]
    public void SoftmaxCrossEntropyOutputDeltaIsPMinusYOverM(LogitCase logits)
    {
        var loss = new Loss.SoftmaxCrossEntropy();
        var (z, y) = (logits.Z, logits.Y);
        var p = Activations.Apply(Softmax, z);
        var expected = (p - y) / z.ColumnCount;
        var delta = Losses.OutputDelta(loss, Softmax, z, p, y);
        // The independent route: ∂C/∂A = −y/(m·a), then the softmax Jacobian a_i(δ_ij − a_j) — no cancellation used.
        var chainRule = Activations.Backward(Softmax, z, p, Losses.OutputGradient(loss, p, y));
        for (var i = 0; i < z.RowCount; i++)
            for (var j = 0; j < z.ColumnCount; j++)
            {
                Assert.True(Math.Abs(delta[i, j] - expected[i, j]) <= 1e-15, $"{logits}: dZ[{i},{j}] = {delta[i, j]:R}, (p − y)/m = {expected[i, j]:R}");
                Assert.True(Math.Abs(chainRule[i, j] - expected[i, j]) <= 1e-14, $"{logits}: chain rule gives {chainRule[i, j]:R}, (p − y)/m = {expected[i, j]:R}");
            }
    }
}
