using FunctionalNet.Cli.Playground;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet serve</c>: the lecture in the browser, a local web page whose numbers the library computes.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1, 0 for a free one (default 5080)", DefaultValueFactory = _ => 5080 };
        var open = new Option<bool>("--open") { Description = "open the page in the default browser" };
        var model = new Option<string?>("--model") { Description = "a model file (784 inputs, 10 outputs) for the MNIST view; without it the view trains the small recipe for 1 epoch when asked" };
        var command = new Command("serve",
            "Serve the playground on 127.0.0.1: the single neuron step by step, a 2-D playground, the learning rate and MNIST drawing.\n" +
            "Examples:\n  functionalnet serve\n  functionalnet serve --port 8080 --open\n  functionalnet serve --model runs/small/model.fnet")
        { port, open, model };
        command.SetAction(result =>
        {
            var portNumber = Parse.Between("--port", result.GetValue(port), 0, 65535);
            PlaygroundServer server;
            try { server = PlaygroundServer.Start(portNumber, result.GetValue(model)).GetAwaiter().GetResult(); }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw ShellException.Failure($"cannot listen on 127.0.0.1:{portNumber}: {e.Message} (try --port 0 for a free port)");
            }
            io.Out.WriteLine($"FunctionalNet playground: {server.Url}  (Ctrl+C to stop)");
            io.Out.Flush();
            if (result.GetValue(open)) OpenBrowser(server.Url, io);
            server.WaitForShutdown().GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return Exit.Ok;
        });
        return command;
    }

    private static void OpenBrowser(Uri url, Io io)
    {
        try { Process.Start(new ProcessStartInfo(url.ToString()) { UseShellExecute = true })?.Dispose(); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            io.Error.WriteLine($"functionalnet: could not open a browser ({e.Message}); open {url} yourself");
        }
    }
}
