using FunctionalNet.Tests.Cli;

namespace FunctionalNet.Tests.Reproducibility;

/// <summary>
/// One training run on <see cref="TinyDigits"/> that uses every part of the state a checkpoint must hold: Adam's
/// moments and step count, dropout masks keyed by (seed, epoch, batch), a cosine schedule, a validation set with
/// early stopping (so the best network is kept and returned). 350 training examples in batches of 20: 18 updates
/// per epoch, 72 in all.
/// </summary>
internal static class TinyRun
{
    public const int UpdatesPerEpoch = 18;

    public static string[] Arguments(TinyDigits digits, params string[] more) =>
    [
        "train", "--dataset", digits.Path, "--layers", "16,32,10", "--epochs", "4", "--lr", "0.01", "--batch", "20",
        "--validation", "50", "--optimizer", "adam", "--dropout", "0.2", "--early-stopping", "3", "--no-progress", .. more,
    ];

    /// <summary>The model hash of the uninterrupted run with <paramref name="seed"/>, trained in this process.</summary>
    public static string ReferenceHash(TinyDigits digits, string seed)
    {
        var run = CliRun.Of(Arguments(digits, "--seed", seed, "--json"));
        Assert.Equal(0, run.ExitCode);
        return run.Summary.GetProperty("model_hash").GetString()!;
    }
}
