using FunctionalNet.Data;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Cli;

/// <summary>
/// A tiny learnable dataset in the four standard IDX files: 4×4 images, class k lights pixel k brightly (and a few
/// others dimly), 400 training and 100 test images. A 16-8-10 network learns it in a few epochs, so the shell's
/// commands can be driven end to end in well under a second.
/// </summary>
internal sealed class TinyDigits : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public TinyDigits()
    {
        foreach (var (images, labels, count, seed) in new[] { ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 400, 1), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 100, 2) })
        {
            var random = new Random(seed);
            var labelValues = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            var pixels = new byte[count * 16];
            for (var i = 0; i < count; i++)
            {
                for (var p = 0; p < 16; p++) pixels[i * 16 + p] = (byte)random.Next(0, 60);
                pixels[i * 16 + labelValues[i]] = (byte)random.Next(180, 256);
            }
            File.WriteAllBytes(directory[images], Idx.WriteImages(new IdxImages(count, 4, 4, pixels)));
            File.WriteAllBytes(directory[labels], Idx.WriteLabels(labelValues));
        }
    }

    /// <summary>The directory to pass as <c>--dataset</c>.</summary>
    public string Path => directory.Path;

    /// <summary>The options that train a small network on it quickly.</summary>
    public string[] TrainArguments(params string[] more) =>
        ["train", "--dataset", Path, "--layers", "16,8,10", "--epochs", "5", "--lr", "0.05", "--batch", "20", "--validation", "50", "--no-progress", .. more];

    public void Dispose() => directory.Dispose();
}
