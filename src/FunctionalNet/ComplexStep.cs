namespace FunctionalNet;

/// <summary>
/// The complex-step derivative (Squire and Trapp 1998): for C analytic in θ, C(θ + ih·u) = C(θ) + ih·∂C/∂u + O(h²),
/// so ∂C/∂u = Im C(θ + ih·u) / h with no difference of nearly equal numbers, exact to rounding for h = 10⁻²⁰.
/// It needs a forward pass in complex arithmetic, which every component on the path must extend analytically:
/// <see cref="Layer{T}.AnalyticForward"/>, <see cref="Activation.Analytic"/> and <see cref="Loss.Analytic"/>.
/// The pass is in double precision whatever T is (a float parameter converts to double exactly) and without dropout,
/// as every gradient check.
/// </summary>
public static class ComplexStep
{
    /// <summary>
    /// ∂C/∂u at the network's parameters, u a direction shaped as the parameters, by Im C(θ + ih·u) / h; None when a
    /// layer, activation or loss has no analytic extension (a kink, a maximum). Any h works from 10⁻¹⁰ down to far
    /// below ε (<see cref="GradientCheckOptions.DefaultStepFor"/> gives 10⁻²⁰): the truncation error is O(h²) and
    /// there is no cancellation to grow as h falls.
    /// </summary>
    public static Option<double> Derivative<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, Gradients<T> direction, double h)
        where T : struct, IFloatingPointIeee754<T>
    {
        // A_0 = X, A_l = layer_l(θ_l + ih·u_l; A_{l−1}): the forward pass with every parameter stepped into the complex plane.
        var output = network.Layers.Zip(direction.Layers).Fold(Some(x.Map(v => new Complex(double.CreateChecked(v), 0))), (a, step) =>
            a.Bind(input => step.Item1.AnalyticForward(Stepped(step.Item1.Parameters, step.Item2, h), input)));
        return output.Bind(a => Cost(loss, a, y)).Map(c => c.Imaginary / h);
    }

    /// <summary>θ + ih·u for each of a layer's parameter matrices.</summary>
    private static Seq<Matrix<Complex>> Stepped<T>(Seq<Matrix<T>> theta, Seq<Matrix<T>> u, double h) where T : struct, IFloatingPointIeee754<T> =>
        theta.Zip(u).Map(p => Matrix<Complex>.Build.Dense(p.Item1.RowCount, p.Item1.ColumnCount,
            (i, j) => new Complex(double.CreateChecked(p.Item1[i, j]), h * double.CreateChecked(p.Item2[i, j])))).Strict();

    /// <summary>C = c·Σ ℓ(a, y) (times 1/m for a mean), as <see cref="Losses.Value{T}(Loss, Matrix{T}, Matrix{T})"/>, with the loss's complex ℓ.</summary>
    private static Option<Complex> Cost<T>(Loss loss, Matrix<Complex> a, Matrix<T> y) where T : struct, IFloatingPointIeee754<T> =>
        toSeq(a.Enumerate().Zip(y.Enumerate(), (ai, yi) => loss.Analytic(ai, double.CreateChecked(yi)))).Sequence()
            .Map(terms => terms.Fold(Complex.Zero, (sum, term) => sum + term))
            .Map(total => loss.Scale * (loss.Reduction == Reduction.Mean ? total / a.ColumnCount : total));
}
