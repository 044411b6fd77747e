using System.Text.Json.Nodes;

namespace FunctionalNet.Serialization;

/// <summary>A training run stopped at an update: the whole fold accumulator, and what the caller needs to rebuild the run.</summary>
/// <param name="State">The state to continue from with <see cref="Training.Steps{T}(TrainingState{T}, TrainingData{T}, TrainingOptions)"/>.</param>
/// <param name="Run">
/// The caller's description of the run, opaque to the core: for the shell, its settings and command line, so that a
/// resumed run needs nothing but the file (the options and the data are pure functions of it).
/// </param>
public sealed record Checkpoint<T>(TrainingState<T> State, JsonObject Run) where T : struct, IFloatingPointIeee754<T>;

/// <summary>
/// The checkpoint format, version 1, as pure functions over bytes: the container of <see cref="ModelFile"/> with
/// its own magic. Layout, all integers little-endian:
/// <code>
/// 8 bytes   magic "FNETCKPT"
/// 4 bytes   format version (1)
/// 4 bytes   header length H
/// H bytes   header: UTF-8 JSON {precision, layers, parameters (as in a model file), blocks: the names of the
///           parameter-shaped blocks that follow, state: {epoch, batch, loss_total, optimizer: {kind, step},
///           history: [{epoch, loss, learning_rate, train, validation, test}], best: {epoch, validation_loss} | null},
///           run, model_hash}
/// N bytes   the blocks, each every parameter shape of the header in order, column-major, IEEE 754 little-endian:
///           "network", then the optimizer's running averages ("velocity", or "m" and "v"), then "best" if there is one
/// 32 bytes  SHA-256 of everything before it (the content hash)
/// </code>
/// Numbers in the header are exact: a finite double is written in its shortest round-trip form, and NaN and ±∞
/// (an evaluation's loss can be +∞) as the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "FNETCKPT"u8.ToArray();
    private const string Noun = "checkpoint";

    /// <summary>The file's bytes.</summary>
    public static byte[] Encode<T>(Checkpoint<T> checkpoint) where T : struct, IFloatingPointIeee754<T>
    {
        var state = checkpoint.State;
        var blocks = Seq1((Name: "network", Values: state.Network.Parameters))
            .Concat(state.Optimizer.Buffers.Map(b => (Name: b.Name, Values: b.Value.Layers)))
            .Concat(state.Best.Map(b => (Name: "best", Values: b.Network.Parameters)).ToSeq());
        var header = ModelFile.Architecture(state.Network);
        header["blocks"] = new JsonArray(blocks.Map(b => (JsonNode)JsonValue.Create(b.Name)!).ToArray());
        header["state"] = new JsonObject
        {
            ["epoch"] = state.Epoch,
            ["batch"] = state.Batch,
            ["loss_total"] = Number(state.LossTotal),
            ["optimizer"] = new JsonObject { ["kind"] = state.Optimizer.Kind, ["step"] = state.Optimizer.Step },
            ["history"] = new JsonArray(state.History.Map(SummaryJson).ToArray()),
            ["best"] = state.Best.Case is BestNetwork<T> b ? new JsonObject { ["epoch"] = b.Epoch, ["validation_loss"] = Number(b.ValidationLoss) } : null,
        };
        header["run"] = checkpoint.Run.DeepClone();
        header["model_hash"] = ModelFile.ModelHash(state.Network);
        return ModelFile.Envelope(Magic, FormatVersion, header, blocks.Bind(b => b.Values.Bind(p => p)));
    }

    /// <summary>
    /// Reads a checkpoint, refusing a foreign, truncated or corrupt file, an unknown version, or one whose precision
    /// is not T, with a one-line reason.
    /// </summary>
    public static Fin<Checkpoint<T>> Decode<T>(ReadOnlySpan<byte> bytes) where T : struct, IFloatingPointIeee754<T> =>
        Decode<T>(bytes, Components.BuiltIn);

    /// <summary>Reads a checkpoint whose layers, activations and optimizer state may be a user's own, named in <paramref name="components"/>.</summary>
    public static Fin<Checkpoint<T>> Decode<T>(ReadOnlySpan<byte> bytes, Components components) where T : struct, IFloatingPointIeee754<T> =>
        ModelFile.OneLine(ModelFile.Open(bytes, Magic, FormatVersion, Noun).Bind(file => ModelFile.Read(() => Decode<T>(file.Header, file.Data, components), Noun)));

    private static Fin<Checkpoint<T>> Decode<T>(JsonObject header, byte[] data, Components components) where T : struct, IFloatingPointIeee754<T>
    {
        var names = header["blocks"]!.AsArray().Select(n => (string)n!).ToArray();
        var state = header["state"]!.AsObject();
        return from blocks in ModelFile.Matrices<T>(header, data, names.Length, Noun)
               from network in ModelFile.NetworkOf(header, blocks, components, Noun)
               from optimizer in OptimizerOf(state["optimizer"]!.AsObject(), network, names, blocks, components)
               from best in BestOf(state["best"], network, names, blocks)
               from _ in Blocks(names, optimizer, best)
               let history = toSeq(state["history"]!.AsArray().Select(s => SummaryOf(s!.AsObject()))).Strict()
               let position = new TrainingState<T>(network, optimizer, (int)state["epoch"]!, (int)state["batch"]!, ReadNumber(state["loss_total"]!), history, best)
               from __ in Sensible(position)
               select new Checkpoint<T>(position, header["run"]!.DeepClone().AsObject());
    }

    // The blocks are exactly those Encode writes, in its order: the network, the optimizer's buffers, the best network.
    private static Fin<Unit> Blocks<T>(string[] names, OptimizerState<T> optimizer, Option<BestNetwork<T>> best) where T : struct, IFloatingPointIeee754<T>
    {
        var expected = Seq1("network").Concat(optimizer.Buffers.Map(b => b.Name)).Concat(best.Map(_ => "best").ToSeq()).ToArray();
        return names.SequenceEqual(expected)
            ? unit
            : Error.New($"the checkpoint holds the blocks [{string.Join(", ", names.Take(8).Select(ModelFile.Shown))}{(names.Length > 8 ? ", …" : "")}]; its state needs [{string.Join(", ", expected)}]");
    }

    /// <summary>
    /// Refuses a state no run can be in, whatever its hashes say: epochs and batches counted from 0, a finite loss total
    /// (a run whose batch loss is not finite stops as diverged before a checkpoint), the history one summary per epoch
    /// in increasing order up to the state's epoch, each confusion matrix classes × classes counts of at least 0, the best
    /// network from an epoch already done, and the optimizer's step count at least 0. Whether the batch is within its
    /// epoch depends on the data, and is checked by <see cref="Training.Validate{T}(TrainingState{T}, TrainingData{T}, TrainingOptions)"/>.
    /// </summary>
    public static Fin<Unit> Sensible<T>(TrainingState<T> state) where T : struct, IFloatingPointIeee754<T>
    {
        if (state.Epoch < 0) return Error.New($"the checkpoint's epoch is {state.Epoch}; epochs done are counted from 0");
        if (state.Batch < 0) return Error.New($"the checkpoint's batch is {state.Batch}; batches done are counted from 0");
        if (!double.IsFinite(state.LossTotal))
            return Error.New($"the checkpoint's loss total is {state.LossTotal}; a run whose loss is not finite stops as diverged, so it must be finite");
        if (state.Optimizer.Step < 0) return Error.New($"the checkpoint's optimizer step is {state.Optimizer.Step}; it counts updates from 0");
        var previous = 0;
        foreach (var summary in state.History)
        {
            if (summary.Epoch <= previous || summary.Epoch > state.Epoch)
                return Error.New($"the checkpoint's history has epoch {summary.Epoch} after epoch {previous}; it must count up from 1 to the state's epoch {state.Epoch}");
            previous = summary.Epoch;
            var evaluations = Seq(summary.Train, summary.Validation, summary.Test).Bind(e => e.ToSeq());
            if (evaluations.Find(e => !Counts(e)).Case is Evaluation bad)
                return Error.New($"the checkpoint's history at epoch {summary.Epoch} has a confusion matrix of {bad.Confusion.Counts.Count} counts for {bad.Confusion.Classes} classes; it needs classes² counts, each ≥ 0");
        }
        if (state.Best.Case is BestNetwork<T> best && (best.Epoch < 1 || best.Epoch > state.Epoch))
            return Error.New($"the checkpoint's best network is from epoch {best.Epoch}, not one of the epochs 1 to {state.Epoch} done");
        return unit;
    }

    private static bool Counts(Evaluation e) =>
        e.Examples >= 0 && e.Confusion.Classes >= 1 && (long)e.Confusion.Classes * e.Confusion.Classes == e.Confusion.Counts.Count
        && e.Confusion.Counts.ForAll(c => c >= 0);

    /// <summary>The run description and precision ("f32" or "f64") of a checkpoint, without reading its state.</summary>
    public static Fin<(string Precision, JsonObject Run)> ReadRun(ReadOnlySpan<byte> bytes) =>
        ModelFile.OneLine(ModelFile.Open(bytes, Magic, FormatVersion, Noun).Bind(file => ModelFile.Read(() =>
            FinSucc(((string)file.Header["precision"]!, file.Header["run"]!.DeepClone().AsObject())), Noun)));

    private static Fin<OptimizerState<T>> OptimizerOf<T>(JsonObject optimizer, Network<T> network, string[] names, Seq<Seq<Matrix<T>>> blocks,
        Components components) where T : struct, IFloatingPointIeee754<T>
    {
        var step = (int)optimizer["step"]!;
        var kind = (string)optimizer["kind"]!;
        Fin<Gradients<T>> Buffer(string name) => System.Array.IndexOf(names, name) is var k and >= 0
            ? new Gradients<T>(Regroup(network, blocks[k]))
            : Error.New($"the checkpoint's {kind} optimizer state has no '{name}' block");
        return Components.SaidBy(components.OptimizerFor(kind), Noun).Bind(o => o.Restore<T>(step, Buffer));
    }

    private static Fin<Option<BestNetwork<T>>> BestOf<T>(JsonNode? best, Network<T> network, string[] names, Seq<Seq<Matrix<T>>> blocks)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (best is null) return Option<BestNetwork<T>>.None;
        var k = System.Array.IndexOf(names, "best");
        if (k < 0) return Error.New("the checkpoint names a best network but holds no 'best' block");
        return Some(new BestNetwork<T>((int)best["epoch"]!, ReadNumber(best["validation_loss"]!), network.WithParameters(Regroup(network, blocks[k]))));
    }

    // A flat block back into one sequence per layer, as Network.Parameters and Gradients are shaped.
    private static Seq<Seq<Matrix<T>>> Regroup<T>(Network<T> network, Seq<Matrix<T>> flat) where T : struct, IFloatingPointIeee754<T> =>
        network.Parameters.Fold((Done: Seq<Seq<Matrix<T>>>(), Left: flat), (acc, layer) =>
            (acc.Done.Add(acc.Left.Take(layer.Count).Strict()), acc.Left.Skip(layer.Count).Strict())).Done;

    private static JsonNode SummaryJson(EpochSummary s) => new JsonObject
    {
        ["epoch"] = s.Epoch,
        ["loss"] = Number(s.Loss),
        ["learning_rate"] = Number(s.LearningRate),
        ["train"] = EvaluationJson(s.Train),
        ["validation"] = EvaluationJson(s.Validation),
        ["test"] = EvaluationJson(s.Test),
    };

    private static EpochSummary SummaryOf(JsonObject s) => new((int)s["epoch"]!, ReadNumber(s["loss"]!))
    {
        LearningRate = ReadNumber(s["learning_rate"]!),
        Train = EvaluationOf(s["train"]),
        Validation = EvaluationOf(s["validation"]),
        Test = EvaluationOf(s["test"]),
    };

    private static JsonObject? EvaluationJson(Option<Evaluation> evaluation) => evaluation.Case is Evaluation e
        ? new JsonObject
        {
            ["examples"] = e.Examples,
            ["loss"] = Number(e.Loss),
            ["accuracy"] = Number(e.Accuracy),
            ["classes"] = e.Confusion.Classes,
            ["confusion"] = new JsonArray(e.Confusion.Counts.Map(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        }
        : null;

    private static Option<Evaluation> EvaluationOf(JsonNode? e) => e is null ? None : Some(new Evaluation(
        (int)e["examples"]!, ReadNumber(e["loss"]!), ReadNumber(e["accuracy"]!),
        new ConfusionMatrix((int)e["classes"]!, toArray(e["confusion"]!.AsArray().Select(c => (int)c!)))));

    // JSON has no NaN or infinities; System.Text.Json writes a finite double in its shortest round-trip form.
    private static JsonNode Number(double value) => double.IsFinite(value)
        ? JsonValue.Create(value)
        : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

    private static double ReadNumber(JsonNode node) => node.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)node! switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"'{other}' is not a number"),
        }
        : (double)node;
}
