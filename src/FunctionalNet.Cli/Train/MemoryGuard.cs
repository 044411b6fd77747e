using LanguageExt;

namespace FunctionalNet.Cli;

/// <summary>
/// Refuses a run that would need absurd memory before anything is allocated: the core estimates the peak from the
/// shapes (<see cref="MemoryEstimates"/>), and the limit is half of the memory this process may use
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: the machine's, or a container's limit).
/// </summary>
public static class MemoryGuard
{
    /// <summary>The fraction of the available memory a run may plan to use.</summary>
    public const double Fraction = 0.5;

    /// <summary>The limit in bytes, and how it was found.</summary>
    public static (double Bytes, string Description) Limit()
    {
        var available = (double)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return (Fraction * available, $"half of the {MemoryEstimates.Gigabytes(available)} this process may use");
    }

    /// <summary>A usage failure (exit code 2) if training <paramref name="layers"/> would not fit; <paramref name="examples"/> is 0 before the data is read.</summary>
    public static void Check<T>(Seq<LayerSpec> layers, TrainingOptions options, bool keepsBest, int examples) where T : struct, IFloatingPointIeee754<T>
    {
        var (bytes, description) = Limit();
        MemoryEstimates.Fits(MemoryEstimates.Of(layers, options, keepsBest, examples, System.Runtime.CompilerServices.Unsafe.SizeOf<T>()), bytes, description)
            .Match(_ => unit, e => throw ShellException.Usage($"{e.Message}: choose smaller --layers or --batch"));
    }
}
