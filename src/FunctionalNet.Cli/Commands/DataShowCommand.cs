using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;
using FunctionalNet.Data;

namespace FunctionalNet.Cli;

/// <summary>The validated options of <c>data show</c>.</summary>
/// <param name="Dataset">mnist, fashion or a directory.</param>
/// <param name="DataDirectory">MNIST's data directory, if given.</param>
/// <param name="Index">The example to draw.</param>
/// <param name="Test">Draw from the test set rather than the training set.</param>
/// <param name="Json">Print JSON lines.</param>
public sealed record DataShowOptions(string Dataset, string? DataDirectory, int Index, bool Test, bool Json);

/// <summary><c>functionalnet data show</c>: counts, the label histogram, and one image drawn in the terminal.</summary>
public static class DataShowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var dataset = new Argument<string>("dataset") { Description = "mnist, fashion, or a directory holding the four IDX files (raw or .gz)" };
        var dataDirectory = SharedOptions.DataDirectory();
        var index = SharedOptions.Index("example to draw");
        var test = new Option<bool>("--test") { Description = "draw the example from the test set instead of the training set" };
        var json = SharedOptions.Json();
        var command = new Command("show",
            "Load a dataset (fetching MNIST on first use), print its counts and label histogram, and draw one image with its label.\n" +
            "Examples:\n  functionalnet data show mnist\n  functionalnet data show mnist --index 7 --test\n" +
            "  functionalnet data show fashion --index 3\n  functionalnet data show ./my-digits --json")
        {
            dataset, dataDirectory, index, test, json,
        };
        command.SetAction(result =>
        {
            var options = new DataShowOptions(result.GetValue(dataset)!, result.GetValue(dataDirectory),
                Parse.AtLeast("--index", result.GetValue(index), 0), result.GetValue(test), result.GetValue(json));
            var source = DatasetLocator.Locate(options.Dataset, options.DataDirectory, options.Json ? null : io.Out);
            // Single precision is plenty to look at, and halves the memory.
            var (train, testSet) = DatasetLocator.Load<float>(source);
            var shown = options.Test ? testSet : train;
            if (options.Index >= shown.Count)
                throw ShellException.Usage($"--index must be below {shown.Count}, the size of the {SetName(options)} set (got {options.Index})");
            if (options.Json) PrintJson(io.Out, source, options, train, testSet, shown);
            else Print(io.Out, source, options, train, testSet, shown);
            return Exit.Ok;
        });
        return command;
    }

    private static string SetName(DataShowOptions options) => options.Test ? "test" : "training";

    private static void Print(TextWriter o, DataSource source, DataShowOptions options, Dataset<float> train, Dataset<float> test, Dataset<float> shown)
    {
        o.WriteLine($"{source.Title} in {source.Directory}: {train.Count} training and {test.Count} test images of {train.ImageRows}×{train.ImageColumns} pixels");
        o.WriteLine("label     " + string.Concat(Enumerable.Range(0, Dataset.Classes).Select(k => $"{k,7}")));
        o.WriteLine("training  " + string.Concat(Dataset.LabelCounts(train).Select(n => $"{n,7}")));
        o.WriteLine("test      " + string.Concat(Dataset.LabelCounts(test).Select(n => $"{n,7}")));
        var label = shown.Labels[options.Index];
        var name = source.ClassNames[label];
        o.WriteLine();
        o.WriteLine($"{SetName(options)} image {options.Index}: label {label}" + (name == label.ToString(CultureInfo.InvariantCulture) ? "" : $" ({name})"));
        foreach (var line in TerminalImage.Lines(Pixels(shown, options.Index), shown.ImageRows, shown.ImageColumns)) o.WriteLine(line);
    }

    private static void PrintJson(TextWriter o, DataSource source, DataShowOptions options, Dataset<float> train, Dataset<float> test, Dataset<float> shown)
    {
        var label = shown.Labels[options.Index];
        Json.Line(o, new JsonObject { ["event"] = "image", ["set"] = SetName(options), ["index"] = options.Index, ["label"] = label,
            ["class"] = source.ClassNames[label], ["rows"] = shown.ImageRows, ["columns"] = shown.ImageColumns,
            ["pixels"] = Json.Array(Pixels(shown, options.Index).Select(p => (int)Math.Round(p * 255))) });
        Json.Line(o, new JsonObject { ["event"] = "summary", ["dataset"] = source.Title, ["directory"] = source.Directory, ["training"] = train.Count,
            ["test"] = test.Count, ["rows"] = train.ImageRows, ["columns"] = train.ImageColumns,
            ["training_label_counts"] = Json.Array(Dataset.LabelCounts(train)), ["test_label_counts"] = Json.Array(Dataset.LabelCounts(test)) });
    }

    // Column j of X is image j, row by row, scaled to [0, 1].
    private static double[] Pixels(Dataset<float> data, int index) => data.X.Column(index).Select(p => (double)p).ToArray();
}
