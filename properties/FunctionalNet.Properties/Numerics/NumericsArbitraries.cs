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

    /// <summary>Passes of any length shared in one or two parts.</summary>
    public static Arbitrary<PartCase> PartCase() => LaneCases.PartArbitrary();

    /// <summary>The two lanes' last blocks added to their sums, on spans on and off whole vectors, with garbage in a sum not yet made.</summary>
    public static Arbitrary<WeightedPairsCase> WeightedPairsCase() => LaneCases.WeightedPairsArbitrary();

    /// <summary>Batches of 1 to 7 column blocks with drawn gradients, as a mean or a sum.</summary>
    public static Arbitrary<BlockSumCase> BlockSumCase() => LaneCases.BlockSumArbitrary();

    /// <summary>Any columns of a data set, repeats allowed, for a small network or one heavy enough for two blocks.</summary>
    public static Arbitrary<ColumnsCase> ColumnsCase() => LaneCases.ColumnsArbitrary();
}
