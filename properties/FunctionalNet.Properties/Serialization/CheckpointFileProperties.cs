using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Properties.Serialization;

/// <summary>
/// A checkpoint holds the whole training state: decoded, it is the state it was made from, bit for bit, and a run
/// resumed from it after any update ends exactly where the uninterrupted run ends. Damage is refused, never half-read.
/// </summary>
public class CheckpointFileProperties
{
    private static readonly JsonObject Run = new() { ["command_line"] = new JsonArray("train", "--seed", "3") };

    // Validation and test sets (here the training examples again) make every epoch record three evaluations, and
    // early stopping keeps a best network: every field of the state is in play.
    private static (TrainingOptions Options, TrainingData<double> Data) Setup(TrainingCase t)
    {
        var set = new LabelledSet<double>(t.Case.X, t.Case.Y);
        return (t.Options(learningRate: 0.1) with { EarlyStopping = Some(new EarlyStopping(Patience: 2)) }, new TrainingData<double>(set, Some(set), Some(set)));
    }

    private static A Value<A>(Fin<A> fin) => fin.Match(a => a, e => throw new InvalidOperationException(e.Message));

    private static TrainingState<double> StateAfterTheCut(TrainingCase t)
    {
        var (options, data) = Setup(t);
        var steps = Value(Training.Steps(Training.Start(t.Case.Network, options), data, options)).ToList();
        return steps[t.Cut % steps.Count].State;
    }

    private static bool SameBits(Gradients<double> a, Gradients<double> b) =>
        a.Layers.Count == b.Layers.Count && a.Layers.Zip(b.Layers).ForAll(l => l.Item1.Count == l.Item2.Count &&
            l.Item1.Zip(l.Item2).ForAll(m => FunctionalNet.Numerics.Linear.BitwiseEqual(m.Item1, m.Item2)));

    private static bool SameOptimizerState(OptimizerState<double> a, OptimizerState<double> b) =>
        a.GetType() == b.GetType() && a.Step == b.Step && a.Buffers.Count == b.Buffers.Count &&
        a.Buffers.Zip(b.Buffers).ForAll(p => p.Item1.Name == p.Item2.Name && SameBits(p.Item1.Value, p.Item2.Value));

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool DecodingGivesBackTheWholeStateBitForBit(TrainingCase t)
    {
        var state = StateAfterTheCut(t);
        var bytes = CheckpointFile.Encode(new Checkpoint<double>(state, Run));
        var decoded = Value(CheckpointFile.Decode<double>(bytes));
        var back = decoded.State;
        return back.Network.Equals(state.Network) && SameOptimizerState(back.Optimizer, state.Optimizer)
            && (back.Epoch, back.Batch) == (state.Epoch, state.Batch)
            && BitConverter.DoubleToInt64Bits(back.LossTotal) == BitConverter.DoubleToInt64Bits(state.LossTotal)
            && back.History.SequenceEqual(state.History)
            && back.Best.Map(b => (b.Epoch, b.ValidationLoss)) == state.Best.Map(b => (b.Epoch, b.ValidationLoss))
            && back.Best.Map(b => b.Network).Equals(state.Best.Map(b => b.Network))
            && JsonNode.DeepEquals(decoded.Run, Run)
            && CheckpointFile.Encode(decoded).AsSpan().SequenceEqual(bytes);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ResumingFromACheckpointAfterAnyUpdateEndsWhereTheUninterruptedRunEnds(TrainingCase t)
    {
        var (options, data) = Setup(t);
        var whole = Value(Training.Train(Training.Start(t.Case.Network, options), data, options));
        var checkpoint = Value(CheckpointFile.Decode<double>(CheckpointFile.Encode(new Checkpoint<double>(StateAfterTheCut(t), Run))));
        var resumed = Value(Training.Train(checkpoint.State, data, options));
        return resumed.Network.Equals(whole.Network) && resumed.State.Network.Equals(whole.State.Network)
            && resumed.History.SequenceEqual(whole.History) && SameOptimizerState(resumed.State.Optimizer, whole.State.Optimizer);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryTruncationIsRefused(TrainingCase t, PositiveInt cut)
    {
        var bytes = CheckpointFile.Encode(new Checkpoint<double>(StateAfterTheCut(t), Run));
        return CheckpointFile.Decode<double>(bytes.AsSpan(0, cut.Get % bytes.Length)).IsFail;
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool EveryFlippedByteIsRefused(TrainingCase t, PositiveInt position, byte mask)
    {
        var bytes = CheckpointFile.Encode(new Checkpoint<double>(StateAfterTheCut(t), Run));
        bytes[position.Get % bytes.Length] ^= mask == 0 ? (byte)1 : mask;
        return CheckpointFile.Decode<double>(bytes).IsFail && CheckpointFile.ReadRun(bytes).IsFail;
    }
}
