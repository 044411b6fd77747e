using System.Text.Json.Nodes;
using FunctionalNet.Cli.Data;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet train</c>: a recipe (lecture, small, best) with any option overriding it, trained and
/// evaluated on MNIST (fetched on first use), Fashion-MNIST or a directory.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Io io)
    {
        var recipe = new Option<string>("--recipe") { Description = "preset: lecture | small | best (explicit options override it)", DefaultValueFactory = _ => "small" };
        var dataset = DatasetLocator.DatasetOption();
        var dataDirectory = DatasetLocator.DataDirectoryOption();
        var layers = new Option<string?>("--layers") { Description = "layer sizes, inputs first, e.g. 784,16,16,10" };
        var activation = new Option<string?>("--activation") { Description = $"hidden activation: {string.Join(" ", FunctionalNet.Activation.Names)}" };
        var outputActivation = new Option<string?>("--output-activation") { Description = "output activation (default: softmax for softmax-ce, sigmoid for bce, else the hidden one)" };
        var loss = new Option<string?>("--loss") { Description = $"loss: {string.Join(" ", FunctionalNet.Loss.Names)}" };
        var init = new Option<string?>("--init") { Description = "initializer: uniform (the lecture's U(-0.5, 0.5)) | glorot | he" };
        var optimizer = new Option<string?>("--optimizer") { Description = $"optimizer: {TrainNames.Optimizers}" };
        var momentum = new Option<double?>("--momentum") { Description = "β of momentum and nesterov (default 0.9)" };
        var learningRate = new Option<double?>("--lr") { Description = "learning rate η" };
        var schedule = new Option<string?>("--schedule") { Description = $"learning-rate schedule: {TrainNames.Schedules}" };
        var warmup = new Option<double?>("--warmup") { Description = "linear warm-up over this many epochs before the schedule" };
        var batch = new Option<string?>("--batch") { Description = "mini-batch size N, 1 (stochastic) or full (batch gradient descent)" };
        var epochs = new Option<int?>("--epochs") { Description = "number of epochs" };
        var dropout = new Option<double?>("--dropout") { Description = "dropout rate of hidden units, in [0, 1)" };
        var inputDropout = new Option<double?>("--input-dropout") { Description = "dropout rate of the input pixels, in [0, 1)" };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "λ: decoupled decay with adamw, L2 (λ·W added to the gradient) otherwise" };
        var validation = new Option<int?>("--validation") { Description = "training examples held out for validation (seeded split)" };
        var earlyStopping = new Option<int?>("--early-stopping") { Description = "stop after this many epochs without a better validation loss, keeping the best network" };
        var evaluateEvery = new Option<int?>("--evaluate-every") { Description = "measure train/validation/test every N epochs (and after the last)" };
        var seed = new Option<int>("--seed") { Description = "seed of the weights, the split, the shuffles and dropout", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" };
        var output = new Option<string?>("--out") { Description = "directory for model.fnet, manifest.json and the pictures" };
        var json = new Option<bool>("--json") { Description = "one JSON object per epoch, then a summary with test_accuracy, train_accuracy, seconds, model_hash" };
        var noProgress = new Option<bool>("--no-progress") { Description = "plain lines instead of a live progress bar" };
        var replay = new Option<string?>("--replay") { Description = "run the command line of a manifest.json again and compare model hashes" };
        var checkpointEvery = new Option<int?>("--checkpoint-every")
        {
            Description = $"write OUT/{CheckpointStore.FileName} after every N updates (mini-batches; with --batch full an update is an epoch); needs --out",
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "continue the run a checkpoint describes, in the checkpoint's directory (or --out); the result is the uninterrupted run's, bit for bit",
        };

        var command = new Command("train",
            "Train and evaluate a network on MNIST (fetched on first use), Fashion-MNIST or a directory of IDX files.\n" +
            "Examples:\n  functionalnet train                                  # the small recipe, seed 1\n" +
            "  functionalnet train --recipe lecture --seed 3 --out runs/lecture-3\n" +
            "  functionalnet train --recipe best --dataset fashion --json\n" +
            "  functionalnet train --layers 784,64,10 --optimizer momentum --lr 0.05 --batch 32 --epochs 5\n" +
            "  functionalnet train --replay runs/lecture-3/manifest.json\n" +
            "  functionalnet train --recipe best --out runs/best --checkpoint-every 500\n" +
            "  functionalnet train --resume runs/best/checkpoint.fnck")
        {
            recipe, dataset, dataDirectory, layers, activation, outputActivation, loss, init, optimizer, momentum, learningRate,
            schedule, warmup, batch, epochs, dropout, inputDropout, weightDecay, validation, earlyStopping, evaluateEvery, seed,
            precision, output, json, noProgress, replay, checkpointEvery, resume,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(replay) is { } manifestPath) return Replay(manifestPath, io);
            var mode = TrainingProgress.Choose(result.GetValue(json), result.GetValue(noProgress), io);
            var every = result.GetValue(checkpointEvery) is { } n ? Parse.AtLeast("--checkpoint-every", n, 1) : (int?)null;
            if (result.GetValue(resume) is { } checkpointPath)
            {
                var givenOptions = command.Options.Where(o => o != resume && o.Name is not ("--out" or "--checkpoint-every" or "--json" or "--no-progress"))
                    .Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
                if (givenOptions.Length > 0)
                    throw ShellException.Usage($"--resume continues the run its checkpoint describes: give only --out, --checkpoint-every, --json or --no-progress with it (got {string.Join(", ", givenOptions)})");
                return Resume(checkpointPath, result.GetValue(output), every, mode, io, stored => Settings(Reparse(command, stored, checkpointPath)));
            }
            var settings = Settings(result) with { CheckpointEvery = every };
            if (every is not null && settings.Out is null)
                throw ShellException.Usage($"--checkpoint-every needs --out DIR: the checkpoint is written to DIR/{CheckpointStore.FileName}");
            TrainRunner.Run(settings, result.Tokens.Select(t => t.Value).ToArray(), mode, io);
            return Exit.Ok;
        });
        return command;

        // The options laid over the recipe, validated: the whole configuration of a run.
        TrainSettings Settings(ParseResult result)
        {
            var baseRecipe = Recipes.Find(result.GetValue(recipe)!).OrUsage();
            var epochCount = result.GetValue(epochs) is { } e ? Parse.AtLeast("--epochs", e, 0) : baseRecipe.Options.Epochs;
            var r = Recipes.WithEpochs(baseRecipe, epochCount);
            var hidden = result.GetValue(activation) is { } a ? Names.Activation("--activation", a) : r.Hidden;
            var lossValue = result.GetValue(loss) is { } l ? Names.Loss("--loss", l) : r.Options.Loss;
            var output2 = result.GetValue(outputActivation) is { } o ? Names.Activation("--output-activation", o)
                : result.GetValue(loss) is not null || result.GetValue(activation) is not null ? Names.DefaultOutput(lossValue, hidden) : r.Output;
            var decay = result.GetValue(weightDecay) is { } wd ? Parse.NonNegative("--weight-decay", wd) : (double?)null;
            var optimizerValue = result.GetValue(optimizer) is { } name
                ? TrainNames.Optimizer(name, result.GetValue(momentum), decay ?? 0.01)
                : decay is { } d && r.Options.Optimizer is Optimizer.AdamW w ? w with { WeightDecay = d } : r.Options.Optimizer;
            var scheduleValue = result.GetValue(schedule) is { } s ? TrainNames.Schedule(s, epochCount) : r.Options.Schedule;
            if (result.GetValue(warmup) is { } warm) scheduleValue = new Schedule.Warmup(Parse.NonNegative("--warmup", warm), scheduleValue);
            var options = r.Options with
            {
                Loss = lossValue,
                Optimizer = optimizerValue,
                LearningRate = result.GetValue(learningRate) is { } lr ? Parse.NonNegative("--lr", lr) : r.Options.LearningRate,
                Schedule = scheduleValue,
                Batching = result.GetValue(batch) is { } b ? TrainNames.Batching(b) : r.Options.Batching,
                Dropout = new DropoutRates(result.GetValue(dropout) ?? r.Options.Dropout.Hidden, result.GetValue(inputDropout) ?? r.Options.Dropout.Input),
                L2 = optimizerValue is Optimizer.AdamW ? r.Options.L2 : decay ?? r.Options.L2,
                EarlyStopping = result.GetValue(earlyStopping) is { } p ? Some(new EarlyStopping(Parse.AtLeast("--early-stopping", p, 1))) : r.Options.EarlyStopping,
                EvaluateEvery = result.GetValue(evaluateEvery) is { } every ? Parse.AtLeast("--evaluate-every", every, 1) : r.Options.EvaluateEvery,
            };
            var validationCount = result.GetValue(validation) is { } v ? Parse.AtLeast("--validation", v, 0) : r.ValidationExamples;
            if (validationCount == 0 && options.EarlyStopping.IsSome)
                throw ShellException.Usage("early stopping needs a validation set: give --validation N (N ≥ 1)");
            var sizes = result.GetValue(layers) is { } text ? LanguageExt.Prelude.toSeq(Parse.Sizes("--layers", text)) : r.Sizes;
            var finalRecipe = r with
            {
                Name = HasOverrides(result, command, recipe) ? $"{r.Name} (modified)" : r.Name,
                Sizes = sizes, Hidden = hidden, Output = output2,
                Initializer = result.GetValue(init) is { } i ? Names.Initializer("--init", i) : r.Initializer,
                Options = options, ValidationExamples = validationCount,
            };
            return new TrainSettings(finalRecipe, result.GetValue(seed), TrainNames.Precision(result.GetValue(precision)!),
                result.GetValue(dataset)!, result.GetValue(dataDirectory), result.GetValue(output));
        }
    }

    private static bool HasOverrides(ParseResult result, Command command, Option recipe) =>
        command.Options.Where(o => o != recipe && o.Name is not ("--seed" or "--precision" or "--dataset" or "--data-dir" or "--out" or "--json" or "--no-progress"
            or "--checkpoint-every" or "--resume"))
            .Any(o => result.GetResult(o) is { Implicit: false });

    // A checkpoint's command line (train, then its options) parsed again by this command.
    private static ParseResult Reparse(Command command, IReadOnlyList<string> arguments, string path)
    {
        var parsed = command.Parse(arguments.Skip(1).ToArray());
        return parsed.Errors.Count == 0 ? parsed
            : throw ShellException.Failure($"cannot resume from {path}: its command line no longer parses ({parsed.Errors[0].Message})");
    }

    /// <summary>
    /// Continues a run from its checkpoint: the stored command line is parsed again into the settings, which must mean
    /// the configuration they meant when the checkpoint was written; the data is found where it was.
    /// </summary>
    private static int Resume(string path, string? output, int? every, ProgressMode mode, Io io, Func<IReadOnlyList<string>, TrainSettings> settingsOf)
    {
        var (bytes, precision, runJson) = CheckpointStore.Read(path);
        var run = CheckpointRun.FromJson(runJson, path);
        var settings = settingsOf(run.CommandLine);
        if (!JsonNode.DeepEquals(settings.ToJson(), run.Configuration) || settings.Precision != precision)
            throw ShellException.Failure($"cannot resume from {path}: its command line now means a different configuration " +
                $"(written by FunctionalNet {(string?)runJson["functionalnet_version"]}, this is {Version.Library})");
        var resumed = settings with
        {
            Dataset = run.DatasetPath, DataDirectory = run.DataDirectory,
            Out = output ?? Path.GetDirectoryName(Path.GetFullPath(path)), CheckpointEvery = every ?? run.CheckpointEvery,
        };
        TrainRunner.Run(resumed, run.CommandLine, mode, io, new ResumeFrom(path, bytes, run.DatasetSha256));
        return Exit.Ok;
    }

    /// <summary>Runs a manifest's command line again (to a temporary directory) and compares the model hashes.</summary>
    private static int Replay(string manifestPath, Io io)
    {
        var (arguments, expected) = Manifest.Read(manifestPath);
        var directory = Path.Combine(Path.GetTempPath(), $"functionalnet-replay-{Guid.NewGuid():N}");
        var rerun = StripOutputOptions(arguments).Concat(["--out", directory, "--no-progress"]).ToArray();
        io.Out.WriteLine($"replaying: functionalnet {string.Join(" ", rerun)}");
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = Shell.Run(rerun, new Io(output, error));
        if (code != Exit.Ok) throw new ShellException(code, $"the replay failed: {error.ToString().Trim()}");
        var actual = ModelStore.Load(Path.Combine(directory, TrainRunner.ModelFileName)).ModelHash;
        Directory.Delete(directory, recursive: true);
        if (actual == expected)
        {
            io.Out.WriteLine($"hash matches: {actual}");
            return Exit.Ok;
        }
        io.Out.WriteLine($"hash differs: manifest {expected}, replay {actual}");
        return Exit.Failure;
    }

    private static IEnumerable<string> StripOutputOptions(IReadOnlyList<string> arguments)
    {
        for (var k = 0; k < arguments.Count; k++)
        {
            if (arguments[k] is "--out" or "--replay") { k++; continue; }
            if (arguments[k] is "--json" or "--no-progress" || arguments[k].StartsWith("--out=", StringComparison.Ordinal)) continue;
            yield return arguments[k];
        }
    }
}
