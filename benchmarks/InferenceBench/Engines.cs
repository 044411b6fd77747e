using FunctionalNet;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;

namespace InferenceBench;

/// <summary>Something that classifies images: <see cref="Prepare"/> does the setup, and the action it returns is what is timed.</summary>
internal interface IEngine
{
    string Name { get; }

    /// <summary>An action that runs every column of <paramref name="x"/> through the network in batches of <paramref name="batch"/>.</summary>
    Action Prepare(Matrix<float> x, int batch);
}

/// <summary>
/// The library's forward pass on batches cut out beforehand: <see cref="Network.Predict{T}"/> (the reference, the bits
/// evaluate prints) or the serving path <see cref="FunctionalNet.Numerics.Inference.Predict{T}(FunctionalNet.Network{T}, MathNet.Numerics.LinearAlgebra.Matrix{T})"/> (equal up to rounding).
/// </summary>
internal sealed class FunctionalNetEngine(Network<float> network, bool serving) : IEngine
{
    public string Name => serving ? "Inference" : "Network";

    public Action Prepare(Matrix<float> x, int batch)
    {
        var blocks = Enumerable.Range(0, (x.ColumnCount + batch - 1) / batch)
            .Select(b => x.SubMatrix(0, x.RowCount, b * batch, Math.Min(batch, x.ColumnCount - b * batch))).ToArray();
        return () =>
        {
            if (serving) foreach (var block in blocks) _ = FunctionalNet.Numerics.Inference.Predict(network, block);
            else foreach (var block in blocks) _ = Network.Predict(network, block);
        };
    }
}

/// <summary>ONNX Runtime's CPU provider on the exported bytes, with inputs and outputs bound to memory allocated beforehand.</summary>
internal sealed class OrtEngine(byte[] onnx, int threads) : IEngine, IDisposable
{
    private readonly InferenceSession session = new(onnx, new SessionOptions
    {
        IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    });
    private readonly RunOptions run = new();
    private readonly List<OrtValue> values = [];

    public string Name => "ONNX Runtime";

    public Action Prepare(Matrix<float> x, int batch)
    {
        var pixels = x.ToColumnMajorArray();   // examples × features, row-major
        var outputs = session.OutputMetadata["output"].Dimensions[1];
        var results = new float[outputs * x.ColumnCount];
        var calls = Enumerable.Range(0, (x.ColumnCount + batch - 1) / batch).Select(b =>
        {
            var rows = Math.Min(batch, x.ColumnCount - b * batch);
            var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                pixels.AsMemory(b * batch * x.RowCount, rows * x.RowCount), [rows, x.RowCount]);
            var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                results.AsMemory(b * batch * outputs, rows * outputs), [rows, outputs]);
            values.Add(input);
            values.Add(output);
            return (Input: new[] { input }, Output: new[] { output });
        }).ToArray();
        string[] inputNames = ["input"], outputNames = ["output"];
        return () =>
        {
            foreach (var call in calls) session.Run(run, inputNames, call.Input, outputNames, call.Output);
        };
    }

    /// <summary>The predicted class of every column of <paramref name="x"/>, for the agreement check.</summary>
    public int[] Classes(Matrix<float> x)
    {
        var pixels = x.ToColumnMajorArray();
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [x.ColumnCount, x.RowCount]);
        using var result = session.Run(run, ["input"], [input], ["output"]);
        var outputs = result[0].GetTensorDataAsSpan<float>().ToArray();
        var classes = outputs.Length / x.ColumnCount;
        return Enumerable.Range(0, x.ColumnCount).Select(j => Array.IndexOf(outputs, outputs.AsSpan(j * classes, classes).ToArray().Max(), j * classes) - j * classes).ToArray();
    }

    public void Dispose()
    {
        foreach (var value in values) value.Dispose();
        run.Dispose();
        session.Dispose();
    }
}
