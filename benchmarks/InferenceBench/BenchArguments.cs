using System.Globalization;

namespace InferenceBench;

/// <summary>The bench's options: a model file or a recipe's freshly drawn network, rounds, ONNX Runtime's threads, MNIST's directory.</summary>
internal sealed record BenchArguments(string? Model, string Recipe, int Seed, int Rounds, int Threads, int Lanes, string? Mnist, bool Json)
{
    /// <summary>The options (<c>--lanes 1</c> keeps FunctionalNet on one core, as ONNX Runtime with one thread), or null when an argument is unknown or not a number where one is needed.</summary>
    public static BenchArguments? Parse(string[] args)
    {
        var options = new BenchArguments(null, "small", 0, 5, 1, 2, null, false);
        for (var k = 0; k < args.Length; k++)
        {
            string Next() => k + 1 < args.Length ? args[++k] : "";
            int? Number() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
            options = args[k] switch
            {
                "--model" => options with { Model = Next() },
                "--recipe" => options with { Recipe = Next() },
                "--seed" => Number() is { } s ? options with { Seed = s } : null,
                "--rounds" => Number() is { } r ? options with { Rounds = r } : null,
                "--threads" => Number() is { } t ? options with { Threads = t } : null,
                "--lanes" => Number() is { } l and <= 2 ? options with { Lanes = l } : null,
                "--mnist" => options with { Mnist = Next() },
                "--json" => options with { Json = true },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }
}
