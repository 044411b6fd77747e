namespace FunctionalNet;

/// <summary>
/// Weight decay: adds λ·W to a gradient-shaped value, for weight matrices only (biases are not decayed: they do not
/// multiply inputs, so shrinking them does not make the function smoother). Where it is added is the whole
/// difference between the two kinds:
/// <list type="bullet">
/// <item>L2 regularization adds it to the gradient g, before the optimizer: it is the gradient of (λ/2)·Σ‖W‖²
/// added to the loss, so momentum accumulates it and Adam rescales it by 1/(√v̂ + ε).</item>
/// <item>Decoupled decay (<see cref="AdamW"/>) adds it to the optimizer's direction, after: every weight shrinks by
/// η·λ whatever its gradient history.</item>
/// </list>
/// For plain gradient descent the two are the same update.
/// </summary>
public static class WeightDecay
{
    /// <summary>g + λ·W for every weight matrix W of the network (biases unchanged); λ = 0 returns g itself.</summary>
    public static Gradients<T> Add<T>(Gradients<T> gradients, Network<T> network, double lambda) where T : struct, IFloatingPointIeee754<T>
    {
        if (lambda == 0) return gradients;
        var l = T.CreateChecked(lambda);
        return new Gradients<T>(toSeq(gradients.Layers.Zip(network.Layers, (layerGradients, layer) =>
            toSeq(layerGradients.Zip(layer.Parameters, layer.ParameterNames).Select(gpn =>
                IsWeight(gpn.Third) ? Numerics.Entrywise.Map2(gpn.First, gpn.Second, (g, w) => g + l * w) : gpn.First)).Strict())).Strict());
    }

    /// <summary>Weights are named W (dense) or W_p (maxout piece p); biases b or b_p.</summary>
    private static bool IsWeight(string parameterName) => parameterName.StartsWith('W');
}
