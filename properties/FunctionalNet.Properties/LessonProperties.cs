using FunctionalNet.Lessons;

namespace FunctionalNet.Properties;

/// <summary>The lessons' claims for every input, not just the slides'.</summary>
public class LessonProperties
{
    [Property(Arbitrary = [typeof(LessonArbitraries)])]
    public bool WithoutBiasTheOriginGivesOneHalfForEveryW(BiasCase c)
    {
        // z = w·0 = 0, so ŷ = σ(0) = ½ exactly: before training and after every epoch, whatever w(0) and η are.
        var options = new NeuronOptions(toSeq(c.Weights), LearningRate: c.LearningRate, Epochs: c.Epochs);
        return BiasLesson.Run(options).Match(
            r => r.WithoutBias.OriginPerEpoch.Count == c.Epochs + 1 && r.WithoutBias.OriginPerEpoch.ForAll(v => v == 0.5),
            _ => false);
    }

    [Property(Arbitrary = [typeof(LessonArbitraries)])]
    public bool ShownExpressionsReadBackToTheSameFunction(Expression e)
    {
        // Show then Parse gives a tree that computes the same bits (NaN where the original is NaN) at every x tried.
        var text = Expressions.Show(e);
        return Expressions.Parse(text).Match(
            parsed => new[] { -2.5, -1.0, 0.0, 0.3, 1.0, 2.0, 7.0 }.All(x =>
                Expressions.Evaluate(parsed, x).Equals(Expressions.Evaluate(e, x))),
            _ => false);
    }
}
