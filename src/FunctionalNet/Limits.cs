namespace FunctionalNet;

/// <summary>
/// What one matrix can hold, and the bounds of the small experiments (lessons, gradient checks). Sizes are multiplied
/// in 64 bits: rows × columns of 65,536 × 65,537 wraps a 32-bit int to a small number, and a too-small array would
/// reach BLAS. Every check here runs before anything is allocated.
/// </summary>
public static class Limits
{
    /// <summary>The most entries one matrix holds: one .NET array, and BLAS's 32-bit sizes.</summary>
    public const long MatrixEntries = int.MaxValue;

    /// <summary>The widest layer a lesson or a gradient check builds.</summary>
    public const int LessonUnits = 100_000;

    /// <summary>The most parameters of a lesson's network (80 MB in float64): the lectures use a few thousand.</summary>
    public const long LessonParameters = 10_000_000;

    /// <summary>The most epochs of a lesson's run; each is recorded, and the lectures use hundreds to thousands.</summary>
    public const int LessonEpochs = 1_000_000;

    /// <summary>
    /// The most arithmetic a lesson or gradient check may plan (multiply-adds, about a minute on one core): the
    /// lecture's runs are thousands of times smaller.
    /// </summary>
    public const double LessonWork = 1e11;

    /// <summary>Refuses a matrix of more than <see cref="MatrixEntries"/> entries, the product taken in 64 bits.</summary>
    public static Fin<Unit> Matrix(string what, long rows, long columns) =>
        rows * columns <= MatrixEntries
            ? unit
            : Error.New(FormattableString.Invariant($"{what} would be {rows:N0}×{columns:N0} = {rows * columns:N0} entries, more than one matrix holds ({MatrixEntries:N0})"));

    /// <summary>Every layer's weight matrix fits (<see cref="Matrix"/>).</summary>
    public static Fin<Unit> Layers(Seq<LayerSpec> layers)
    {
        var l = 0;
        foreach (var spec in layers)
            if (Matrix($"the weights of layer {++l}", spec.Size.Outputs, spec.Size.Inputs) is { IsFail: true } tooLarge) return tooLarge;
        return unit;
    }

    /// <summary>
    /// A lesson's network: at most <see cref="LessonUnits"/> per layer and <see cref="LessonParameters"/> in all
    /// (<paramref name="pieces"/> copies of each layer for maxout).
    /// </summary>
    public static Fin<Unit> LessonNetwork(IReadOnlyList<int> sizes, double pieces = 1)
    {
        if (sizes.Any(s => s > LessonUnits))
            return Error.New(FormattableString.Invariant($"a layer here has at most {LessonUnits:N0} units (got {string.Join(",", sizes)})"));
        var parameters = pieces * Enumerable.Range(1, sizes.Count - 1).Sum(l => (double)sizes[l] * sizes[l - 1] + sizes[l]);
        return parameters <= LessonParameters
            ? unit
            : Error.New(FormattableString.Invariant($"this network would have {parameters:N0} parameters, more than the {LessonParameters:N0} a lesson or check builds"));
    }

    /// <summary>The most values a lesson's or check's batch and its activations hold at once (800 MB in float64).</summary>
    public const double LessonValues = 1e8;

    /// <summary>Refuses more than <see cref="LessonValues"/> values, naming <paramref name="what"/> would hold them.</summary>
    public static Fin<Unit> Values(double count, string what) =>
        count <= LessonValues ? unit
            : Error.New(FormattableString.Invariant($"{what} would hold {count:N0} values, more than the {LessonValues:N0} a lesson or check holds"));

    /// <summary>Refuses more than <see cref="LessonEpochs"/> epochs.</summary>
    public static Fin<Unit> Epochs(int epochs) =>
        epochs <= LessonEpochs ? unit : Error.New(FormattableString.Invariant($"the number of epochs must be at most {LessonEpochs:N0} (got {epochs:N0})"));

    /// <summary>
    /// Training's work: each epoch passes every example forward and back and updates, about 6 multiply-adds per
    /// parameter and example.
    /// </summary>
    public static double TrainingWork(double epochs, double examples, double parameters) => 6 * epochs * examples * parameters;

    /// <summary>
    /// Refuses work above <see cref="LessonWork"/> multiply-adds, with what drives it (<paramref name="what"/>) and a way out.
    /// </summary>
    public static Fin<Unit> Work(double work, string what) =>
        work <= LessonWork
            ? unit
            : Error.New(FormattableString.Invariant($"{what} would take about {work:0.#e0} multiply-adds, more than the {LessonWork:0e0} this command plans (minutes); choose smaller values"));
}
