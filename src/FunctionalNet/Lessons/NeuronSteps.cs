namespace FunctionalNet.Lessons;

/// <summary>
/// One epoch of the lecture's neuron from any w(t), with or without a bias: the slide's table, computed by the library.
/// </summary>
/// <param name="Weights">w(t).</param>
/// <param name="Bias">b(t), if the neuron has one.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Rows">Per example: x, y, z, ŷ and (y − ŷ)ŷ(1 − ŷ).</param>
/// <param name="Gradient">∂L/∂w = −Σ_i (y_i − ŷ_i)ŷ_i(1 − ŷ_i)·x_i.</param>
/// <param name="BiasGradient">∂L/∂b = −Σ_i (y_i − ŷ_i)ŷ_i(1 − ŷ_i), with a bias.</param>
/// <param name="WeightsAfter">w(t+1) = w(t) − η·∂L/∂w.</param>
/// <param name="BiasAfter">b(t+1) = b(t) − η·∂L/∂b, with a bias.</param>
/// <param name="LossBefore">L(w(t)).</param>
/// <param name="LossAfter">L(w(t+1)).</param>
public sealed record NeuronEpoch(Seq<double> Weights, Option<double> Bias, double LearningRate, Seq<FirstEpochRow> Rows,
    Seq<double> Gradient, Option<double> BiasGradient, Seq<double> WeightsAfter, Option<double> BiasAfter, double LossBefore, double LossAfter);

/// <summary>Where a run of the neuron is after t epochs, and what its next epoch does.</summary>
/// <param name="Epoch">t.</param>
/// <param name="Run">The first t epochs: w(t), b(t), L per epoch, the held-out predictions at w(t).</param>
/// <param name="Next">Epoch t + 1, written out as on the slide.</param>
public sealed record NeuronMoment(int Epoch, NeuronRun Run, NeuronEpoch Next);

/// <summary>The single neuron as the playground steps it: train t epochs from w(0), then show epoch t + 1.</summary>
public static class NeuronSteps
{
    /// <summary>The epoch from <paramref name="neuron"/>: forward pass, the slide's column, backpropagation, one update.</summary>
    public static NeuronEpoch Of(Network<double> neuron, double learningRate)
    {
        var x = LectureData.AsColumns<double>(LectureData.Inputs);
        var y = LectureData.AsRow<double>(LectureData.Targets);
        var loss = new Loss.HalfSumSquares();
        var trace = Network.Forward(neuron, x).Layers[0];
        // The library's output delta is dZ = ∂L/∂z = (ŷ − y)·σ′(z) = −(y − ŷ)·ŷ·(1 − ŷ): the slide's column, negated.
        var dz = Losses.OutputDelta(loss, new Activation.Sigmoid(), trace.Z, trace.A, y);
        var rows = toSeq(LectureData.Inputs.Select((input, i) =>
            new FirstEpochRow(toSeq(input).Strict(), LectureData.Targets[i], trace.Z[0, i], trace.A[0, i], -dz[0, i]))).Strict();
        var (gradients, lossBefore) = Backpropagation.Run(neuron, loss, x, y);
        var after = GradientDescent.Update(neuron, gradients, learningRate);
        var (layer, next) = ((DenseLayer<double>)neuron.Layers[0], (DenseLayer<double>)after.Layers[0]);
        var parameters = gradients.Layers[0];
        return new NeuronEpoch(LectureData.FirstRow(layer.Weights), layer.Bias.Map(b => b[0, 0]), learningRate, rows,
            LectureData.FirstRow(parameters[0]), layer.Bias.Map(_ => parameters[1][0, 0]),
            LectureData.FirstRow(next.Weights), next.Bias.Map(b => b[0, 0]), lossBefore, Network.Cost(after, loss, x, y));
    }

    /// <summary>
    /// Trains the neuron w(0), b(0) for <paramref name="epoch"/> epochs (the same run as <c>functionalnet neuron</c>),
    /// then writes out the next epoch.
    /// </summary>
    public static Fin<NeuronMoment> At(Seq<double> initialWeights, Option<double> initialBias, double learningRate, int epoch)
    {
        if (initialWeights.Count != 3) return Error.New($"the neuron has 3 weights (got {initialWeights.Count})");
        if (initialWeights.Exists(w => !double.IsFinite(w)) || initialBias.Exists(b => !double.IsFinite(b)))
            return Error.New("the weights and the bias must be finite numbers");
        if (epoch < 0) return Error.New($"the epoch must be ≥ 0 (got {epoch})");
        return SingleNeuron.TrainRun(SingleNeuron.Create(initialWeights, initialBias), learningRate, epoch)
            .Map(run => new NeuronMoment(epoch, run, Of(SingleNeuron.Create(run.Weights, run.Bias), learningRate)));
    }
}
