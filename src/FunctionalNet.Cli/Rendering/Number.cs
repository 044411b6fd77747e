namespace FunctionalNet.Cli;

/// <summary>How numbers are printed for people: invariant culture, enough digits to check a slide.</summary>
public static class Number
{
    /// <summary>Nine significant digits (the lecture prints eight).</summary>
    public static string Precise(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

    /// <summary>Three significant digits in scientific notation: <c>1.23e-07</c>.</summary>
    public static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>A fixed number of decimals.</summary>
    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A vector as (a, b, c).</summary>
    public static string Vector(IEnumerable<double> values, Func<double, string> format) =>
        "(" + string.Join(", ", values.Select(format)) + ")";
}
