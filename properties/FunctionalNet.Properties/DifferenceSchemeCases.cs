namespace FunctionalNet.Properties;

/// <summary>A smooth network to check and the real scheme to check it with.</summary>
/// <param name="Case">The network and batch (every layer smooth: no kink).</param>
/// <param name="Scheme">Forward, central, five-point or Richardson.</param>
public sealed record SchemeCase(CheckedNetworkCase Case, DifferenceScheme Scheme)
{
    /// <inheritdoc />
    public override string ToString() => $"{Case}, {DifferenceSchemes.Name(Scheme)}";
}

/// <summary>Smooth cases (<see cref="CheckedNetworkCases.Smooth"/>) under each real scheme, shrinking the network and keeping the scheme.</summary>
public static class SmoothNetworkUnderARealScheme
{
    /// <summary>The schemes that take differences of C at real points (the complex step does not).</summary>
    public static readonly DifferenceScheme[] RealSchemes =
        [DifferenceScheme.Forward, DifferenceScheme.Central, DifferenceScheme.FivePoint, DifferenceScheme.Richardson];

    /// <summary>A case.</summary>
    public static Arbitrary<SchemeCase> Cases() => Arb.From(
        from c in CheckedNetworkCases.Smooth
        from scheme in Gen.Elements(RealSchemes)
        select new SchemeCase(c, scheme),
        s => CheckedNetworkCases.Shrink(s.Case).Select(c => s with { Case = c }));
}
