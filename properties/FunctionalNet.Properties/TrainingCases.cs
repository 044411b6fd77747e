namespace FunctionalNet.Properties;

/// <summary>
/// A small network and batch (<see cref="NetworkCase"/>) with a way to train it: an optimizer, dropout rates,
/// an L2 coefficient, and a step at which to interrupt the run. Plain numbers, so FsCheck can shrink them.
/// </summary>
/// <param name="Case">The network and its batch.</param>
/// <param name="OptimizerIndex">Index into <see cref="TrainingCases.Optimizers"/>.</param>
/// <param name="DropoutIndex">Index into <see cref="TrainingCases.DropoutChoices"/>.</param>
/// <param name="L2">λ of L2 regularization, 0 or small.</param>
/// <param name="Cut">The update after which a resumed run takes over (modulo the run's length).</param>
public sealed record TrainingCase(NetworkCase Case, int OptimizerIndex, int DropoutIndex, double L2, int Cut)
{
    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => TrainingCases.Optimizers[OptimizerIndex];

    /// <summary>Three epochs of mini-batches of 3 (or single examples) with everything the case chose.</summary>
    public TrainingOptions Options(double learningRate) =>
        new(Case.Loss, learningRate, 3, Case.Examples > 3 ? new Batching.MiniBatch(3) : new Batching.Stochastic(), Case.Seed)
        {
            Optimizer = Optimizer,
            Dropout = TrainingCases.DropoutChoices[DropoutIndex],
            L2 = L2,
            Schedule = new Schedule.Cosine(3),
        };

    /// <inheritdoc />
    public override string ToString() =>
        $"{Case}; optimizer {Optimizer}, dropout {TrainingCases.DropoutChoices[DropoutIndex]}, L2 {L2}, cut after update {Cut}";
}

/// <summary>Generators and shrinkers for <see cref="TrainingCase"/>.</summary>
public static class TrainingCases
{
    /// <summary>Every optimizer, with its usual hyperparameters.</summary>
    public static readonly Optimizer[] Optimizers =
        [new Optimizer.GradientDescent(), new Optimizer.Momentum(0.9), new Optimizer.Nesterov(0.9), new Optimizer.Adam(), new Optimizer.AdamW(0.01)];

    /// <summary>No dropout, hidden only, hidden and input.</summary>
    public static readonly DropoutRates[] DropoutChoices = [DropoutRates.None, new(0.5), new(0.3, 0.2)];

    /// <summary>Any network case with any optimizer, dropout choice, λ ∈ {0, 0.01} and cut point.</summary>
    public static Gen<TrainingCase> Cases =>
        from c in NetworkCases.Cases
        from optimizer in Gen.Choose(0, Optimizers.Length - 1)
        from dropout in Gen.Choose(0, DropoutChoices.Length - 1)
        from l2 in Gen.Elements(0.0, 0.01)
        from cut in Gen.Choose(0, 30)
        select new TrainingCase(c, optimizer, dropout, l2, cut);

    /// <summary>A smaller network first, then plain gradient descent, no dropout, no L2, an earlier cut.</summary>
    public static IEnumerable<TrainingCase> Shrink(TrainingCase t)
    {
        foreach (var smaller in NetworkCases.Shrink(t.Case)) yield return t with { Case = smaller };
        if (t.OptimizerIndex > 0) yield return t with { OptimizerIndex = 0 };
        if (t.DropoutIndex > 0) yield return t with { DropoutIndex = 0 };
        if (t.L2 > 0) yield return t with { L2 = 0 };
        if (t.Cut > 0) yield return t with { Cut = t.Cut / 2 };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<TrainingCase> Arbitrary() => Arb.From(Cases, Shrink);
}
