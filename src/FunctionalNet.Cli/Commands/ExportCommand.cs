using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet export</c>: a model's parameters as NumPy's .npz, one array per parameter (W1, b1, …).</summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var model = SharedOptions.Model();
        var format = new Option<string>("--format") { Description = "npz (NumPy)", DefaultValueFactory = _ => "npz" };
        var output = SharedOptions.Out("the .npz file", required: true);
        var command = new Command("export",
            "Export a model's parameters for other frameworks.\n" +
            "Examples:\n  functionalnet export --model runs/small/model.fnet --format npz --out small.npz\n" +
            "  python3 -c \"import numpy; p = numpy.load('small.npz'); print({k: p[k].shape for k in p})\"")
        {
            model, format, output,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(format) is not "npz") throw ShellException.Usage($"--format must be npz (got '{result.GetValue(format)}')");
            var loaded = ModelStore.Load(result.GetValue(model)!);
            var names = loaded.Apply(new Exporter(result.GetValue(output)!));
            io.Out.WriteLine($"wrote {result.GetValue(output)}: {string.Join(", ", names)}");
            return Exit.Ok;
        });
        return command;
    }

    private sealed class Exporter(string path) : IModelUser<string[]>
    {
        public string[] Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
        {
            var arrays = ModelFile.Named(model.Network).ToArray();
            Npz.Write(path, arrays);
            return arrays.Select(a => $"{a.Name} {a.Parameter.RowCount}×{a.Parameter.ColumnCount}").ToArray();
        }
    }
}
