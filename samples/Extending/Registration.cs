using FunctionalNet;

namespace Extending;

/// <summary>
/// The sample's components under the names files and the command line use. The shell's convention for a user's
/// assembly (<c>functionalnet gradcheck --components Extending.dll</c>): one public static class with a public
/// static <c>Components Register(Components registry)</c> that returns the registry with its components added.
/// </summary>
public static class Registration
{
    /// <summary><paramref name="registry"/> with GELU, the Huber loss (δ from the file, 1 by default), layer normalization and RMSProp.</summary>
    public static Components Register(Components registry) => registry
        .WithActivation("gelu", _ => new Gelu())
        .WithLoss("huber", delta => new Huber(delta ?? 1.0))
        .WithLayer(new LayerNormKind())
        .WithOptimizer(new RmsProp());
}
