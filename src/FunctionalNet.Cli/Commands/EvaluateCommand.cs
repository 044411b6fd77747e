using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;
using FunctionalNet.Data;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary><c>functionalnet evaluate</c>: a saved model's accuracy, loss and confusion matrix on a dataset's test set.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var model = SharedOptions.Model();
        var dataset = SharedOptions.Dataset();
        var dataDirectory = SharedOptions.DataDirectory();
        var json = SharedOptions.Json("one summary with test_accuracy, test_loss and the confusion matrix");
        var command = new Command("evaluate",
            "Evaluate a saved model on a dataset's test set: accuracy, loss and confusion matrix.\n" +
            "Examples:\n  functionalnet evaluate --model runs/small/model.fnet\n  functionalnet evaluate --model runs/small/model.fnet --dataset fashion --json")
        {
            model, dataset, dataDirectory, json,
        };
        command.SetAction(result =>
        {
            var loaded = ModelStore.Load(result.GetValue(model)!);
            var source = DatasetLocator.Locate(result.GetValue(dataset)!, result.GetValue(dataDirectory), io.Error);
            loaded.Apply(new Evaluator(source, result.GetValue(json), io));
            return Exit.Ok;
        });
        return command;
    }

    /// <summary>The loss a model was trained with (from its file), else squared error.</summary>
    public static Loss LossOf<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T> =>
        model.Metadata.Training["loss"]?.GetValue<string>() is { } name ? Names.LossNamed(name).IfFail(new Loss.MeanSquared()) : new Loss.MeanSquared();

    private sealed class Evaluator(DataSource source, bool json, Io io) : IModelUser<LanguageExt.Unit>
    {
        public LanguageExt.Unit Use<T>(Model<T> model) where T : struct, IFloatingPointIeee754<T>
        {
            var (_, test) = DatasetLocator.Load<T>(source);
            if (test.Features != model.Network.Inputs || model.Network.Outputs != Dataset.Classes)
                throw ShellException.Failure($"the model takes {model.Network.Inputs} inputs and gives {model.Network.Outputs} outputs; {source.Title} has {test.Features} pixels and {Dataset.Classes} classes");
            var loss = LossOf(model);
            var evaluation = Metrics.Evaluate(model.Network, loss, new LabelledSet<T>(test.X, test.Y));
            if (json)
                Json.Line(io.Out, new JsonObject
                {
                    ["event"] = "summary", ["dataset"] = source.Title, ["examples"] = evaluation.Examples, ["test_accuracy"] = evaluation.Accuracy,
                    ["test_loss"] = evaluation.Loss, ["loss"] = loss.Name, ["model_hash"] = ModelFile.ModelHash(model.Network),
                    ["confusion"] = Json.Array(evaluation.Confusion.Rows, row => Json.Array(row)),
                });
            else
            {
                io.Out.WriteLine($"{source.Title} test set, {evaluation.Examples:N0} examples: accuracy {evaluation.Accuracy:P2}, {loss.Name} loss {evaluation.Loss:F4}");
                io.Out.WriteLine("confusion matrix (rows: label, columns: predicted)");
                io.Out.WriteLine("      " + string.Join("", Enumerable.Range(0, evaluation.Confusion.Classes).Select(p => $"{p,6}")));
                for (var a = 0; a < evaluation.Confusion.Classes; a++)
                    io.Out.WriteLine($"{a,6}" + string.Join("", Enumerable.Range(0, evaluation.Confusion.Classes).Select(p => $"{evaluation.Confusion[a, p],6}")));
            }
            return LanguageExt.Unit.Default;
        }
    }
}
