using FunctionalNet.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunctionalNet.Tests.Onnx;

/// <summary>
/// An exported network run by ONNX Runtime (the independent oracle: Microsoft's engine, which has never seen our
/// code) beside the library's own forward pass on the same images, and how far apart they are.
/// </summary>
internal static class OnnxRuntimeRun
{
    /// <summary>A session on the bytes, with one intra-op thread (the machine is shared; the answer does not depend on it).</summary>
    public static InferenceSession Session(byte[] onnx) =>
        new(onnx, new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });

    /// <summary>ONNX Runtime's outputs for every example of <paramref name="x"/> (columns), fed in batches of <paramref name="batch"/> rows.</summary>
    public static Matrix<T> Outputs<T>(InferenceSession session, Matrix<T> x, int batch) where T : struct, IFloatingPointIeee754<T>
    {
        // x is features × examples, column-major: its storage is the row-major examples × features buffer ONNX takes.
        var pixels = x.AsColumnMajorArray() ?? x.ToColumnMajorArray();
        var outputs = session.OutputMetadata["output"].Dimensions[1];
        var result = new T[outputs * x.ColumnCount];
        for (var start = 0; start < x.ColumnCount; start += batch)
        {
            var rows = Math.Min(batch, x.ColumnCount - start);
            var input = new DenseTensor<T>(pixels.AsMemory(start * x.RowCount, rows * x.RowCount), [rows, x.RowCount]);
            using var run = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            var output = (DenseTensor<T>)run.Single(r => r.Name == "output").AsTensor<T>();
            Assert.Equal([rows, outputs], output.Dimensions.ToArray());
            output.Buffer.Span.CopyTo(result.AsSpan(start * outputs));
        }
        return Matrix<T>.Build.Dense(outputs, x.ColumnCount, result);   // row-major examples × outputs = column-major outputs × examples
    }

    /// <summary>The largest |Δ| between the two outputs and how many examples they classify alike (argmax of each column).</summary>
    public static (double MaxDelta, int SameClass) Compare<T>(Matrix<T> ours, Matrix<T> theirs) where T : struct, IFloatingPointIeee754<T>
    {
        Assert.Equal((ours.RowCount, ours.ColumnCount), (theirs.RowCount, theirs.ColumnCount));
        var maxDelta = ours.Enumerate().Zip(theirs.Enumerate()).Max(p => Math.Abs(double.CreateChecked(p.Item1) - double.CreateChecked(p.Item2)));
        var same = Enumerable.Range(0, ours.ColumnCount).Count(j => ours.Column(j).MaximumIndex() == theirs.Column(j).MaximumIndex());
        return (maxDelta, same);
    }

    /// <summary>A network trained for one epoch of the small recipe on the first 10,000 training images: real weights, in a second.</summary>
    public static Network<T> Trained<T>(Seq<LayerSpec> specs, Dataset<T> train, int seed) where T : struct, IFloatingPointIeee754<T>
    {
        var network = Initialization.Create<T>(specs, new Initializer.He(), seed).ThrowIfFail();
        var subset = Dataset.Take(train, 10_000);
        var options = Recipes.WithEpochs(Recipes.Small, 1).Options with { Seed = seed };
        return Training.Train(network, subset.X, subset.Y, options).ThrowIfFail().Network;
    }
}
