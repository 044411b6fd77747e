using FunctionalNet.Lessons;

namespace FunctionalNet.Properties;

/// <summary>The slide's hand-computed epoch, generalized: the library's epoch equals the lecture's closed form.</summary>
public class SingleNeuronProperties
{
    private static double Sigma(double z) => 1 / (1 + Math.Exp(-z));

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool OneEpochEqualsTheLecturesClosedForm(NeuronCase c)
    {
        // The lecture: ∂L/∂w_j = −Σ_i (y_i − σ_i) σ_i (1 − σ_i) x_ij, ∂L/∂b = −Σ_i (y_i − σ_i) σ_i (1 − σ_i),
        // then w_j(1) = w_j(0) − η ∂L/∂w_j, computed here with plain arithmetic.
        var sigma = c.Inputs.Select(x => Sigma(x.Select((xj, j) => xj * c.Weights[j]).Sum() + c.Bias)).ToArray();
        var term = sigma.Select((s, i) => (c.Targets[i] - s) * s * (1 - s)).ToArray();
        var expectedWeights = Enumerable.Range(0, 3).Select(j => c.Weights[j] + c.LearningRate * term.Select((t, i) => t * c.Inputs[i][j]).Sum()).ToArray();
        var expectedBias = c.Bias + c.LearningRate * term.Sum();

        var x = Matrix<double>.Build.Dense(3, c.Inputs.Length, (j, i) => c.Inputs[i][j]);
        var y = Matrix<double>.Build.Dense(1, c.Targets.Length, (_, i) => c.Targets[i]);
        var neuron = SingleNeuron.Create(toSeq(c.Weights), c.Bias);
        var trained = Training.Train(neuron, x, y, new TrainingOptions(new Loss.HalfSumSquares(), c.LearningRate, 1, new Batching.FullBatch()))
            .Match(r => r.Network, e => throw new InvalidOperationException(e.Message));
        var layer = (DenseLayer<double>)trained.Layers[0];

        return Enumerable.Range(0, 3).All(j => Close(layer.Weights[0, j], expectedWeights[j]))
            && layer.Bias.Map(b => Close(b[0, 0], expectedBias)).IfNone(false);
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected));
}
