using FunctionalNet.Cli.Data;
using FunctionalNet.Data;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet data subset</c>: the first N training and M test images of a dataset written as the four IDX files
/// of a new directory, so that <c>--dataset DIR</c> can train on a few thousand images (tests, sweeps, emulated runs).
/// </summary>
public static class DataSubsetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var dataset = new Argument<string>("dataset") { Description = "mnist, fashion, or a directory holding the four IDX files (raw or .gz)" };
        var dataDirectory = SharedOptions.DataDirectory();
        var train = new Option<int>("--train") { Description = "how many training images to keep, the first ones (1 or more)", DefaultValueFactory = _ => 3000 };
        var test = new Option<int>("--test") { Description = "how many test images to keep, the first ones (1 or more)", DefaultValueFactory = _ => 1000 };
        var output = SharedOptions.Out("the directory to write the four IDX files to (created if missing)", required: true);
        var command = new Command("subset",
            "Write the first --train training and --test test images (and their labels) as uncompressed IDX files in --out.\n" +
            "Examples:\n  functionalnet data subset mnist --train 3000 --test 1000 --out data/mnist-3k\n" +
            "  functionalnet train --dataset data/mnist-3k --recipe small --epochs 2 --validation 500")
        {
            dataset, dataDirectory, train, test, output,
        };
        command.SetAction(result =>
        {
            var trainCount = Parse.AtLeast("--train", result.GetValue(train), 1);
            var testCount = Parse.AtLeast("--test", result.GetValue(test), 1);
            var directory = result.GetValue(output)!;
            var source = DatasetLocator.Locate(result.GetValue(dataset)!, result.GetValue(dataDirectory), io.Out);
            var files = new[]
            {
                (Images: source.TrainImages, Labels: source.TrainLabels, Count: trainCount, Set: "training"),
                (Images: source.TestImages, Labels: source.TestLabels, Count: testCount, Set: "test"),
            }.Select(part => First(part.Images, part.Labels, part.Count, part.Set)).ToArray();
            Directory.CreateDirectory(directory);
            var names = DatasetLocator.StandardNames;
            File.WriteAllBytes(Path.Combine(directory, names[0]), files[0].Images);
            File.WriteAllBytes(Path.Combine(directory, names[1]), files[0].Labels);
            File.WriteAllBytes(Path.Combine(directory, names[2]), files[1].Images);
            File.WriteAllBytes(Path.Combine(directory, names[3]), files[1].Labels);
            io.Out.WriteLine($"wrote {trainCount} training and {testCount} test images of {source.Title} to {directory}");
            return Exit.Ok;
        });
        return command;
    }

    // The first count images and labels of one set, as IDX bytes.
    private static (byte[] Images, byte[] Labels) First(DataFile imageFile, DataFile labelFile, int count, string set)
    {
        var images = Idx.ReadImages(DatasetLocator.Bytes(imageFile), imageFile.Name).OrFailure();
        var labels = Idx.ReadLabels(DatasetLocator.Bytes(labelFile), labelFile.Name).OrFailure();
        if (count > images.Count)
            throw ShellException.Usage($"--{(set == "test" ? "test" : "train")} must be at most {images.Count}, the size of the {set} set (got {count})");
        var kept = images with { Count = count, Pixels = images.Pixels[..(count * images.PixelsPerImage)] };
        return (Idx.WriteImages(kept), Idx.WriteLabels(labels.Span[..count]));
    }
}
