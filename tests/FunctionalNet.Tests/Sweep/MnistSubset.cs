using FunctionalNet.Data;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Sweep;

/// <summary>
/// The first <see cref="TrainCount"/> training and <see cref="TestCount"/> test images of the real MNIST (from the
/// cache CI fills, <see cref="RealMnist"/>), written as the four IDX files into a temporary directory to pass as
/// <c>--dataset</c>: the lecture's 784-16-16-10 network trains on it in a fraction of a second per epoch.
/// </summary>
internal sealed class MnistSubset : IDisposable
{
    public const int TrainCount = 1000;
    public const int TestCount = 300;

    private readonly TemporaryDirectory directory = new();

    public MnistSubset()
    {
        foreach (var (images, labels, count) in new[] { ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", TrainCount), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", TestCount) })
        {
            var all = Idx.ReadImages(File.ReadAllBytes(System.IO.Path.Combine(RealMnist.Directory, images)), images).Match(i => i, e => throw new InvalidOperationException(e.Message));
            var allLabels = Idx.ReadLabels(File.ReadAllBytes(System.IO.Path.Combine(RealMnist.Directory, labels)), labels).Match(l => l, e => throw new InvalidOperationException(e.Message));
            File.WriteAllBytes(directory[images], Idx.WriteImages(new IdxImages(count, all.Rows, all.Columns, all.Pixels[..(count * all.Rows * all.Columns)])));
            File.WriteAllBytes(directory[labels], Idx.WriteLabels(allLabels.Span[..count]));
        }
    }

    /// <summary>The directory to pass as <c>--dataset</c>.</summary>
    public string Path => directory.Path;

    public void Dispose() => directory.Dispose();
}
