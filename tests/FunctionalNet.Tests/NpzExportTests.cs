using FunctionalNet.Tests.Cli;
using System.Diagnostics;
using System.Text.Json;
using FunctionalNet.Cli;
using FunctionalNet.Serialization;

namespace FunctionalNet.Tests;

/// <summary>The gradient export is a NumPy .npz file: <c>numpy.load</c> reads W1, b1, … with their shapes and values.</summary>
public class NpzExportTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void AnNpyHeaderIsPaddedToSixtyFourBytesAndNamesDtypeAndShape()
    {
        var bytes = Npz.Npy(Matrix<double>.Build.Dense(2, 3, [1, 2, 3, 4, 5, 6]));
        var headerLength = bytes[8] | bytes[9] << 8;
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        // Row-major: the second value written is row 0, column 1 = 3 (the matrix was filled column by column).
        Assert.Equal(3.0, BitConverter.ToDouble(bytes, 10 + headerLength + 8));
        Assert.Equal(10 + headerLength + 6 * 8, bytes.Length);
    }

    [Fact]
    public void ExportedGradientsLoadInNumPyWithTheirNamesShapesAndValues()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-numpy (CI does) to read the export with NumPy, the independent reader");
        var path = Path.Combine(Path.GetTempPath(), $"functionalnet-grads-{Guid.NewGuid():N}.npz");
        try
        {
            var (exit, _, error) = CliRun.Of("gradcheck", "--layers", "6,5,4,3", "--maxout", "2", "--seed", "4", "--export-gradients", path);
            Assert.True(exit == 0, error);
            var loaded = Load(path);

            var settings = new GradcheckSettings([6, 5, 4, 3], new Activation.Tanh(), new Activation.Softmax(), new Loss.SoftmaxCrossEntropy(),
                Some(2), new Initializer.Glorot(), 4, 4, new GradientCheckOptions());
            var (network, x, y) = settings.Problem<double>().ThrowIfFail();
            var gradients = Backpropagation.Run(network, settings.Loss, x, y).Gradients;
            var expected = network.ParameterNames.Zip(gradients.Layers).SelectMany(l => l.Item1.Zip(l.Item2)).ToArray();

            Assert.Equal(["W1_1", "W1_2", "b1_1", "b1_2", "W2_1", "W2_2", "b2_1", "b2_2", "W3", "b3"], loaded.Keys.ToArray());
            foreach (var (name, matrix) in expected)
            {
                var (shape, dtype, values) = loaded[name];
                Assert.Equal([matrix.RowCount, matrix.ColumnCount], shape);
                Assert.Equal("float64", dtype);
                Assert.Equal(matrix.ToRowMajorArray(), values);
            }
        }
        finally { File.Delete(path); }
    }

    private static Dictionary<string, (int[] Shape, string Dtype, double[] Values)> Load(string path)
    {
        const string script = "import json, sys, numpy\n" +
            "z = numpy.load(sys.argv[1])\n" +
            "print(json.dumps([[k, list(z[k].shape), str(z[k].dtype), z[k].ravel().tolist()] for k in z.files]))\n";
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", script, path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(
            e => e[0].GetString()!,
            e => (e[1].EnumerateArray().Select(d => d.GetInt32()).ToArray(), e[2].GetString()!, e[3].EnumerateArray().Select(v => v.GetDouble()).ToArray()));
    }
}
