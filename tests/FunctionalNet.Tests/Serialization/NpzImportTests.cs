using System.Diagnostics;
using System.IO.Compression;
using FunctionalNet.Cli;
using FunctionalNet.Serialization;
using FunctionalNet.Tests.Cli;
using FunctionalNet.Tests.Data;

namespace FunctionalNet.Tests.Serialization;

/// <summary>
/// <c>import --npz</c>: weights from NumPy come in as NumPy computes with them (NumPy is the oracle), export → import
/// gives back the same bits, and a bad file is one line with exit code 2.
/// </summary>
public class NpzImportTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData("f32")]
    [InlineData("f64")]
    public void ExportThenImportGivesBackTheModelBitForBit(string precision)
    {
        using var directory = new TemporaryDirectory();
        var specs = LayerSpec.Stack([784, 32, 16, 10], new Activation.LeakyReLU(0.1), new Activation.Softmax()).ThrowIfFail();
        var (hash, bytes) = precision == "f32" ? Saved<float>(specs, directory["model.fnet"]) : Saved<double>(specs, directory["model.fnet"]);
        var exported = CliRun.Of("export", "--model", directory["model.fnet"], "--format", "npz", "--out", directory["model.npz"]);
        Assert.True(exported.ExitCode == 0, exported.Error);
        var imported = CliRun.Of("import", "--npz", directory["model.npz"], "--layers", "784,32,16,10", "--activation", "leaky-relu",
            "--output-activation", "softmax", "--out", directory["back.fnet"]);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains($"{precision}, from FunctionalNet names (W1, b1, …), model hash {hash}", imported.Out);
        var back = File.ReadAllBytes(directory["back.fnet"]);
        Assert.Equal(hash, precision == "f32" ? Hash<float>(back) : Hash<double>(back));
    }

    [Fact]
    public void ANetworkWrittenByNumPyClassifiesTheTestSetExactlyAsNumPyDoes()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-numpy (CI does) to run NumPy, the oracle of this test");
        using var directory = new TemporaryDirectory();
        var script = Path.Combine(AppContext.BaseDirectory, "Serialization", "npz_oracle.py");
        var numpyCorrect = int.Parse(RunPython(script, RealMnist.Directory, directory.Path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        string Import(string file, params string[] extra)
        {
            var run = CliRun.Of(["import", "--npz", directory[file], "--layers", "784,32,10", "--activation", "relu", "--output-activation", "softmax",
                "--out", directory[file + ".fnet"], .. extra]);
            Assert.True(run.ExitCode == 0, run.Error);
            return run.Out;
        }
        Assert.Contains("f64, from FunctionalNet names", Import("ours.npz"));
        Assert.Contains("f64, from PyTorch names", Import("pytorch.npz"));
        Assert.Contains("f32, from FunctionalNet names", Import("fortran32.npz"));
        Import("ours.npz", "--precision", "f32");
        File.Move(directory["ours.npz.fnet"], directory["ours-f32.fnet"]);
        Import("ours.npz");

        var evaluated = CliRun.Of("evaluate", "--model", directory["ours.npz.fnet"], "--json");
        Assert.True(evaluated.ExitCode == 0, evaluated.Error);
        Assert.Equal(numpyCorrect / 10_000.0, evaluated.Summary.GetProperty("test_accuracy").GetDouble());
        Assert.True(numpyCorrect > 5_000, $"NumPy's network classifies {numpyCorrect} of 10,000 right (chance: 1,000): the oracle is not a classifier");
        // PyTorch's names (biases as vectors, deflated) give the same network; float32 in Fortran order gives the float32 rounding of it.
        Assert.Equal(Hash<double>(File.ReadAllBytes(directory["ours.npz.fnet"])), Hash<double>(File.ReadAllBytes(directory["pytorch.npz.fnet"])));
        Assert.Equal(Hash<float>(File.ReadAllBytes(directory["ours-f32.fnet"])), Hash<float>(File.ReadAllBytes(directory["fortran32.npz.fnet"])));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "not-a-zip", "not an .npz file (NumPy's zip of .npy arrays)" },
        { "truncated-zip", "not a readable .npz file (a damaged or truncated zip archive)" },
        { "bad-header", "array W1 has a header that is not NumPy's {'descr', 'fortran_order', 'shape'} dict" },
        { "bad-magic", "array W1 is not an .npy array" },
        { "wrong-dtype", "array W1 has dtype '<i4'; import reads little-endian float32 ('<f4') or float64 ('<f8')" },
        { "big-endian", "array W1 has dtype '>f8'" },
        { "short-data", "array b1 has 16 bytes of values; its shape (3, 1) of <f8 needs 24" },
        { "wrong-shape", "W2 has shape (3, 2); the layers need 2×3 (outputs × inputs) for layer 2" },
        { "missing-array", "the .npz file has no b2 (layer 2's bias)" },
        { "extra-array", "the .npz file holds arrays the layers do not use: W3" },
        { "not-npy", "the .npz file holds 'notes.txt', which is not an .npy array" },
        { "no-names", "the .npz file has neither W1, b1, … (FunctionalNet's names) nor 0.weight, 0.bias, … (a PyTorch state_dict's); it holds weights" },
        { "not-finite", "W1 holds NaN in f64: every parameter must be finite" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ABadNpzFileIsRefusedWithOneLine(string kind, string message)
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllBytes(directory["bad.npz"], Bad(kind));
        CliRun.Of("import", "--npz", directory["bad.npz"], "--layers", "4,3,2", "--activation", "tanh", "--output-activation", "softmax", "--out", directory["m.fnet"])
            .FailsWith(2, message);
        Assert.False(File.Exists(directory["m.fnet"]));
    }

    // A valid 4-3-2 network's arrays, then one thing wrong with them.
    private static byte[] Bad(string kind)
    {
        var w1 = Matrix<double>.Build.Dense(3, 4, (i, j) => i - j);
        var b1 = Matrix<double>.Build.Dense(3, 1, 0.5);
        var w2 = Matrix<double>.Build.Dense(2, 3, 0.25);
        var b2 = Matrix<double>.Build.Dense(2, 1, -1);
        var good = new (string, byte[])[] { ("W1", Npz.Npy(w1)), ("b1", Npz.Npy(b1)), ("W2", Npz.Npy(w2)), ("b2", Npz.Npy(b2)) };
        byte[] With(string name, byte[] npy) => Zip(good.Select(a => a.Item1 == name ? (name, npy) : a));
        byte[] Replaced(string name, string from, string to) =>
            With(name, System.Text.Encoding.Latin1.GetBytes(System.Text.Encoding.Latin1.GetString(Npz.Npy(name == "W1" ? w1 : b1)).Replace(from, to)));
        return kind switch
        {
            "not-a-zip" => "W1,b1\n1,2\n"u8.ToArray(),
            "truncated-zip" => Zip(good)[..200],
            "bad-header" => Replaced("W1", "'fortran_order': False, ", "'fortran': False,        "),
            "bad-magic" => Replaced("W1", "NUMPY", "NUMPX"),
            "wrong-dtype" => Replaced("W1", "<f8", "<i4"),
            "big-endian" => Replaced("W1", "<f8", ">f8"),
            "short-data" => With("b1", Npz.Npy(b1)[..^8]),
            "wrong-shape" => With("W2", Npz.Npy(w2.Transpose())),
            "missing-array" => Zip(good.Where(a => a.Item1 != "b2")),
            "extra-array" => Zip(good.Append(("W3", Npz.Npy(w2)))),
            "not-npy" => Zip(good.Append(("notes.txt", "hello"u8.ToArray()))),
            "no-names" => Zip([("weights.npy", Npz.Npy(w1))]),
            "not-finite" => With("W1", Npz.Npy(w1.Map(v => v == 0 ? double.NaN : v))),
            _ => throw new ArgumentException(kind),
        };
    }

    // Entries named as given, plus ".npy" for the array names (NAME.npy inside, as numpy.savez writes).
    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name.Contains('.') ? name : name + ".npy").Open();
                entry.Write(bytes);
            }
        return stream.ToArray();
    }

    private static (string Hash, byte[] Bytes) Saved<T>(Seq<LayerSpec> specs, string path) where T : struct, IFloatingPointIeee754<T>
    {
        var network = Initialization.Create<T>(specs, new Initializer.Glorot(), seed: 9).ThrowIfFail();
        var hash = ModelStore.Save(path, new Model<T>(network, ModelMetadata.None("0")));
        return (hash, File.ReadAllBytes(path));
    }

    private static string Hash<T>(byte[] model) where T : struct, IFloatingPointIeee754<T> =>
        ModelFile.ModelHash(ModelFile.Decode<T>(model).ThrowIfFail().Network);

    private static string RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 failed (is python3-numpy installed? CI installs it): {error}");
        return output.Result;
    }
}
