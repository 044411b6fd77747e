using MathNet.Numerics;

namespace FunctionalNet;

/// <summary>How an epoch splits the training examples into batches, one update per batch.</summary>
public abstract record Batching
{
    private Batching() { }

    /// <summary>Batch gradient descent: one update per epoch on all examples, in order.</summary>
    public sealed record FullBatch : Batching;

    /// <summary>Stochastic gradient descent: one update per example, in a seeded shuffled order.</summary>
    public sealed record Stochastic : Batching;

    /// <summary>Mini-batch gradient descent: shuffled (seeded) batches of <paramref name="Size"/>; the last may be smaller.</summary>
    public sealed record MiniBatch(int Size) : Batching;

    /// <summary>The batch size for <paramref name="examples"/> examples.</summary>
    public int SizeFor(int examples) => this switch
    {
        FullBatch => examples,
        Stochastic => 1,
        MiniBatch b => b.Size,
        _ => throw new UnreachableException(),
    };

    /// <summary>How many batches an epoch of <paramref name="examples"/> examples has: ⌈examples / size⌉ (the plan's length).</summary>
    public int CountFor(int examples) => examples <= 0 ? 0 : (int)(((long)examples + SizeFor(examples) - 1) / SizeFor(examples));

    /// <summary>The name used on the command line: <c>full</c>, <c>1</c> or the size.</summary>
    public sealed override string ToString() => this switch
    {
        FullBatch => "full",
        Stochastic => "1",
        MiniBatch b => b.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new UnreachableException(),
    };
}

/// <summary>The batches of one epoch as example indices: a pure function of seed and epoch number.</summary>
public static class Batches
{
    /// <summary>The example indices of each batch of epoch <paramref name="epoch"/>.</summary>
    public static Seq<int[]> Plan(Batching batching, int examples, int seed, int epoch)
    {
        if (batching is Batching.FullBatch) return Seq1(Enumerable.Range(0, examples).ToArray());
        var order = Combinatorics.GeneratePermutation(examples, Seeds.Generator(seed, Seeds.Streams.Shuffle, epoch));
        var size = batching.SizeFor(examples);
        return toSeq(order.Chunk(size)).Strict();
    }
}
