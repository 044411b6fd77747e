namespace FunctionalNet;

/// <summary>What to train with: the loss, the step size, how long, how to batch, and how to regularize and watch.</summary>
/// <param name="Loss">The cost being minimised.</param>
/// <param name="LearningRate">η₀: the step size of w ← w − η·d, before the <see cref="Schedule"/>.</param>
/// <param name="Epochs">Passes over the training examples.</param>
/// <param name="Batching">Full batch, stochastic or mini-batches.</param>
/// <param name="Seed">Seeds the shuffles and the dropout masks; the only source of randomness in training.</param>
public sealed record TrainingOptions(Loss Loss, double LearningRate, int Epochs, Batching Batching, int Seed = 0)
{
    /// <summary>How gradients become steps: the lecture's gradient descent unless set.</summary>
    public Optimizer Optimizer { get; init; } = new Optimizer.GradientDescent();

    /// <summary>η(t) = η₀·s(t): constant unless set.</summary>
    public Schedule Schedule { get; init; } = new Schedule.Constant();

    /// <summary>Dropout during training (never when evaluating): none unless set.</summary>
    public DropoutRates Dropout { get; init; } = DropoutRates.None;

    /// <summary>
    /// λ of L2 regularization: λ·W is added to every weight gradient before the optimizer (the gradient of
    /// (λ/2)·Σ‖W‖²; the reported loss does not include that term). For decoupled decay use <see cref="Optimizer.AdamW"/>;
    /// <see cref="WeightDecay"/> explains the difference.
    /// </summary>
    public double L2 { get; init; }

    /// <summary>Stop when the validation loss stops improving, and restore the best network (needs a validation set).</summary>
    public Option<EarlyStopping> EarlyStopping { get; init; }

    /// <summary>Measure the train, validation and test sets every this many epochs, and after the last.</summary>
    public int EvaluateEvery { get; init; } = 1;
}

/// <summary>
/// Early stopping on the validation loss: stop once <paramref name="Patience"/> epochs have passed since the best one,
/// then return the network of the best epoch.
/// </summary>
/// <param name="Patience">Epochs without improvement to wait, ≥ 1.</param>
/// <param name="MinimumImprovement">An epoch improves only if its loss is below the best by more than this.</param>
public sealed record EarlyStopping(int Patience, double MinimumImprovement = 0);
