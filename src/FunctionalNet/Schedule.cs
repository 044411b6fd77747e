namespace FunctionalNet;

/// <summary>
/// A learning-rate schedule, "reduce the learning rate as we approach the minimum": η(t) = η₀·s(t), a function of
/// the training time t measured in epochs from 0 (fractional within an epoch: the update on batch b of B in epoch e
/// has t = (e − 1) + (b − 1)/B, so a full-batch run sees t = 0, 1, 2, …). Open for extension, as JAX's schedules:
/// a subclass gives <see cref="LearningRate"/>; each built-in's formula is on its own line.
/// </summary>
public abstract record Schedule
{
    /// <summary>For subclasses: a schedule is a value (a record).</summary>
    protected Schedule() { }

    /// <summary>The name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>η(t) for base rate η₀ = <paramref name="baseRate"/> at time <paramref name="epochs"/> (t ≥ 0, in epochs).</summary>
    public abstract double LearningRate(double baseRate, double epochs);

    /// <summary>Refuses parameters outside their ranges.</summary>
    public virtual Fin<Unit> Validate() => unit;

    /// <summary>The same schedule for a run of <paramref name="epochs"/> epochs (a cosine ends with the run); unchanged unless overridden.</summary>
    public virtual Schedule Stretch(double epochs) => this;

    /// <summary>η(t) = η₀: the lecture's fixed step.</summary>
    public sealed record Constant : Schedule
    {
        /// <inheritdoc />
        public override string Name => "constant";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) => baseRate;
    }

    /// <summary>η(t) = η₀·γ^⌊t / N⌋: multiplied by γ every N epochs.</summary>
    /// <param name="Factor">γ in (0, 1].</param>
    /// <param name="Every">N &gt; 0 epochs.</param>
    public sealed record StepDecay(double Factor, double Every) : Schedule
    {
        /// <inheritdoc />
        public override string Name => "step";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) => baseRate * Numerics.Arithmetic.Current.Pow(Factor, Math.Floor(epochs / Every));
        /// <inheritdoc />
        public override Fin<Unit> Validate() =>
            !(Factor > 0 && Factor <= 1) ? Error.New($"the step decay factor must be in (0, 1] (got {Factor})")
            : !(Every > 0 && double.IsFinite(Every)) ? Error.New($"the step decay period must be > 0 epochs (got {Every})")
            : unit;
    }

    /// <summary>η(t) = η₀·e^(−k·t).</summary>
    /// <param name="Decay">k ≥ 0 per epoch.</param>
    public sealed record Exponential(double Decay) : Schedule
    {
        /// <inheritdoc />
        public override string Name => "exponential";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) => baseRate * Numerics.Arithmetic.Current.Exp(-Decay * epochs);
        /// <inheritdoc />
        public override Fin<Unit> Validate() => Rate(Decay);
    }

    /// <summary>η(t) = η₀ / (1 + k·t): the 1/t decay of stochastic approximation.</summary>
    /// <param name="Decay">k ≥ 0 per epoch.</param>
    public sealed record InverseTime(double Decay) : Schedule
    {
        /// <inheritdoc />
        public override string Name => "inverse-time";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) => baseRate / (1 + Decay * epochs);
        /// <inheritdoc />
        public override Fin<Unit> Validate() => Rate(Decay);
    }

    /// <summary>η(t) = η₀·½(1 + cos(π·t / T)) for t ≤ T, then 0 (Loshchilov and Hutter's cosine annealing).</summary>
    /// <param name="Epochs">T &gt; 0: the epoch at which η reaches 0; usually the run's length.</param>
    public sealed record Cosine(double Epochs) : Schedule
    {
        /// <inheritdoc />
        public override string Name => "cosine";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) =>
            baseRate * 0.5 * (1 + Numerics.Arithmetic.Current.Cos(Math.PI * Math.Min(epochs, Epochs) / Epochs));
        /// <inheritdoc />
        public override Fin<Unit> Validate() =>
            Epochs > 0 && double.IsFinite(Epochs) ? unit : Error.New($"the cosine schedule needs a length > 0 epochs (got {Epochs})");
        /// <inheritdoc />
        public override Schedule Stretch(double epochs) => new Cosine(epochs);
    }

    /// <summary>A linear warm-up: η(t) = η₀·t / W for t &lt; W, then <paramref name="Then"/> started afresh at t − W.</summary>
    /// <param name="Epochs">W &gt; 0 epochs of warm-up.</param>
    /// <param name="Then">The schedule after the warm-up.</param>
    public sealed record Warmup(double Epochs, Schedule Then) : Schedule
    {
        /// <inheritdoc />
        public override string Name => $"warmup+{Then.Name}";
        /// <inheritdoc />
        public override double LearningRate(double baseRate, double epochs) =>
            epochs < Epochs ? baseRate * epochs / Epochs : Then.LearningRate(baseRate, epochs - Epochs);
        /// <inheritdoc />
        public override Fin<Unit> Validate() =>
            Epochs > 0 && double.IsFinite(Epochs) ? Then.Validate() : Error.New($"the warm-up needs a length > 0 epochs (got {Epochs})");
        /// <inheritdoc />
        public override Schedule Stretch(double epochs) => this with { Then = Then.Stretch(Math.Max(1, epochs - Epochs)) };
    }

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

    private static Fin<Unit> Rate(double decay) =>
        decay >= 0 && double.IsFinite(decay) ? unit : Error.New($"a decay rate must be a finite number ≥ 0 (got {decay})");
}

/// <summary>The time t of an update, as the schedules take it.</summary>
public static class Schedules
{
    /// <summary>The time of the update on batch <paramref name="batch"/> of <paramref name="batches"/> (1-based) in epoch <paramref name="epoch"/> (1-based).</summary>
    public static double Time(int epoch, int batch, int batches) => epoch - 1 + (double)(batch - 1) / batches;
}
