namespace FunctionalNet;

/// <summary>One epoch of the perceptron rule: the outputs on every example after the epoch, and the weights.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Outputs">step(w·x + b) for each example, after the epoch's updates.</param>
/// <param name="Mistakes">How many examples the rule corrected during the epoch.</param>
/// <param name="Weights">w after the epoch.</param>
/// <param name="Bias">b after the epoch (0 and untouched without a bias).</param>
public sealed record PerceptronEpoch(int Epoch, Seq<int> Outputs, int Mistakes, Seq<double> Weights, double Bias);

/// <summary>The outcome of the perceptron rule.</summary>
/// <param name="Weights">The final weights.</param>
/// <param name="Bias">The final bias.</param>
/// <param name="History">Every epoch run.</param>
/// <param name="Converged">True when an epoch made no mistake: every example is classified right.</param>
public sealed record PerceptronResult(Seq<double> Weights, double Bias, Seq<PerceptronEpoch> History, bool Converged);

/// <summary>
/// The step neuron ŷ = step(w·x + b) and the classic perceptron rule, applied example by example:
/// w ← w + η(y − ŷ)x, b ← b + η(y − ŷ). Gradient descent cannot train it: step′ is 0 wherever it exists.
/// </summary>
public static class Perceptron
{
    /// <summary>ŷ = step(w·x + b).</summary>
    public static int Output(IEnumerable<double> weights, double bias, IEnumerable<double> x) =>
        (int)Activations.Value(new Activation.Step(), weights.Zip(x, (w, xi) => w * xi).Sum() + bias);

    /// <summary>
    /// Runs the rule until an epoch makes no mistake or <paramref name="maxEpochs"/> pass. Rows of
    /// <paramref name="examples"/> are examples; labels are 0 or 1.
    /// </summary>
    public static Fin<PerceptronResult> Train(IReadOnlyList<IReadOnlyList<double>> examples, IReadOnlyList<int> labels,
        IReadOnlyList<double> initialWeights, double initialBias, double learningRate, int maxEpochs, bool useBias)
    {
        if (examples.Count == 0 || examples.Count != labels.Count) return Error.New("the perceptron needs as many labels as examples, at least one");
        if (examples.Any(x => x.Count != initialWeights.Count)) return Error.New($"every example needs {initialWeights.Count} inputs");
        if (labels.Any(y => y is not (0 or 1))) return Error.New("perceptron labels must be 0 or 1");
        if (!(learningRate > 0)) return Error.New($"the learning rate must be > 0 (got {learningRate})");
        if (maxEpochs < 1) return Error.New($"the number of epochs must be ≥ 1 (got {maxEpochs})");

        var history = Seq<PerceptronEpoch>();
        var (weights, bias) = (toSeq(initialWeights).Strict(), initialBias);
        for (var epoch = 1; epoch <= maxEpochs; epoch++)
        {
            var mistakes = 0;
            for (var i = 0; i < examples.Count; i++)
            {
                var error = labels[i] - Output(weights, bias, examples[i]);   // y − ŷ ∈ {−1, 0, 1}
                if (error == 0) continue;
                mistakes++;
                var x = examples[i];
                weights = toSeq(weights.Select((w, j) => w + learningRate * error * x[j])).Strict();
                if (useBias) bias += learningRate * error;
            }
            var outputs = toSeq(examples.Select(x => Output(weights, bias, x))).Strict();
            history = history.Add(new PerceptronEpoch(epoch, outputs, mistakes, weights, bias));
            if (mistakes == 0) return new PerceptronResult(weights, bias, history, true);
        }
        return new PerceptronResult(weights, bias, history, false);
    }
}
