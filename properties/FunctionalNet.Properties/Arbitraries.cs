namespace FunctionalNet.Properties;

/// <summary>The arbitraries the properties use, registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class Arbitraries
{
    /// <summary>Small networks with a batch.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() => NetworkCases.Arbitrary();

    /// <summary>Single-neuron epochs.</summary>
    public static Arbitrary<NeuronCase> NeuronCase() => NeuronCases.Arbitrary();

    /// <summary>Small networks with an optimizer, dropout, L2 and a point to interrupt training.</summary>
    public static Arbitrary<TrainingCase> TrainingCase() => TrainingCases.Arbitrary();

    /// <summary>A recipe with explicit values to lay over it.</summary>
    public static Arbitrary<RecipeOverrideCase> RecipeOverrideCase() => RecipeOverrideCases.Arbitrary();

    /// <summary>A model file or checkpoint of a small network with header fields changed and its hashes recomputed.</summary>
    public static Arbitrary<Serialization.CraftedHeaderCase> CraftedHeaderCase() => Serialization.CraftedHeaderCases.Arbitrary();

    /// <summary>Named matrices for the .npz reader and writer.</summary>
    public static Arbitrary<Serialization.NpzCase> NpzCase() => Serialization.NpzCases.Arbitrary();
}
