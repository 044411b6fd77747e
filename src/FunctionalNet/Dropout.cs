namespace FunctionalNet;

/// <summary>
/// Dropout rates (Srivastava et al. 2014): during training each unit of a layer's input is zeroed with probability
/// p. <paramref name="Hidden"/> applies to the hidden layers' outputs; <paramref name="Input"/> to the pixels X.
/// The output layer is never dropped. A rate of 0 changes nothing, bit for bit.
/// </summary>
/// <param name="Hidden">p for hidden activations, in [0, 1); 0.5 is the classic choice for wide layers.</param>
/// <param name="Input">p for the network's input, in [0, 1); 0.2 is the classic choice for pixels.</param>
public sealed record DropoutRates(double Hidden, double Input = 0)
{
    /// <summary>No dropout.</summary>
    public static DropoutRates None => new(0, 0);

    /// <summary>The rate for the input of layer l (0-based): the input rate for l = 0, the hidden rate after.</summary>
    public double ForInputOf(int layer) => layer == 0 ? Input : Hidden;
}

/// <summary>
/// The dropout masks of one training step, one per layer: mask l multiplies that layer's input. None where the rate
/// is 0. A mask holds 0 (dropped) or 1/(1 − p) (kept): inverted dropout, so the expected input is unchanged and
/// prediction uses the network as it is.
/// </summary>
public sealed record DropoutMasks<T>(Seq<Option<Matrix<T>>> Masks) where T : struct, IFloatingPointIeee754<T>;

/// <summary>
/// Inverted dropout: the masks from an explicit seed, and how they enter the forward and the backward pass.
/// Forward, Ã_{l−1} = A_{l−1} ∘ M_l is what layer l sees; backward, ∂C/∂A_{l−1} = (W_lᵀ·dZ_l) ∘ M_l,
/// since the mask is a constant factor of that product.
/// </summary>
public static class Dropout
{
    /// <summary>No masks: the plain forward and backward passes.</summary>
    public static DropoutMasks<T> None<T>(Network<T> network) where T : struct, IFloatingPointIeee754<T> =>
        new(network.Layers.Map(_ => Option<Matrix<T>>.None).Strict());

    /// <summary>
    /// The masks of step (epoch, batch) for a batch of <paramref name="examples"/> columns. Mask l is drawn from the
    /// stream (seed, dropout, epoch, batch, l), down each column, column by column: a pure function of its arguments.
    /// </summary>
    public static DropoutMasks<T> Masks<T>(Network<T> network, DropoutRates rates, int examples, int seed, int epoch, int batch)
        where T : struct, IFloatingPointIeee754<T> =>
        new(toSeq(network.Layers.Select((layer, l) => rates.ForInputOf(l) == 0
            ? Option<Matrix<T>>.None
            : Some(Mask<T>(layer.Inputs, examples, rates.ForInputOf(l), Seeds.Generator(seed, Seeds.Streams.Dropout, epoch, batch, l)))))
            .Strict());

    private static Matrix<T> Mask<T>(int rows, int columns, double rate, System.Random random) where T : struct, IFloatingPointIeee754<T>
    {
        var keep = T.CreateChecked(1 / (1 - rate));
        var values = new T[rows * columns];
        for (var k = 0; k < values.Length; k++) values[k] = random.NextDouble() < rate ? T.Zero : keep;
        return Matrix<T>.Build.Dense(rows, columns, values);
    }

    /// <summary>Forward: the input layer <paramref name="layer"/> sees, A ∘ M (or A itself where there is no mask).</summary>
    public static Matrix<T> Apply<T>(DropoutMasks<T> masks, int layer, Matrix<T> a) where T : struct, IFloatingPointIeee754<T> =>
        masks.Masks[layer].Match(m => a.PointwiseMultiply(m), () => a);

    /// <summary>
    /// Backward: from ∂C/∂Ã (the gradient with respect to what layer <paramref name="layer"/> saw) to
    /// ∂C/∂A = ∂C/∂Ã ∘ M. The same product as the forward pass: M is a diagonal Jacobian.
    /// </summary>
    public static Matrix<T> Backward<T>(DropoutMasks<T> masks, int layer, Matrix<T> dInput) where T : struct, IFloatingPointIeee754<T> =>
        Apply(masks, layer, dInput);

    /// <summary>The masks of columns (examples) start … start + count − 1: a block of the batch gets its own examples' masks.</summary>
    public static DropoutMasks<T> Columns<T>(DropoutMasks<T> masks, int start, int count) where T : struct, IFloatingPointIeee754<T> =>
        new(masks.Masks.Map(mask => mask.Map(m => Numerics.Linear.ColumnRange(m, start, count))).Strict());

    /// <summary>Refuses rates outside [0, 1): a rate of 1 would drop every unit.</summary>
    public static Fin<Unit> Validate(DropoutRates rates) =>
        rates.Hidden is >= 0 and < 1 && rates.Input is >= 0 and < 1
            ? unit
            : Error.New($"dropout rates must be in [0, 1) (got hidden {rates.Hidden}, input {rates.Input})");
}
