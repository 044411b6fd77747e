namespace FunctionalNet;

/// <summary>
/// What a training run will hold in memory, estimated from the shapes alone, so an absurd request can be refused
/// before anything is allocated. Counts are doubles: a request such as 100000 × 100000 must not overflow the check.
/// </summary>
/// <param name="Parameters">The network's trainable scalars.</param>
/// <param name="ParameterCopies">How many parameter-shaped values are alive at once during an update.</param>
/// <param name="ActivationValues">The largest number of activation-shaped values alive at once (training batch or evaluation block).</param>
/// <param name="BytesPerValue">4 for float32, 8 for float64.</param>
public sealed record MemoryEstimate(double Parameters, int ParameterCopies, double ActivationValues, int BytesPerValue)
{
    /// <summary>The estimated peak in bytes: (copies × parameters + activations) × bytes per value.</summary>
    public double Bytes => (ParameterCopies * Parameters + ActivationValues) * BytesPerValue;
}

/// <summary>Memory estimates from layer shapes, and the refusal of a run that would not fit.</summary>
public static class MemoryEstimates
{
    /// <summary>The trainable scalars of the layers: W and b of a dense layer, every piece's W and b of a maxout layer.</summary>
    public static double ParameterCount(Seq<LayerSpec> layers) => layers.Sum(spec => spec.ParameterCount);

    /// <summary>
    /// Parameter-shaped values alive during one update: the network, its gradient, the gradient with λ·W added,
    /// the next network; the optimizer's running averages, their next values and its temporaries (momentum and
    /// Nesterov: one average; Adam and AdamW: two, and the bias-corrected direction); and the best network, kept
    /// when there is a validation set.
    /// </summary>
    public static int ParameterCopies(Optimizer optimizer, bool keepsBest) =>
        4 + optimizer.ParameterCopies + (keepsBest ? 1 : 0);

    /// <summary>
    /// The estimate for training <paramref name="layers"/> with <paramref name="options"/> on
    /// <paramref name="examples"/> examples (0 when not yet known: then the activations are left out, and only the
    /// parameters are counted). Per example in a batch, the forward pass keeps each layer's input, Z and A, and
    /// backpropagation a dZ, a ∂C/∂A and a dropout mask per unit: about 6 values per unit, plus 2 per input (the
    /// batch's copy of X and its mask). Evaluation runs the forward pass on blocks of up to
    /// <see cref="Metrics.Block"/> examples.
    /// </summary>
    public static MemoryEstimate Of(Seq<LayerSpec> layers, TrainingOptions options, bool keepsBest, int examples, int bytesPerValue)
    {
        var units = layers.Sum(l => (double)l.Size.Outputs);
        var inputs = (double)layers.Head.Size.Inputs;
        var batch = examples == 0 ? 0 : Math.Min(options.Batching.SizeFor(examples), examples);
        var evaluation = Math.Min(Metrics.Block, examples);
        var activations = Math.Max(batch * (6 * units + 2 * inputs), evaluation * (3 * units + inputs));
        return new MemoryEstimate(ParameterCount(layers), ParameterCopies(options.Optimizer, keepsBest), activations, bytesPerValue);
    }

    /// <summary>
    /// Refuses an estimate above <paramref name="limitBytes"/>, with one line giving both in GB and naming the sizes
    /// that drive it.
    /// </summary>
    public static Fin<Unit> Fits(MemoryEstimate estimate, double limitBytes, string limitDescription) =>
        estimate.Bytes <= limitBytes
            ? unit
            : Error.New(FormattableString.Invariant($"training this network would need about {Gigabytes(estimate.Bytes)} ({estimate.Parameters:N0} parameters × ") +
                FormattableString.Invariant($"{estimate.ParameterCopies} copies + {estimate.ActivationValues:N0} activations, {estimate.BytesPerValue} bytes each), ") +
                $"more than the limit of {Gigabytes(limitBytes)} ({limitDescription})");

    /// <summary>Bytes in GiB with one decimal, as the refusal prints them.</summary>
    public static string Gigabytes(double bytes) => FormattableString.Invariant($"{bytes / (1L << 30):N1} GiB");
}
