using System.Text.Json.Nodes;

namespace FunctionalNet.Cli;

/// <summary>
/// <c>functionalnet train</c>: a recipe (lecture, small, best) with any option overriding it, trained and
/// evaluated on MNIST (fetched on first use), Fashion-MNIST or a directory.
/// </summary>
public static class TrainCommand
{
    /// <summary>The most epochs a run trains (each is a pass over the training set: seconds to minutes).</summary>
    public const int MaxEpochs = 10_000;

    /// <summary>Builds the command.</summary>
    public static Command Create(Io io) => Define(io).Command;

    /// <summary>
    /// The validated configuration a <c>train</c> command line (its options, without the word <c>train</c>) stands for,
    /// without running it: <c>sweep</c> checks every run of its grid this way before it starts one.
    /// </summary>
    public static TrainSettings SettingsOf(IReadOnlyList<string> options)
    {
        var (command, settings) = Define(new Io(TextWriter.Null, TextWriter.Null));
        var parsed = command.Parse(options.ToArray());
        return parsed.Errors.Count == 0 ? settings(parsed) : throw ShellException.Usage(Shell.ParseErrorMessage(parsed.Errors[0]));
    }

    /// <summary>The train command's options, in the order <c>train --help</c> lists them (what <c>sweep</c> sweeps over).</summary>
    public static IReadOnlyList<Option> Options() => Define(new Io(TextWriter.Null, TextWriter.Null)).Command.Options.ToArray();

    private static (Command Command, Func<ParseResult, TrainSettings> Settings) Define(Io io)
    {
        var recipe = new Option<string>("--recipe") { Description = "preset: lecture | small | best (explicit options override it)", DefaultValueFactory = _ => "small" };
        var dataset = SharedOptions.Dataset();
        var dataDirectory = SharedOptions.DataDirectory();
        var layers = SharedOptions.Layers();
        var activation = SharedOptions.Activation();
        var outputActivation = SharedOptions.OutputActivation();
        var loss = SharedOptions.Loss();
        var init = SharedOptions.Initializer();
        var optimizer = new Option<string?>("--optimizer") { Description = $"optimizer: {TrainNames.Optimizers}" };
        var momentum = new Option<double?>("--momentum") { Description = "β of momentum and nesterov (default 0.9)" };
        var learningRate = SharedOptions.LearningRate();
        var schedule = new Option<string?>("--schedule") { Description = $"learning-rate schedule: {TrainNames.Schedules}" };
        var warmup = new Option<double?>("--warmup") { Description = "linear warm-up over this many epochs before the schedule" };
        var batch = SharedOptions.Batch();
        var epochs = SharedOptions.Epochs($"to train, 0 to {MaxEpochs:N0} (default: the recipe's, its cosine schedule stretched to match)");
        var dropout = new Option<double?>("--dropout") { Description = "dropout rate of hidden units, in [0, 1)" };
        var inputDropout = new Option<double?>("--input-dropout") { Description = "dropout rate of the input pixels, in [0, 1)" };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "λ: decoupled decay with adamw, L2 (λ·W added to the gradient) otherwise" };
        var validation = new Option<int?>("--validation") { Description = "training examples held out for validation (seeded split), 0 to one less than the training set" };
        var earlyStopping = new Option<int?>("--early-stopping") { Description = "stop after this many epochs (≥ 1) without a better validation loss, keeping the best network" };
        var evaluateEvery = new Option<int?>("--evaluate-every") { Description = "measure train/validation/test every N ≥ 1 epochs (and after the last)" };
        var seed = SharedOptions.Seed(1, "the weights, the split, the shuffles and dropout");
        var precision = SharedOptions.Precision("f32");
        var output = SharedOptions.Out("model.fnet, manifest.json and the pictures (a directory)");
        var json = SharedOptions.Json("one object per epoch, then a summary with test_accuracy, train_accuracy, seconds, model_hash");
        var noProgress = new Option<bool>("--no-progress") { Description = "plain lines instead of a live progress bar" };
        var replay = new Option<string?>("--replay") { Description = "run the command line of a manifest.json again and compare model hashes" };
        var checkpointEvery = new Option<int?>("--checkpoint-every")
        {
            Description = $"write OUT/{CheckpointStore.FileName} after every N ≥ 1 updates (mini-batches; with --batch full an update is an epoch); needs --out",
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
        return (command, Settings);

        // The options laid over the recipe, validated: the whole configuration of a run. Each text becomes a value
        // here (a bad one is a usage error naming its option); how the values combine is the core's to decide.
        TrainSettings Settings(ParseResult result)
        {
            var chosen = Recipes.Find(result.GetValue(recipe)!).OrUsage();
            var overrides = new RecipeOverrides
            {
                Epochs = Optional(result.GetValue(epochs)).Map(e => Parse.Between("--epochs", e, 0, MaxEpochs)),
                Hidden = Optional(result.GetValue(activation)).Map(a => Names.Activation("--activation", a)),
                Loss = Optional(result.GetValue(loss)).Map(l => Names.Loss("--loss", l)),
                Output = Optional(result.GetValue(outputActivation)).Map(o => Names.Activation("--output-activation", o)),
                WeightDecay = Optional(result.GetValue(weightDecay)).Map(d => Parse.NonNegative("--weight-decay", d)),
                Optimizer = Optional(result.GetValue(optimizer)).Map(TrainNames.Optimizer),
                Momentum = Optional(result.GetValue(momentum)),
                Schedule = Optional(result.GetValue(schedule)).Map(TrainNames.Schedule),
                Warmup = Optional(result.GetValue(warmup)).Map(w => Parse.NonNegative("--warmup", w)),
                LearningRate = Optional(result.GetValue(learningRate)).Map(lr => Parse.NonNegative("--lr", lr)),
                Batching = Optional(result.GetValue(batch)).Map(TrainNames.Batching),
                Dropout = Optional(result.GetValue(dropout)),
                InputDropout = Optional(result.GetValue(inputDropout)),
                EarlyStopping = Optional(result.GetValue(earlyStopping)).Map(p => new EarlyStopping(Parse.AtLeast("--early-stopping", p, 1))),
                EvaluateEvery = Optional(result.GetValue(evaluateEvery)).Map(n => Parse.AtLeast("--evaluate-every", n, 1)),
                ValidationExamples = Optional(result.GetValue(validation)).Map(v => Parse.AtLeast("--validation", v, 0)),
                Sizes = Optional(result.GetValue(layers)).Map(text => toSeq(Parse.Sizes("--layers", text))),
                Initializer = Optional(result.GetValue(init)).Map(i => Names.Initializer("--init", i)),
            };
            return new TrainSettings(RecipeMerge.Apply(chosen, overrides).OrUsage(), result.GetValue(seed), TrainNames.Precision(result.GetValue(precision)!),
                result.GetValue(dataset)!, result.GetValue(dataDirectory), result.GetValue(output));
        }
    }

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

    /// <summary>
    /// Checks that the model file beside the manifest is the one it describes, then runs the manifest's command line
    /// again (to a temporary directory) and compares the model hashes.
    /// </summary>
    private static int Replay(string manifestPath, Io io)
    {
        var (arguments, expected, modelFile) = Manifest.Read(manifestPath);
        var besidePath = modelFile is { Length: > 0 } name && Path.GetFileName(name) == name
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, name) : null;
        if (besidePath is not null && RegularFile.Exists(besidePath, "model file"))
        {
            var beside = ModelStore.Load(besidePath).ModelHash;
            if (beside != expected)
                throw ShellException.Failure($"inconsistent run directory: {besidePath} has model hash {beside}, its manifest says {expected}");
        }
        else io.Out.WriteLine($"no model file {modelFile} beside {manifestPath}: comparing with the manifest's hash only");
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
            io.Out.WriteLine($"hash matches: {actual}" + (besidePath is not null && File.Exists(besidePath) ? $" (manifest, {Path.GetFileName(besidePath)} and replay)" : ""));
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
