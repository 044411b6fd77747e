namespace FunctionalNet;

/// <summary>
/// Randomness as a value: a seed and a path of integers name one independent stream, so every random choice
/// (layer 2's weights, epoch 7's shuffle) is a pure function of the user's seed. No ambient generator exists.
/// </summary>
public static class Seeds
{
    /// <summary>Stream labels, so that two uses of the same seed never share numbers.</summary>
    public static class Streams
    {
        /// <summary>Initial weights.</summary>
        public const int Initialization = 1;
        /// <summary>The shuffle of each epoch.</summary>
        public const int Shuffle = 2;
        /// <summary>Dropout masks.</summary>
        public const int Dropout = 3;
        /// <summary>Train/validation splits and data subsets.</summary>
        public const int Split = 4;
        /// <summary>Synthetic batches (gradient checks, lessons).</summary>
        public const int Batch = 5;
    }

    /// <summary>A 32-bit seed derived from <paramref name="seed"/> and a path, mixed by SplitMix64.</summary>
    public static int Derive(int seed, params int[] path)
    {
        var state = unchecked((ulong)(uint)seed);
        foreach (var step in path) state = Mix(state ^ Mix(unchecked((ulong)(uint)step) + 0x9E3779B97F4A7C15UL));
        return unchecked((int)(uint)(Mix(state) >> 32));
    }

    /// <summary>A generator for one stream: MathNet's Mersenne Twister, a fixed, documented algorithm.</summary>
    public static System.Random Generator(int seed, params int[] path) =>
        new MathNet.Numerics.Random.MersenneTwister(Derive(seed, path), threadSafe: false);

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
