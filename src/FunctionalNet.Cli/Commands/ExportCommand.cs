using FunctionalNet.Serialization;
using FunctionalNet.Serialization.Onnx;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet export</c>: a model for other frameworks, as NumPy's .npz (one array per parameter: W1, b1, …)
/// or as ONNX (the whole network, for ONNX Runtime, Netron and every serving stack).
/// </summary>
public static class ExportCommand
{
    /// <summary>The formats <c>--format</c> takes.</summary>
    public const string Formats = "npz onnx";

    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var model = SharedOptions.Model();
        var format = new Option<string>("--format")
        {
            Description = "npz (NumPy: the parameters W1, b1, …) or onnx (the network, opset 17, input 'input' and output 'output', batch × features)",
            DefaultValueFactory = _ => "npz",
        };
        var output = SharedOptions.Out("the .npz or .onnx file", required: true);
        var command = new Command("export",
            "Export a model for other frameworks: its parameters as NumPy's .npz, or the whole network as ONNX.\n" +
            "ONNX takes one example per row: input 'input' is batch × inputs (pixels / 255 for MNIST), output 'output' is batch × outputs;\n" +
            "the batch size is open. Layers: dense and maxout; activations: sigmoid tanh relu leaky-relu elu identity softmax (not step).\n" +
            "The model hash, precision, layers and training configuration are the ONNX file's metadata.\n" +
            "Examples:\n  functionalnet export --model runs/small/model.fnet --format npz --out small.npz\n" +
            "  python3 -c \"import numpy; p = numpy.load('small.npz'); print({k: p[k].shape for k in p})\"\n" +
            "  functionalnet export --model runs/small/model.fnet --format onnx --out small.onnx\n" +
            "  python3 -c \"import onnxruntime, numpy; s = onnxruntime.InferenceSession('small.onnx'); print(s.run(None, {'input': numpy.zeros((1, 784), numpy.float32)}))\"")
        {
            model, format, output,
        };
        command.SetAction(result =>
        {
            var chosen = result.GetValue(format)!.Trim().ToLowerInvariant();
            if (chosen is not ("npz" or "onnx")) throw ShellException.Usage($"--format must be one of: {Formats} (got '{result.GetValue(format)}')");
            var loaded = ModelStore.Load(result.GetValue(model)!);
            var path = result.GetValue(output)!;
            io.Out.WriteLine($"wrote {path}: {loaded.Apply(chosen == "npz" ? new NpzExporter(path) : (IModelUser<string>)new OnnxExporter(path))}");
            return Exit.Ok;
        });
        return command;
    }

    private sealed class NpzExporter(string path) : IModelUser<string>
    {
        public string Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
        {
            var arrays = ModelFile.Named(model.Network).ToArray();
            AtomicFile.Write(path, Npz.Encode(arrays));
            return string.Join(", ", arrays.Select(a => $"{a.Name} {a.Parameter.RowCount}×{a.Parameter.ColumnCount}"));
        }
    }

    private sealed class OnnxExporter(string path) : IModelUser<string>
    {
        public string Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
        {
            AtomicFile.Write(path, OnnxModel.Encode(model, Version.Library).OrUsage());
            return $"ONNX opset {OnnxModel.Opset}, {ModelFile.PrecisionOf<T>()}, '{OnnxModel.InputName}' batch×{model.Network.Inputs} → " +
                $"'{OnnxModel.OutputName}' batch×{model.Network.Outputs}, model hash {ModelFile.ModelHash(model.Network)}";
        }
    }
}
