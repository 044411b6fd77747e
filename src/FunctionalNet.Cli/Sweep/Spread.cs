namespace FunctionalNet.Cli;

/// <summary>
/// How a quantity spreads over the runs of one configuration: count, mean, sample standard deviation
/// s = √(Σ(xᵢ − x̄)² / (n − 1)) (none for a single run), minimum and maximum.
/// </summary>
public sealed record Spread(int Count, double Mean, double? StandardDeviation, double Minimum, double Maximum)
{
    /// <summary>The spread of <paramref name="values"/>, or none if there are none.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        var x = values.ToArray();
        if (x.Length == 0) return null;
        var mean = x.Sum() / x.Length;
        double? deviation = x.Length > 1 ? Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1)) : null;
        return new Spread(x.Length, mean, deviation, x.Min(), x.Max());
    }
}
