using LanguageExt;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;
using FunctionalNet.Data;
using FunctionalNet.Serialization;

namespace FunctionalNet.Cli;

/// <summary>What a finished run reports.</summary>
public sealed record TrainOutcome(string ModelHash, double TestAccuracy, double TrainAccuracy, double Seconds);

/// <summary>A checkpoint to continue from: its path, its bytes, and the hash of the data it was trained on.</summary>
public sealed record ResumeFrom(string Path, byte[] Bytes, string DatasetSha256);

/// <summary>
/// Runs <c>train</c>: loads the data, builds the network from the seed, consumes the core's training steps with
/// progress, evaluates, and writes the model, the manifest and the pictures. No training logic lives here.
/// </summary>
public static class TrainRunner
{
    /// <summary>The model's file name in a run's output directory.</summary>
    public const string ModelFileName = "model.fnet";

    /// <summary>The file name of the last finite network of a run that diverged (never <see cref="ModelFileName"/>).</summary>
    public const string LastFiniteFileName = "model.last-finite.fnet";

    /// <summary>Runs the configuration in its precision, from the start or from a checkpoint.</summary>
    public static TrainOutcome Run(TrainSettings settings, IReadOnlyList<string> arguments, ProgressMode mode, Io io, ResumeFrom? resume = null) =>
        settings.Precision == "f64" ? Run<double>(settings, arguments, mode, io, resume) : Run<float>(settings, arguments, mode, io, resume);

    private static TrainOutcome Run<T>(TrainSettings settings, IReadOnlyList<string> arguments, ProgressMode mode, Io io, ResumeFrom? resume)
        where T : struct, IFloatingPointIeee754<T>
    {
        var recipe = settings.Recipe;
        var options = recipe.Options with { Seed = settings.Seed };
        var layers = recipe.Layers.OrUsage();
        MemoryGuard.Check<T>(layers, options, recipe.ValidationExamples > 0, examples: 0);   // the parameters, before the data is read
        var source = DatasetLocator.Locate(settings.Dataset, settings.DataDirectory, io.Error);
        var (fullTrain, test) = DatasetLocator.Load<T>(source);
        if (recipe.Sizes.Head != fullTrain.Features || recipe.Sizes.Last != Dataset.Classes)
            throw ShellException.Usage($"--layers must start with {fullTrain.Features} (pixels per image) and end with {Dataset.Classes} (classes) for this dataset (got {string.Join(",", recipe.Sizes)})");
        MemoryGuard.Check<T>(layers, options, recipe.ValidationExamples > 0, fullTrain.Count);   // and the activations, before the network
        (Dataset<T> Train, LanguageExt.Option<Dataset<T>> Validation) split = recipe.ValidationExamples > 0
            ? Dataset.Split(fullTrain, recipe.ValidationExamples, settings.Seed).Map(s => (s.Train, Some(s.Validation))).OrUsage()
            : (fullTrain, None);
        var (train, validation) = split;
        var data = new TrainingData<T>(Labelled(train), validation.Map(Labelled), Some(Labelled(test)));
        var hashes = DatasetHashes.Of(source);
        var start = resume is null ? Training.Start(Recipes.Network<T>(recipe, settings.Seed).OrUsage(), options) : Resumed<T>(resume, hashes);
        var steps = Training.Steps(start, data, options).OrUsage();

        if (mode == ProgressMode.Lines)
            io.Out.WriteLine($"training {string.Join("-", recipe.Sizes)} ({recipe.Name}) on {source.Title}: {train.Count:N0} training, " +
                $"{validation.Map(v => v.Count).IfNone(0):N0} validation, {test.Count:N0} test examples; {settings.Precision}, seed {settings.Seed}" +
                (resume is null ? "" : $"; resuming after epoch {start.Epoch}, batch {start.Batch}"));
        var clock = Stopwatch.StartNew();
        var guard = new RunGuard<T>(start, settings.CheckpointEvery, settings.CheckpointEvery is null ? null : Path.Combine(settings.Out!, CheckpointStore.FileName),
            CheckpointRun.Of(settings, arguments, settings.CheckpointEvery ?? 0, hashes).ToJson());
        var final = TrainingProgress.Drive(guard.Watch(steps), start, options.Epochs, train.Count, mode, io, clock);
        var seconds = clock.Elapsed.TotalSeconds;
        var metadata = new ModelMetadata(Version.Library, settings.Seed, hashes.Combined, settings.ToJson());
        if (guard.Divergence is { } error) Diverged(error, guard.LastFinite.Network, settings, arguments, hashes, metadata);
        var trained = Training.Result(final, options).Network;

        var trainEvaluation = Metrics.Evaluate(trained, options.Loss, data.Train);
        var testEvaluation = Metrics.Evaluate(trained, options.Loss, data.Test.IfNone(data.Train));
        var validationEvaluation = data.Validation.Map(v => Metrics.Evaluate(trained, options.Loss, v));
        var modelHash = ModelFile.ModelHash(trained);
        var metrics = new JsonObject
        {
            ["epochs"] = final.Epoch,
            ["seconds"] = seconds,
            ["train_loss"] = trainEvaluation.Loss, ["train_accuracy"] = trainEvaluation.Accuracy,
            ["validation_loss"] = (validationEvaluation.Case as Evaluation)?.Loss,
            ["validation_accuracy"] = (validationEvaluation.Case as Evaluation)?.Accuracy,
            ["test_loss"] = testEvaluation.Loss, ["test_accuracy"] = testEvaluation.Accuracy,
        };

        string? modelPath = null;
        if (settings.Out is { } outDirectory)
        {
            modelPath = Path.Combine(outDirectory, ModelFileName);
            ModelStore.Save(modelPath, new Model<T>(trained, metadata));
            var manifest = Manifest.Create(arguments, settings, hashes, metrics, modelHash, ModelFileName);
            if (resume is not null)
                manifest["resumed_from"] = new JsonObject { ["checkpoint"] = Path.GetFullPath(resume.Path), ["epoch"] = start.Epoch, ["batch"] = start.Batch, ["update"] = start.Optimizer.Step };
            // The manifest last: once it is there, the run's directory is complete (a sweep counts the run as done).
            DrawPictures(outDirectory, final.History, testEvaluation, trained, test, source.ClassNames, recipe.Name);
            Manifest.Write(Path.Combine(outDirectory, Manifest.FileName), manifest);
        }

        if (mode == ProgressMode.Json)
            Json.Line(io.Out, new JsonObject
            {
                ["event"] = "summary", ["recipe"] = recipe.Name, ["precision"] = settings.Precision, ["seed"] = settings.Seed, ["epochs"] = final.Epoch,
                ["train_accuracy"] = trainEvaluation.Accuracy, ["validation_accuracy"] = (validationEvaluation.Case as Evaluation)?.Accuracy,
                ["test_accuracy"] = testEvaluation.Accuracy, ["train_loss"] = trainEvaluation.Loss, ["test_loss"] = testEvaluation.Loss,
                ["seconds"] = seconds, ["model_hash"] = modelHash, ["model"] = modelPath, ["dataset_sha256"] = hashes.Combined,
            });
        else
        {
            io.Out.WriteLine($"done in {seconds:F1} s: train accuracy {trainEvaluation.Accuracy:P2}" +
                validationEvaluation.Match(v => $", validation {v.Accuracy:P2}", () => "") + $", test accuracy {testEvaluation.Accuracy:P2}");
            io.Out.WriteLine($"model hash {modelHash}");
            io.Out.WriteLine(modelPath is null ? "(use --out DIR to save the model, a manifest and the pictures)" : $"saved {modelPath} and {Path.Combine(settings.Out!, Manifest.FileName)}");
        }
        return new TrainOutcome(modelHash, testEvaluation.Accuracy, trainEvaluation.Accuracy, seconds);
    }

    private static TrainingState<T> Resumed<T>(ResumeFrom resume, DatasetHashes hashes) where T : struct, IFloatingPointIeee754<T>
    {
        if (resume.DatasetSha256 != hashes.Combined)
            throw ShellException.Failure($"cannot resume from {resume.Path}: it was trained on data with SHA-256 {resume.DatasetSha256[..12]}…, " +
                $"but the dataset now has {hashes.Combined[..12]}…");
        return CheckpointStore.Decode<T>(resume.Path, resume.Bytes).State;
    }

    /// <summary>
    /// A run that diverged: the last finite network is written (with --out) as <see cref="LastFiniteFileName"/>, with a
    /// manifest saying so, and the run fails with one line naming the epoch and the batch. No model.fnet is written.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Diverged<T>(Error error, Network<T> lastFinite, TrainSettings settings, IReadOnlyList<string> arguments,
        DatasetHashes hashes, ModelMetadata metadata) where T : struct, IFloatingPointIeee754<T>
    {
        if (settings.Out is not { } outDirectory)
            throw ShellException.Failure($"{error.Message}; stopped (with --out DIR the last finite network is written to DIR/{LastFiniteFileName})");
        var path = Path.Combine(outDirectory, LastFiniteFileName);
        var hash = ModelStore.Save(path, new Model<T>(lastFinite, metadata));
        var manifest = Manifest.Create(arguments, settings, hashes, new JsonObject(), hash, LastFiniteFileName);
        manifest["diverged"] = new JsonObject { ["reason"] = error.Message, ["model_file"] = LastFiniteFileName, ["model_is_last_finite"] = true };
        Manifest.Write(Path.Combine(outDirectory, Manifest.FileName), manifest);
        throw ShellException.Failure($"{error.Message}; stopped, and wrote the last network with finite parameters and a finite loss to {path}");
    }

    private static LabelledSet<T> Labelled<T>(Dataset<T> d) where T : struct, IFloatingPointIeee754<T> => new(d.X, d.Y);

    private static void DrawPictures<T>(string directory, Seq<EpochSummary> history, Evaluation test, Network<T> network,
        Dataset<T> testSet, IReadOnlyList<string> classNames, string title) where T : struct, IFloatingPointIeee754<T>
    {
        TrainingCharts.Curves(Path.Combine(directory, "loss.png"), Path.Combine(directory, "accuracy.png"), history, title);
        TrainingCharts.Confusion(Path.Combine(directory, "confusion.png"), test.Confusion, classNames, $"{title}: test confusion matrix");
        var sample = Math.Min(testSet.Count, 2000);
        var predicted = Metrics.ArgMax(Network.Predict(network, testSet.X.SubMatrix(0, testSet.X.RowCount, 0, sample)));
        var wrong = Enumerable.Range(0, sample).Where(j => predicted[j] != testSet.Labels[j]).Take(24)
            .Select(j => (testSet.X.Column(j).Select(v => double.CreateChecked(v)).ToArray(), predicted[j], testSet.Labels[j])).ToArray();
        TrainingCharts.Misclassified(Path.Combine(directory, "misclassified.png"), wrong, testSet.ImageRows, testSet.ImageColumns, classNames,
            $"{title}: misclassified test images");
    }
}
