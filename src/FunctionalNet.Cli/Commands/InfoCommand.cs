using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet info</c>: the version, the numerical backend and its threads, and where the data are.</summary>
public static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var json = SharedOptions.Json("one object");
        var command = new Command("info", "Show the version, the numerical backend with its thread count, and the data directory.\nExample:\n  functionalnet info") { json };
        command.SetAction(result =>
        {
            var backend = BackendInfo.Describe();
            var mnist = DatasetLocator.MnistDirectory(null);
            var fetched = DatasetLocator.StandardNames.All(n => File.Exists(Path.Combine(mnist, n)));
            if (result.GetValue(json))
                Json.Line(io.Out, new JsonObject { ["version"] = Version.Library, ["backend"] = backend.ToJsonString(), ["mnist_directory"] = mnist,
                    ["mnist_fetched"] = fetched, ["dotnet"] = Environment.Version.ToString() });
            else
            {
                io.Out.WriteLine($"FunctionalNet {Version.Library} on .NET {Environment.Version}, {Environment.ProcessorCount} processors");
                foreach (var (key, value) in backend) io.Out.WriteLine($"  backend {key}: {value}");
                io.Out.WriteLine($"  MNIST directory: {mnist} ({(fetched ? "fetched" : "not fetched yet: train or data fetch mnist fetches it")})");
            }
            return Exit.Ok;
        });
        return command;
    }
}
