using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MathNet.Numerics;

namespace FunctionalNet.Data;

/// <summary>
/// Labelled images in the lecture's layout: <b>examples are columns</b>. Column j of <paramref name="X"/> is image j,
/// its pixels row by row (entry r·columns + c is pixel (r, c)) scaled from 0–255 to [0, 1]; column j of
/// <paramref name="Y"/> is the one-hot target of label j (Y[label, j] = 1, the rest 0). So X is features × examples
/// (784 × m for MNIST) and Y is 10 × m, exactly what <see cref="Training"/> and <see cref="Network"/> take.
/// </summary>
/// <param name="X">Pixels / 255, one column per example.</param>
/// <param name="Y">One-hot targets, 10 × examples.</param>
/// <param name="Labels">The digit (class) of each example, 0–9.</param>
/// <param name="ImageRows">Rows of each image (28 for MNIST).</param>
/// <param name="ImageColumns">Columns of each image (28 for MNIST).</param>
public sealed record Dataset<T>(Matrix<T> X, Matrix<T> Y, ImmutableArray<int> Labels, int ImageRows, int ImageColumns)
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The number of examples (columns).</summary>
    public int Count => Labels.Length;

    /// <summary>Inputs per example: ImageRows × ImageColumns.</summary>
    public int Features => X.RowCount;
}

/// <summary>Functions over datasets: building one from IDX files, splitting it, and cutting it into mini-batches.</summary>
public static class Dataset
{
    /// <summary>The number of classes: the digits 0–9 (or Fashion-MNIST's ten kinds of clothing).</summary>
    public const int Classes = 10;

    /// <summary>A dataset from an IDX image file and an IDX label file (each raw or gzip), named in error messages.</summary>
    public static Fin<Dataset<T>> Read<T>(ReadOnlyMemory<byte> imageFile, string imageName, ReadOnlyMemory<byte> labelFile, string labelName)
        where T : struct, IFloatingPointIeee754<T> =>
        from images in Idx.ReadImages(imageFile, imageName)
        from labels in Idx.ReadLabels(labelFile, labelName)
        from dataset in Create<T>(images, imageName, labels, labelName)
        select dataset;

    /// <summary>A dataset from parsed images and labels, refusing a count mismatch or a label outside 0–9.</summary>
    public static Fin<Dataset<T>> Create<T>(IdxImages images, string imageName, ReadOnlyMemory<byte> labels, string labelName)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (images.Count != labels.Length)
            return Idx.Fail<Dataset<T>>(IdxProblem.CountMismatch,
                $"{imageName} holds {images.Count} images but {labelName} holds {labels.Length} labels");
        var bad = labels.Span.IndexOfAnyInRange((byte)Classes, byte.MaxValue);
        if (bad >= 0)
            return Idx.Fail<Dataset<T>>(IdxProblem.LabelOutOfRange,
                $"{labelName}: label {labels.Span[bad]} of item {bad} is outside 0–{Classes - 1}");
        var digits = new int[labels.Length];
        for (var j = 0; j < digits.Length; j++) digits[j] = labels.Span[j];
        return new Dataset<T>(Pixels<T>(images), OneHot<T>(digits), ImmutableCollectionsMarshal.AsImmutableArray(digits),
            images.Rows, images.Columns);
    }

    /// <summary>
    /// X = pixels / 255 with images as columns. An IDX file stores image after image, so its pixel bytes are already
    /// X in column-major order: one pass through a 256-entry table fills the matrix's storage directly.
    /// </summary>
    public static Matrix<T> Pixels<T>(IdxImages images) where T : struct, IFloatingPointIeee754<T>
    {
        var scale = Enumerable.Range(0, 256).Select(p => T.CreateChecked(p) / T.CreateChecked(255)).ToArray();
        var source = images.Pixels.Span;
        var storage = new T[source.Length];
        for (var k = 0; k < storage.Length; k++) storage[k] = scale[source[k]];
        return Matrix<T>.Build.Dense(images.PixelsPerImage, images.Count, storage);
    }

    /// <summary>Y with Y[label_j, j] = 1: one column per example, one row per class.</summary>
    public static Matrix<T> OneHot<T>(IReadOnlyList<int> labels) where T : struct, IFloatingPointIeee754<T>
    {
        var storage = new T[Classes * labels.Count];
        for (var j = 0; j < labels.Count; j++) storage[j * Classes + labels[j]] = T.One;
        return Matrix<T>.Build.Dense(Classes, labels.Count, storage);
    }

    /// <summary>The training and test sets as a pair, refusing images of different sizes.</summary>
    public static Fin<(Dataset<T> Train, Dataset<T> Test)> Pair<T>(Dataset<T> train, Dataset<T> test)
        where T : struct, IFloatingPointIeee754<T> =>
        (train.ImageRows, train.ImageColumns) == (test.ImageRows, test.ImageColumns)
            ? (train, test)
            : Idx.Fail<(Dataset<T>, Dataset<T>)>(IdxProblem.InconsistentDimensions,
                $"the training images are {train.ImageRows}×{train.ImageColumns} pixels but the test images are {test.ImageRows}×{test.ImageColumns}");

    /// <summary>The examples at <paramref name="indices"/>, in that order (copied columns).</summary>
    public static Dataset<T> Subset<T>(Dataset<T> data, IReadOnlyList<int> indices) where T : struct, IFloatingPointIeee754<T> =>
        data with
        {
            X = Numerics.Linear.Columns(data.X, indices),
            Y = Numerics.Linear.Columns(data.Y, indices),
            Labels = indices.Select(j => data.Labels[j]).ToImmutableArray(),
        };

    /// <summary>The first <paramref name="count"/> examples (all of them if there are fewer).</summary>
    public static Dataset<T> Take<T>(Dataset<T> data, int count) where T : struct, IFloatingPointIeee754<T> =>
        count >= data.Count ? data : Subset(data, Enumerable.Range(0, Math.Max(count, 0)).ToArray());

    /// <summary>
    /// A seeded split into training and validation sets: a permutation drawn from stream
    /// (seed, <see cref="Seeds.Streams.Split"/>) picks the <paramref name="validationCount"/> validation examples;
    /// both parts keep the original order. The same seed gives the same split.
    /// </summary>
    public static Fin<(Dataset<T> Train, Dataset<T> Validation)> Split<T>(Dataset<T> data, int validationCount, int seed)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (validationCount < 1 || validationCount >= data.Count)
            return Error.New($"the validation set must hold between 1 and {data.Count - 1} examples (got {validationCount})");
        var order = Combinatorics.GeneratePermutation(data.Count, Seeds.Generator(seed, Seeds.Streams.Split));
        var validation = order[..validationCount].Order().ToArray();
        var train = order[validationCount..].Order().ToArray();
        return (Subset(data, train), Subset(data, validation));
    }

    /// <summary>
    /// The mini-batches of epoch <paramref name="epoch"/>, as <see cref="Training"/> visits them
    /// (<see cref="Batches.Plan"/>): each batch is a small dataset of copied columns, made only when reached.
    /// </summary>
    public static IEnumerable<Dataset<T>> MiniBatches<T>(Dataset<T> data, Batching batching, int seed, int epoch)
        where T : struct, IFloatingPointIeee754<T> =>
        batching is Batching.FullBatch
            ? [data]
            : Batches.Plan(batching, data.Count, seed, epoch).AsEnumerable().Select(indices => Subset(data, indices));

    /// <summary>How many examples carry each label: element k counts label k.</summary>
    public static int[] LabelCounts<T>(Dataset<T> data) where T : struct, IFloatingPointIeee754<T>
    {
        var counts = new int[Classes];
        foreach (var label in data.Labels) counts[label]++;
        return counts;
    }
}
