namespace FunctionalNet;

/// <summary>
/// A learning-rate schedule, "reduce the learning rate as we approach the minimum": η(t) = η₀·s(t), a function of
/// the training time t measured in epochs from 0 (fractional within an epoch: the update on batch b of B in epoch e
/// has t = (e − 1) + (b − 1)/B, so a full-batch run sees t = 0, 1, 2, …). A closed union; <see cref="Schedules"/>
/// gives every case's formula in one switch.
/// </summary>
public abstract record Schedule
{
    private Schedule() { }

    /// <summary>η(t) = η₀: the lecture's fixed step.</summary>
    public sealed record Constant : Schedule;

    /// <summary>η(t) = η₀·γ^⌊t / N⌋: multiplied by γ every N epochs.</summary>
    /// <param name="Factor">γ in (0, 1].</param>
    /// <param name="Every">N &gt; 0 epochs.</param>
    public sealed record StepDecay(double Factor, double Every) : Schedule;

    /// <summary>η(t) = η₀·e^(−k·t).</summary>
    /// <param name="Decay">k ≥ 0 per epoch.</param>
    public sealed record Exponential(double Decay) : Schedule;

    /// <summary>η(t) = η₀ / (1 + k·t): the 1/t decay of stochastic approximation.</summary>
    /// <param name="Decay">k ≥ 0 per epoch.</param>
    public sealed record InverseTime(double Decay) : Schedule;

    /// <summary>η(t) = η₀·½(1 + cos(π·t / T)) for t ≤ T, then 0 (Loshchilov and Hutter's cosine annealing).</summary>
    /// <param name="Epochs">T &gt; 0: the epoch at which η reaches 0; usually the run's length.</param>
    public sealed record Cosine(double Epochs) : Schedule;

    /// <summary>A linear warm-up: η(t) = η₀·t / W for t &lt; W, then <paramref name="Then"/> started afresh at t − W.</summary>
    /// <param name="Epochs">W &gt; 0 epochs of warm-up.</param>
    /// <param name="Then">The schedule after the warm-up.</param>
    public sealed record Warmup(double Epochs, Schedule Then) : Schedule;

    /// <summary>The name used on the command line.</summary>
    public string Name => this switch
    {
        Constant => "constant",
        StepDecay => "step",
        Exponential => "exponential",
        InverseTime => "inverse-time",
        Cosine => "cosine",
        Warmup w => $"warmup+{w.Then.Name}",
        _ => throw new UnreachableException(),
    };

    /// <summary>The schedule with its parameters, e.g. <c>step(×0.5 every 10)</c>; sealed, so cases print this and not a record dump.</summary>
    public sealed override string ToString() => this switch
    {
        StepDecay s => $"step(×{Inv(s.Factor)} every {Inv(s.Every)} epochs)",
        Exponential e => $"exponential({Inv(e.Decay)})",
        InverseTime i => $"inverse-time({Inv(i.Decay)})",
        Cosine c => $"cosine({Inv(c.Epochs)} epochs)",
        Warmup w => $"warmup({Inv(w.Epochs)} epochs) then {w.Then}",
        _ => Name,
    };

    private static string Inv(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The schedules' formulas, and the time t of an update.</summary>
public static class Schedules
{
    /// <summary>η(t) for base rate η₀ = <paramref name="baseRate"/> at time <paramref name="epochs"/> (t ≥ 0, in epochs).</summary>
    public static double LearningRate(Schedule schedule, double baseRate, double epochs) => schedule switch
    {
        Schedule.Constant => baseRate,
        Schedule.StepDecay s => baseRate * Math.Pow(s.Factor, Math.Floor(epochs / s.Every)),
        Schedule.Exponential e => baseRate * Math.Exp(-e.Decay * epochs),
        Schedule.InverseTime i => baseRate / (1 + i.Decay * epochs),
        Schedule.Cosine c => baseRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(epochs, c.Epochs) / c.Epochs)),
        Schedule.Warmup w => epochs < w.Epochs ? baseRate * epochs / w.Epochs : LearningRate(w.Then, baseRate, epochs - w.Epochs),
        _ => throw new UnreachableException(),
    };

    /// <summary>The time of the update on batch <paramref name="batch"/> of <paramref name="batches"/> (1-based) in epoch <paramref name="epoch"/> (1-based).</summary>
    public static double Time(int epoch, int batch, int batches) => epoch - 1 + (double)(batch - 1) / batches;

    /// <summary>Refuses parameters outside their ranges.</summary>
    public static Fin<Unit> Validate(Schedule schedule) => schedule switch
    {
        Schedule.Constant => unit,
        Schedule.StepDecay s when !(s.Factor > 0 && s.Factor <= 1) => Error.New($"the step decay factor must be in (0, 1] (got {s.Factor})"),
        Schedule.StepDecay s when !(s.Every > 0 && double.IsFinite(s.Every)) => Error.New($"the step decay period must be > 0 epochs (got {s.Every})"),
        Schedule.StepDecay => unit,
        Schedule.Exponential e => Rate(e.Decay),
        Schedule.InverseTime i => Rate(i.Decay),
        Schedule.Cosine c => c.Epochs > 0 && double.IsFinite(c.Epochs) ? unit : Error.New($"the cosine schedule needs a length > 0 epochs (got {c.Epochs})"),
        Schedule.Warmup w => w.Epochs > 0 && double.IsFinite(w.Epochs) ? Validate(w.Then) : Error.New($"the warm-up needs a length > 0 epochs (got {w.Epochs})"),
        _ => throw new UnreachableException(),
    };

    private static Fin<Unit> Rate(double decay) =>
        decay >= 0 && double.IsFinite(decay) ? unit : Error.New($"a decay rate must be a finite number ≥ 0 (got {decay})");
}
