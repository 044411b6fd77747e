using System.Text.Json.Nodes;
using FunctionalNet.Serialization;
using FunctionalNet.Testing;
using LanguageExt.Common;

namespace FunctionalNet.Properties.Serialization;

/// <summary>
/// One change to a header field: which node (an index into the header's nodes in document order, taken modulo their
/// number) and what is done to it.
/// </summary>
/// <param name="Node">Which node of the header.</param>
/// <param name="Kind">0 another number, 1 deleted, 2 its key repeated, 3 another string, 4 a value of another type.</param>
/// <param name="Choice">Which number, string or value (an index into the lists below).</param>
public sealed record HeaderMutation(int Node, int Kind, int Choice)
{
    /// <summary>Numbers that break sizes and positions: zero, negatives, 2³¹ − 1 and 2³¹, factors whose products wrap, fractions, huge.</summary>
    public static readonly JsonNode[] Numbers =
        [0, -1, 1, 2, int.MinValue, int.MaxValue, 2147483648L, 65536, 65537, 1 << 30, 1.5, 1e300, -1e300, 4294967297L];

    /// <summary>Unknown and known names in the wrong place.</summary>
    public static readonly string[] Strings = ["unknown", "", "dense", "maxout", "softmax", "f32", "f64", "NaN", "Infinity", "best", "velocity", "m"];

    /// <summary>Values of another type.</summary>
    public static JsonNode? Other(int choice) => (choice % 5) switch
    {
        0 => null,
        1 => "text",
        2 => true,
        3 => new JsonArray(),
        _ => new JsonObject(),
    };

    /// <inheritdoc />
    public override string ToString() => $"node {Node}: {new[] { "number", "delete", "repeat key", "string", "type" }[Kind]} {Choice}";
}

/// <summary>A generated network, saved as a model file or a checkpoint, then its header changed and both hashes recomputed.</summary>
public sealed record CraftedHeaderCase(NetworkCase Network, bool Checkpoint, HeaderMutation[] Mutations)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Checkpoint ? "checkpoint" : "model file")} of {Network}; {string.Join("; ", Mutations.Select(m => m.ToString()))}";
}

/// <summary>Generators and shrinkers for <see cref="CraftedHeaderCase"/>.</summary>
public static class CraftedHeaderCases
{
    /// <summary>One to three mutations of a model file or a checkpoint of a small network.</summary>
    public static Gen<CraftedHeaderCase> Cases =>
        from network in NetworkCases.Cases
        from checkpoint in Gen.Elements(false, true)
        from count in Gen.Choose(1, 3)
        from mutations in (from node in Gen.Choose(0, 400) from kind in Gen.Choose(0, 4) from choice in Gen.Choose(0, 20)
                           select new HeaderMutation(node, kind, choice)).ArrayOf(count)
        select new CraftedHeaderCase(network, checkpoint, mutations);

    /// <summary>Fewer mutations, earlier nodes, smaller choices, a smaller network.</summary>
    public static IEnumerable<CraftedHeaderCase> Shrink(CraftedHeaderCase c)
    {
        if (c.Mutations.Length > 1)
            for (var k = 0; k < c.Mutations.Length; k++) yield return c with { Mutations = [.. c.Mutations.Where((_, j) => j != k)] };
        for (var k = 0; k < c.Mutations.Length; k++)
        {
            var m = c.Mutations[k];
            if (m.Choice > 0) yield return c with { Mutations = c.Mutations.Select((x, j) => j == k ? m with { Choice = m.Choice / 2 } : x).ToArray() };
        }
        foreach (var smaller in NetworkCases.Shrink(c.Network)) yield return c with { Network = smaller };
        if (c.Checkpoint) yield return c with { Checkpoint = false };
    }

    /// <summary>The FsCheck arbitrary.</summary>
    public static Arbitrary<CraftedHeaderCase> Arbitrary() => Arb.From(Cases, Shrink);
}

/// <summary>
/// The hashes of a model file or checkpoint are not keys: a file can be crafted to pass them. Whatever is changed in
/// the header, reading it either refuses with one line or gives a network whose every shape is consistent (and, for a
/// checkpoint, a state that makes sense); it never throws.
/// </summary>
public class CraftedHeaderProperties
{
    private const string DuplicateMarker = "__repeat__";

    private static Evaluation Evaluation(int classes) =>
        new(classes, 0.5, 0.5, new ConfusionMatrix(classes, toArray(Enumerable.Range(0, classes * classes).Select(k => k % 3))));

    private static byte[] Valid(CraftedHeaderCase c)
    {
        var network = c.Network.Network;
        if (!c.Checkpoint) return ModelFile.Encode(new Model<double>(network, new ModelMetadata("test", c.Network.Seed, "abc", new JsonObject())));
        var options = new TrainingOptions(c.Network.Loss, 0.1, 3, new Batching.MiniBatch(2)) { Optimizer = new Optimizer.Adam() };
        var state = Training.Start(network, options) with
        {
            Epoch = 1, Batch = 1, LossTotal = 0.25,
            History = Seq1(new EpochSummary(1, 0.5) { Train = Some(Evaluation(network.Outputs)) }),
            Best = Some(new BestNetwork<double>(1, 0.5, network)),
        };
        return CheckpointFile.Encode(new Checkpoint<double>(state, new JsonObject { ["note"] = "crafted" }));
    }

    // Every node of the header with its parent and its key (for an object) or index (for an array), in document order.
    private static List<(JsonNode Parent, string? Key, int Index)> Nodes(JsonNode node, List<(JsonNode, string?, int)>? found = null)
    {
        found ??= [];
        if (node is JsonObject o)
            foreach (var (key, value) in o.ToList())
            {
                found.Add((o, key, -1));
                if (value is not null) Nodes(value, found);
            }
        else if (node is JsonArray a)
            for (var k = 0; k < a.Count; k++)
            {
                found.Add((a, null, k));
                if (a[k] is { } item) Nodes(item, found);
            }
        return found;
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null) parent.AsObject()[key] = value;
        else parent.AsArray()[index] = value;
    }

    private static void Apply(JsonObject header, HeaderMutation m)
    {
        var nodes = Nodes(header);
        var (parent, key, index) = nodes[m.Node % nodes.Count];
        switch (m.Kind)
        {
            case 0: Set(parent, key, index, HeaderMutation.Numbers[m.Choice % HeaderMutation.Numbers.Length].DeepClone()); break;
            case 1:
                if (key is not null) parent.AsObject().Remove(key);
                else parent.AsArray().RemoveAt(index);
                break;
            case 2:
                if (key is not null && !key.StartsWith(DuplicateMarker))
                {
                    var value = parent.AsObject()[key];
                    parent.AsObject().Remove(key);
                    parent.AsObject()[DuplicateMarker + key] = value;
                }
                break;
            case 3: Set(parent, key, index, HeaderMutation.Strings[m.Choice % HeaderMutation.Strings.Length]); break;
            default: Set(parent, key, index, HeaderMutation.Other(m.Choice)); break;
        }
    }

    // A marked key is written twice: first with the value 0, then with its own.
    private static byte[] Crafted(CraftedHeaderCase c)
    {
        var sealedOnce = CraftedFiles.Craft(Valid(c), header => { foreach (var m in c.Mutations) Apply(header, m); });
        return CraftedFiles.CraftText(sealedOnce, text => System.Text.RegularExpressions.Regex.Replace(
            text, $"\"{DuplicateMarker}([^\"]*)\":", "\"$1\":0,\"$1\":"));
    }

    private static bool Consistent(Network<double> network) =>
        network.Layers.Zip(network.Layers.Tail).ForAll(p => p.Item1.Outputs == p.Item2.Inputs) &&
        network.Layers.ForAll(layer => layer switch
        {
            DenseLayer<double> d => d.Bias.ForAll(b => b.RowCount == d.Weights.RowCount && b.ColumnCount == 1),
            MaxoutLayer<double> m => m.Weights.Count == m.Biases.Count && m.Weights.ForAll(w => w.RowCount == m.Outputs && w.ColumnCount == m.Inputs)
                && m.Biases.ForAll(b => b.RowCount == m.Outputs && b.ColumnCount == 1),
            _ => false,
        });

    private static bool OneLine(Error e) => e.Message.Length > 0 && !e.Message.Contains('\n') && !e.Message.Contains('\r');

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool ACraftedHeaderIsRefusedInOneLineOrReadIntoAConsistentNetwork(CraftedHeaderCase c)
    {
        var bytes = Crafted(c);
        return c.Checkpoint
            ? CheckpointFile.Decode<double>(bytes).Match(
                k => Consistent(k.State.Network) && CheckpointFile.Sensible(k.State).IsSucc
                     && k.State.Optimizer.Buffers.ForAll(b => b.Value.Layers.Count == k.State.Network.Layers.Count),
                OneLine)
              && CheckpointFile.ReadRun(bytes).Match(_ => true, OneLine)
            : ModelFile.Decode<double>(bytes).Match(m => Consistent(m.Network), OneLine);
    }
}
