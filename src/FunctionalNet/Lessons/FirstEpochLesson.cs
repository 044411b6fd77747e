namespace FunctionalNet.Lessons;

/// <summary>The first-epoch lesson's inputs: the slide's w(0) and η = 1.</summary>
/// <param name="InitialWeights">w(0).</param>
/// <param name="LearningRate">η.</param>
public sealed record FirstEpochOptions(Seq<double> InitialWeights, double LearningRate = LectureData.LearningRate)
{
    /// <summary>The slide's values.</summary>
    public static FirstEpochOptions Lecture => new(toSeq(LectureData.InitialWeights).Strict());
}

/// <summary>One line of the slide's hand calculation.</summary>
/// <param name="Input">x.</param>
/// <param name="Target">y.</param>
/// <param name="Z">z = w·x.</param>
/// <param name="Prediction">ŷ = σ(z).</param>
/// <param name="Term">(y − ŷ)·ŷ·(1 − ŷ): the slide's column (−0.053, 0.148, −0.041, 0.148).</param>
public sealed record FirstEpochRow(Seq<double> Input, double Target, double Z, double Prediction, double Term);

/// <summary>The slide's first epoch, computed by the library.</summary>
/// <param name="Options">The inputs.</param>
/// <param name="Rows">One row per training example.</param>
/// <param name="Gradient">∂L/∂w = −Σ_i Term_i·x_i.</param>
/// <param name="WeightsAfter">w(1) = w(0) − η·∂L/∂w.</param>
/// <param name="LossBefore">L(w(0)).</param>
/// <param name="LossAfter">L(w(1)).</param>
/// <param name="StepSizes">t = 0 … 2η, for <paramref name="LossAlongStep"/>.</param>
/// <param name="LossAlongStep">L(w(0) − t·∂L/∂w) for each t: the loss along the descent direction; t = η gives L(w(1)).</param>
public sealed record FirstEpochResult(FirstEpochOptions Options, Seq<FirstEpochRow> Rows, Seq<double> Gradient,
    Seq<double> WeightsAfter, double LossBefore, double LossAfter, Seq<double> StepSizes, Seq<double> LossAlongStep)
{
    /// <summary>−∂L/∂w: what the slide writes as "∂L/∂w₁ = 0.106". Its sign is why w₁ grows.</summary>
    public Seq<double> SlideGradient => Gradient.Map(g => -g);
}

/// <summary>Lesson 2: one epoch of the single neuron by hand, as on the slide, with every intermediate number.</summary>
public static class FirstEpochLesson
{
    /// <summary>The points at which the loss is drawn along the descent direction.</summary>
    public const int RaySteps = 40;

    /// <summary>Runs the epoch.</summary>
    public static Fin<FirstEpochResult> Run(FirstEpochOptions options)
    {
        if (options.InitialWeights.Count != 3) return Error.New($"the neuron has 3 weights (got {options.InitialWeights.Count})");
        if (!(options.LearningRate >= 0) || double.IsInfinity(options.LearningRate))
            return Error.New($"the learning rate must be a finite number ≥ 0 (got {options.LearningRate})");

        var x = LectureData.AsColumns<double>(LectureData.Inputs);
        var y = LectureData.AsRow<double>(LectureData.Targets);
        var loss = new Loss.HalfSumSquares();
        var start = SingleNeuron.Create(options.InitialWeights, None);
        var epoch = NeuronSteps.Of(start, options.LearningRate);
        var (gradients, _) = Backpropagation.Run(start, loss, x, y);
        var steps = toSeq(Enumerable.Range(0, RaySteps + 1).Select(k => 2 * options.LearningRate * k / RaySteps)).Strict();
        var along = steps.Map(t => Network.Cost(GradientDescent.Update(start, gradients, t), loss, x, y)).Strict();
        return new FirstEpochResult(options, epoch.Rows, epoch.Gradient, epoch.WeightsAfter, epoch.LossBefore, epoch.LossAfter, steps, along);
    }
}
