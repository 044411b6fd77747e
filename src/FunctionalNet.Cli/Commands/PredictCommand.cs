using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet predict</c>: one test image drawn in the terminal, its label, the prediction and the ten outputs.</summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var model = SharedOptions.Model();
        var index = SharedOptions.Index("test image");
        var dataset = SharedOptions.Dataset();
        var dataDirectory = SharedOptions.DataDirectory();
        var json = SharedOptions.Json("one object: index, label, predicted, outputs");
        var command = new Command("predict",
            "Show one test image with its label, the model's prediction and its ten outputs.\n" +
            "Examples:\n  functionalnet predict --model runs/small/model.fnet --index 8\n  functionalnet predict --model runs/small/model.fnet --index 8 --json")
        {
            model, index, dataset, dataDirectory, json,
        };
        command.SetAction(result =>
        {
            var loaded = ModelStore.Load(result.GetValue(model)!);
            var source = DatasetLocator.Locate(result.GetValue(dataset)!, result.GetValue(dataDirectory), io.Error);
            loaded.Apply(new Predictor(source, result.GetValue(index), result.GetValue(json), io));
            return Exit.Ok;
        });
        return command;
    }

    private sealed class Predictor(DataSource source, int index, bool json, Io io) : IModelUser<LanguageExt.Unit>
    {
        public LanguageExt.Unit Use<T>(FunctionalNet.Serialization.Model<T> model) where T : struct, IFloatingPointIeee754<T>
        {
            var (_, test) = DatasetLocator.Load<T>(source);
            if (index < 0 || index >= test.Count)
                throw ShellException.Usage($"--index must be between 0 and {test.Count - 1} for {source.Title}'s test set (got {index})");
            if (test.Features != model.Network.Inputs)
                throw ShellException.Failure($"the model takes {model.Network.Inputs} inputs; {source.Title}'s images have {test.Features} pixels");
            var x = test.X.SubMatrix(0, test.Features, index, 1);
            var outputs = Network.Predict(model.Network, x).Column(0).Select(v => double.CreateChecked(v)).ToArray();
            var predicted = System.Array.IndexOf(outputs, outputs.Max());
            var label = test.Labels[index];
            var isSoftmax = model.Network.Layers.Last is DenseLayer<T> { Activation: Activation.Softmax };
            if (json)
            {
                Json.Line(io.Out, new JsonObject { ["index"] = index, ["label"] = label, ["predicted"] = predicted, ["correct"] = predicted == label,
                    ["outputs"] = Json.Array(outputs), ["outputs_are_probabilities"] = isSoftmax });
                return LanguageExt.Unit.Default;
            }
            foreach (var line in TerminalImage.Lines(x.Column(0).Select(v => double.CreateChecked(v)).ToArray(), test.ImageRows, test.ImageColumns))
                io.Out.WriteLine(line);
            io.Out.WriteLine($"test image {index}: label {source.ClassNames[label]}, predicted {source.ClassNames[predicted]} {(predicted == label ? "(right)" : "(WRONG)")}");
            io.Out.WriteLine(isSoftmax ? "class probabilities:" : "outputs (the output layer is not softmax, so these are scores, not probabilities):");
            for (var k = 0; k < outputs.Length; k++)
                io.Out.WriteLine($"  {source.ClassNames[k],-12} {outputs[k],8:F4}  {new string('█', (int)Math.Round(20 * Math.Clamp(outputs[k], 0, 1)))}");
            return LanguageExt.Unit.Default;
        }
    }
}
