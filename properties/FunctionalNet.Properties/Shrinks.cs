namespace FunctionalNet.Properties;

/// <summary>Shrinking steps shared by the generated network cases.</summary>
public static class Shrinks
{
    /// <summary>
    /// Smaller layer sizes (inputs first): each hidden layer dropped, then each size one narrower, each passed
    /// through <paramref name="valid"/> (which may repair it) and kept only if it still differs.
    /// </summary>
    public static IEnumerable<int[]> Sizes(int[] sizes, Func<int[], int[]> valid)
    {
        for (var i = 1; i < sizes.Length - 1; i++)
            yield return [.. sizes[..i], .. sizes[(i + 1)..]];
        for (var i = 0; i < sizes.Length; i++)
            if (sizes[i] > 1)
            {
                var narrower = (int[])sizes.Clone();
                narrower[i]--;
                var candidate = valid(narrower);
                if (!candidate.SequenceEqual(sizes)) yield return candidate;
            }
    }
}
