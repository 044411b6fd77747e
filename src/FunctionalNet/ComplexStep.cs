namespace FunctionalNet;

/// <summary>
/// The complex-step derivative (Squire and Trapp 1998): for C analytic in θ, C(θ + ih·u) = C(θ) + ih·∂C/∂u + O(h²),
/// so ∂C/∂u = Im C(θ + ih·u) / h with no difference of nearly equal numbers, exact to rounding for h = 10⁻²⁰.
/// It needs a forward pass in complex arithmetic, which every component on the path must extend analytically.
/// </summary>
public static class ComplexStep
{
    /// <summary>
    /// ∂C/∂u at the network's parameters, u a direction shaped as the parameters, by Im C(θ + ih·u) / h; None when a
    /// layer, activation or loss has no analytic extension (a kink, a maximum).
    /// </summary>
    public static Option<double> Derivative<T>(Network<T> network, Loss loss, Matrix<T> x, Matrix<T> y, Gradients<T> direction, double h)
        where T : struct, IFloatingPointIeee754<T> => None;   // not yet: the complex forward pass comes next
}
