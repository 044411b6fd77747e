namespace FunctionalNet;

/// <summary>The lecture's update rule w(t+1) = w(t) − η·∂L/∂w(t), for every parameter at once.</summary>
public static class GradientDescent
{
    /// <summary>A new network one step of size η down the gradient; the input network is unchanged.</summary>
    public static Network<T> Update<T>(Network<T> network, Gradients<T> gradients, double learningRate)
        where T : struct, IFloatingPointIeee754<T>
    {
        var eta = T.CreateChecked(learningRate);
        // Strict: the new parameters are computed now, while the gradients exist, not when first read.
        return network.WithParameters(network.Parameters.Zip(gradients.Layers)
            .Map(layer => layer.Item1.Zip(layer.Item2).Map(pg => Numerics.Elementwise.Descend(pg.Item1, pg.Item2, eta)).Strict())   // w − η·g
            .Strict());
    }
}
