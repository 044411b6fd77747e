namespace FunctionalNet.Lessons;

/// <summary>The lecture's single-neuron data: four training examples, Y equal to the second column.</summary>
public static class LectureData
{
    /// <summary>The training inputs, one row per example: [0,0,1], [1,1,1], [1,0,1], [0,1,1].</summary>
    public static readonly double[][] Inputs = [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]];

    /// <summary>The targets: Y = X₂.</summary>
    public static readonly double[] Targets = [0, 1, 0, 1];

    /// <summary>The four held-out test points, none of them in training: [0,0,0], [0,1,0], [1,0,0], [1,1,0].</summary>
    public static readonly double[][] TestInputs = [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]];

    /// <summary>The true labels of the test points (their second column).</summary>
    public static readonly double[] TestTargets = [0, 1, 0, 1];

    /// <summary>The slide's starting weights w(0) = (−0.2, 0.4, −1.0).</summary>
    public static readonly double[] InitialWeights = [-0.2, 0.4, -1.0];

    /// <summary>The bias run's starting bias b(0) = −5.</summary>
    public const double InitialBias = -5.0;

    /// <summary>The slide's learning rate η = 1: of the hand-computed first epoch and of the run without bias.</summary>
    public const double LearningRate = 1.0;

    /// <summary>The bias run's learning rate η = 0.1.</summary>
    public const double BiasLearningRate = 0.1;

    /// <summary>Epochs of each of the slides' two runs, without and with bias: 100.</summary>
    public const int Epochs = 100;

    /// <summary>Rows as examples → the library's layout, examples as columns.</summary>
    public static Matrix<T> AsColumns<T>(double[][] rows) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(rows[0].Length, rows.Length, (i, j) => T.CreateChecked(rows[j][i]));

    /// <summary>Targets as a 1 × m row.</summary>
    public static Matrix<T> AsRow<T>(double[] values) where T : struct, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(1, values.Length, (_, j) => T.CreateChecked(values[j]));

    /// <summary>The first row of a matrix as a sequence: a single neuron's weights or outputs.</summary>
    public static Seq<double> FirstRow(Matrix<double> matrix) => toSeq(matrix.Row(0).ToArray()).Strict();
}
