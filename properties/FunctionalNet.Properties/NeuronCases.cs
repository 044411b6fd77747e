namespace FunctionalNet.Properties;

/// <summary>A single sigmoid neuron's epoch: w(0), b(0), η and a 0/1 dataset of 1–8 examples with 3 inputs.</summary>
public sealed record NeuronCase(double[] Weights, double Bias, double LearningRate, int[][] Inputs, int[] Targets)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"w = ({string.Join(", ", Weights)}), b = {Bias}, η = {LearningRate}, X = [{string.Join(" ", Inputs.Select(x => "[" + string.Join(",", x) + "]"))}], Y = [{string.Join(",", Targets)}]";
}

/// <summary>Generators and shrinkers for <see cref="NeuronCase"/>.</summary>
public static class NeuronCases
{
    private static Gen<double> Real(double limit) => Gen.Choose(-1000, 1000).Select(k => k * limit / 1000.0);

    /// <summary>Weights and bias in [−3, 3], η in (0, 2], 1–8 examples of 0/1 features and labels.</summary>
    public static Gen<NeuronCase> Cases =>
        from weights in Real(3).ArrayOf(3)
        from bias in Real(3)
        from eta in Gen.Choose(1, 200).Select(k => k / 100.0)
        from count in Gen.Choose(1, 8)
        from inputs in Gen.Choose(0, 1).ArrayOf(3).ArrayOf(count)
        from targets in Gen.Choose(0, 1).ArrayOf(count)
        select new NeuronCase(weights, bias, eta, inputs, targets);

    /// <summary>Fewer examples, then simpler numbers.</summary>
    public static IEnumerable<NeuronCase> Shrink(NeuronCase c)
    {
        if (c.Inputs.Length > 1)
            for (var k = 0; k < c.Inputs.Length; k++)
                yield return c with { Inputs = [.. c.Inputs.Where((_, i) => i != k)], Targets = [.. c.Targets.Where((_, i) => i != k)] };
        for (var k = 0; k < 3; k++)
            if (c.Weights[k] != 0)
            {
                var w = (double[])c.Weights.Clone();
                w[k] = Math.Truncate(w[k]) == w[k] ? 0 : Math.Truncate(w[k]);
                yield return c with { Weights = w };
            }
        if (c.Bias != 0) yield return c with { Bias = 0 };
        if (c.LearningRate != 1) yield return c with { LearningRate = 1 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<NeuronCase> Arbitrary() => Arb.From(Cases, Shrink);
}
