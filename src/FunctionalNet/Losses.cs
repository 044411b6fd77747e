namespace FunctionalNet;

/// <summary>
/// A loss over a batch: its value C(A, Y) and its output delta dZ_L = ∂C/∂Z_L side by side (Nielsen's fn and delta).
/// The delta already carries the batch reduction (the 1/m of a mean), so backpropagation is exactly
/// ∂C/∂W_l = dZ_l · A_{l−1}ᵀ; this equals the lecture's (1/m)·dZ·Aᵀ with the 1/m moved to the front.
/// </summary>
public static class Losses
{
    /// <summary>C(A, Y) = c·Σ ℓ(a, y) (times 1/m for a mean), accumulated in double precision whatever T is.</summary>
    public static double Value<T>(Loss loss, Matrix<T> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        var total = loss switch
        {
            // The squared errors, summed by a SIMD kernel.
            Loss.HalfSumSquares => 0.5 * Numerics.Elementwise.SumOfSquaredDifferences(a, y),
            Loss.MeanSquared => Numerics.Elementwise.SumOfSquaredDifferences(a, y),
            _ => Numerics.Elementwise.Sum(a, y, loss.Value),
        };
        return loss.Scale * (loss.Reduction == Reduction.Mean ? total / a.ColumnCount : total);
    }

    /// <summary>
    /// C for an output layer with activation f, from its pre-activation Z where the loss and f are one of the fused
    /// pairs (the value's counterpart of <see cref="OutputDelta{T}"/>'s cancellations), else from A as
    /// <see cref="Value{T}(Loss, Matrix{T}, Matrix{T})"/>. From Z the two cross-entropies stay finite and accurate where A
    /// has rounded to 0 or 1; where both are finite they agree up to rounding. Accumulated in double precision whatever T is.
    /// </summary>
    public static double Value<T>(Loss loss, Activation f, Matrix<T> z, Matrix<T> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        double? total = (loss, f) switch
        {
            // sigmoid + binary cross-entropy: ℓ = max(z, 0) − y·z + log(1 + e^−|z|) per entry
            (Loss.BinaryCrossEntropy, Activation.Sigmoid) => Numerics.Elementwise.Sum(z, y, Loss.BinaryCrossEntropy.FromLogit),
            // softmax + cross-entropy: −Σ_i y_i log a_i = Σ_i y_i·(lse(z) − z_i) per column
            (Loss.SoftmaxCrossEntropy, Activation.Softmax) => Numerics.Elementwise.SumOverColumns(z, y, Loss.SoftmaxCrossEntropy.FromLogits),
            _ => null,
        };
        return total is { } t ? loss.Scale * (loss.Reduction == Reduction.Mean ? t / a.ColumnCount : t) : Value(loss, a, y);
    }

    /// <summary>A batch's value as a sum over its <paramref name="examples"/> examples, so batches of different sizes add up.</summary>
    public static double Total(Loss loss, double value, int examples) => loss.Reduction == Reduction.Mean ? value * examples : value;

    /// <summary>The value over <paramref name="examples"/> examples from the sum of their batch <see cref="Total"/>s.</summary>
    public static double FromTotal(Loss loss, double total, int examples) => loss.Reduction == Reduction.Mean ? total / examples : total;

    /// <summary>∂C/∂A = c·∂ℓ/∂a (times 1/m for a mean): the gradient of the loss with respect to the network's output.</summary>
    public static Matrix<T> OutputGradient<T>(Loss loss, Matrix<T> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T>
    {
        var scale = T.CreateChecked(loss.Scale) / (loss.Reduction == Reduction.Mean ? T.CreateChecked(a.ColumnCount) : T.One);
        return loss switch
        {
            // The built-ins' Derivative in SIMD kernels.
            Loss.HalfSumSquares => Numerics.Elementwise.ScaledDifference(a, y, scale),
            Loss.MeanSquared => Numerics.Elementwise.ScaledDifference(a, y, T.CreateChecked(2) * scale),
            Loss.BinaryCrossEntropy => Numerics.Elementwise.BinaryCrossEntropyGradient(a, y, scale),
            Loss.SoftmaxCrossEntropy => Numerics.Elementwise.CrossEntropyGradient(a, y, scale),
            _ => Numerics.Entrywise.Map2(a, y, (ai, yi) => loss.Derivative(ai, yi) * scale),
        };
    }

    /// <summary>
    /// dZ_L = ∂C/∂Z_L for an output layer with activation f. The two famous cancellations are named lines;
    /// every other pairing goes through the chain rule dZ = f′-backward(∂C/∂A).
    /// </summary>
    public static Matrix<T> OutputDelta<T>(Loss loss, Activation f, Matrix<T> z, Matrix<T> a, Matrix<T> y)
        where T : struct, IFloatingPointIeee754<T>
    {
        var scale = T.CreateChecked(loss.Scale) / T.CreateChecked(a.ColumnCount);   // both cancellations are mean-reduced losses
        return (loss, f) switch
        {
            // softmax + cross-entropy: ∂/∂z_j (−Σ_i y_i log a_i) = Σ_i y_i (a_j − δ_ij) = a_j − y_j (as Σ y = 1)
            (Loss.SoftmaxCrossEntropy, Activation.Softmax) => Numerics.Elementwise.ScaledDifference(a, y, scale),
            // sigmoid + binary cross-entropy: (a − y)/(a(1 − a)) · a(1 − a) = a − y
            (Loss.BinaryCrossEntropy, Activation.Sigmoid) => Numerics.Elementwise.ScaledDifference(a, y, scale),
            _ => Activations.Backward(f, z, a, OutputGradient(loss, a, y)),
        };
    }

    /// <summary>Refuses an output activation whose range the loss cannot take (a log of a non-positive number).</summary>
    public static Fin<Unit> Validate(Loss loss, Activation output) => loss.Accepts(output);
}
