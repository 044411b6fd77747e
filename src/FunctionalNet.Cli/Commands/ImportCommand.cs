using System.Text.Json.Nodes;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet import</c>: a network's weights from NumPy's .npz (our names W1, b1, … or a PyTorch state_dict's
/// 0.weight, 0.bias, …), checked against the layers given, written as a model file.
/// </summary>
public static class ImportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var npz = new Option<string>("--npz") { Description = "the .npz file (numpy.savez or numpy.savez_compressed; float32 or float64 arrays)", Required = true };
        var layers = SharedOptions.Layers();
        layers.Required = true;
        var activation = SharedOptions.Activation();
        activation.Required = true;
        var outputActivation = new Option<string>("--output-activation") { Description = "the output layer's activation (e.g. softmax)", Required = true };
        var precision = SharedOptions.Precision(null, "the model's precision (default: the arrays' own, f32 when every array is float32)");
        var output = SharedOptions.Out("the model file", required: true);
        var command = new Command("import",
            "Import a dense network's weights from NumPy's .npz into a model file.\n" +
            "Names: W1, b1, W2, b2, … (as export --format npz writes them), or a PyTorch state_dict's 0.weight, 0.bias, 2.weight, …\n" +
            "(layers in the order of their numbers). A weight is outputs × inputs, as in NumPy's W·x + b and PyTorch's Linear;\n" +
            "a bias is a vector (n,) or a column (n, 1). Every shape is checked against --layers; a bad file is refused with one line.\n" +
            "Examples:\n  functionalnet import --npz net.npz --layers 784,32,10 --activation relu --output-activation softmax --out net.fnet\n" +
            "  python3 -c \"import torch, numpy; m = torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)); " +
            "numpy.savez('net.npz', **{k: v.numpy() for k, v in m.state_dict().items()})\"\n" +
            "  functionalnet evaluate --model net.fnet")
        {
            npz, layers, activation, outputActivation, precision, output,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(npz)!;
            var sizes = Parse.Sizes("--layers", result.GetValue(layers)!);
            var hidden = Names.Activation("--activation", result.GetValue(activation)!);
            var last = Names.Activation("--output-activation", result.GetValue(outputActivation)!);
            var chosen = result.GetValue(precision)?.Trim().ToLowerInvariant();
            if (chosen is not (null or "f32" or "f64")) throw ShellException.Usage($"--precision must be f32 or f64 (got '{result.GetValue(precision)}')");
            var bytes = RegularFile.Read(path, ".npz file", RegularFile.ModelCap, $".npz file not found: {path}");
            var arrays = Npz.Decode(bytes).Match(a => a, e => throw ShellException.Usage($"cannot import {path}: {e.Message}"));
            var naming = NamedWeights.Naming(arrays).Match(n => n, e => throw ShellException.Usage($"cannot import {path}: {e.Message}"));
            var single = chosen is null ? arrays.ForAll(a => a.IsSingle) : chosen == "f32";
            var training = new JsonObject
            {
                ["imported_from"] = Path.GetFileName(path),
                ["npz_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
                ["names"] = naming == WeightNames.PyTorch ? "pytorch" : "functionalnet",
                ["layers"] = string.Join(",", sizes),
                ["activation"] = hidden.ToString(),
                ["output_activation"] = last.ToString(),
                ["precision"] = single ? "f32" : "f64",
            };
            var hash = single
                ? Save<float>(result.GetValue(output)!, path, arrays, sizes, hidden, last, training)
                : Save<double>(result.GetValue(output)!, path, arrays, sizes, hidden, last, training);
            io.Out.WriteLine($"wrote {result.GetValue(output)}: {string.Join("-", sizes)} {hidden}/{last}, {(single ? "f32" : "f64")}, " +
                $"from {(naming == WeightNames.PyTorch ? "PyTorch names (0.weight, 0.bias, …)" : "FunctionalNet names (W1, b1, …)")}, model hash {hash}");
            return Exit.Ok;
        });
        return command;
    }

    private static string Save<T>(string output, string path, LanguageExt.Seq<NpyArray> arrays, int[] sizes, Activation hidden, Activation last, JsonObject training)
        where T : struct, IFloatingPointIeee754<T>
    {
        var network = NamedWeights.Network<T>(arrays, sizes, hidden, last).Match(n => n, e => throw ShellException.Usage($"cannot import {path}: {e.Message}"));
        return ModelStore.Save(output, new Model<T>(network, new ModelMetadata(Version.Library, 0, "", training)));
    }
}
