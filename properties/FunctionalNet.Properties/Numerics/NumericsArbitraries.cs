namespace FunctionalNet.Properties.Numerics;

/// <summary>The arbitraries of the numerics properties, registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class NumericsArbitraries
{
    /// <summary>Matrix products of every shape and transpose combination.</summary>
    public static Arbitrary<ProductCase> ProductCase() => ProductCases.Arbitrary();

    /// <summary>Activations and losses on small batches with awkward values.</summary>
    public static Arbitrary<KernelCase> KernelCase() => KernelCases.Arbitrary();

    /// <summary>Small networks of any activation with a batch, a loss, a batching and a precision.</summary>
    public static Arbitrary<TrainingCase> TrainingCase() => TrainingCases.Arbitrary();

    /// <summary>First-layer products with a mostly-zero X, outputs on and off the SIMD tiles.</summary>
    public static Arbitrary<SparseCase> SparseCase() => SparseCases.Arbitrary();

    /// <summary>Any network case with a mostly-zero batch and a dropout choice.</summary>
    public static Arbitrary<SparseNetworkCase> SparseNetworkCase() => SparseCases.NetworkArbitrary();
}
