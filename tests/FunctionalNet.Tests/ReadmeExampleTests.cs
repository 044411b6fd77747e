using System.Text.RegularExpressions;

namespace FunctionalNet.Tests;

/// <summary>
/// The README's library example, so the front door stays true: compiled and run here against the project, and byte
/// for byte the C# consumer sample <c>samples/UseFromCSharp/Program.cs</c>, which <c>.ci/consumers</c> builds against
/// the packed package and runs. The F# shown in the README and on the package page is lines of the F# sample.
/// </summary>
public partial class ReadmeExampleTests
{
    [Fact]
    public void SingleNeuronExamplePrintsTheLecturesPrediction()
    {
        // --- README example begins ---
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 }, { 0, 1, 0, 1 }, { 1, 1, 1, 1 } }); // one example per column
        var y = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 0, 1 } });                               // Y = second input
        var neuron = SingleNeuron.Create(Seq(-0.2, 0.4, -1.0), bias: None);                                         // σ(w·x), no bias
        var options = new TrainingOptions(new Loss.HalfSumSquares(), LearningRate: 1.0, Epochs: 100, new Batching.FullBatch());
        var result = Training.Train(neuron, x, y, options).ThrowIfFail();                                          // a fold over epochs
        var prediction = Network.Predict(result.Network, Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { 1 }, { 0 } }));
        // Console.WriteLine(prediction[0, 0]);   // 0.98801299…, as on the slide
        // --- README example ends ---
        Assert.Equal(0.98801299, Math.Round(prediction[0, 0], 8));
        Assert.Equal(100, result.History.Count);
    }

    [Fact]
    public void TheReadmeExampleIsTheCSharpConsumerSample() =>
        Assert.Equal(Repository.Text("samples/UseFromCSharp/Program.cs"), ReadmeExample);

    [Fact]
    public void ThePackagePageShowsTheReadmeExample() =>
        Assert.Equal(ReadmeExample, Blocks(Repository.Text("src/FunctionalNet/PACKAGE.md"), "csharp").Single());

    [Fact]
    public void TheTestAboveRunsTheReadmeExample()
    {
        // The README's lines but its `using` line (this project has global usings), with the printing line commented out.
        var expected = ReadmeExample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.StartsWith("Console.", StringComparison.Ordinal) ? "// " + line : line);
        var source = Repository.Text("tests/FunctionalNet.Tests/ReadmeExampleTests.cs");
        var copy = Between(source, "// --- README example begins ---\n", "        // --- README example ends ---")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim());
        Assert.Equal(expected, copy);
    }

    [Fact]
    public void TheFSharpShownInTheReadmeAndOnThePackagePageIsTheFSharpSamplesCode()
    {
        var sample = string.Join("\n", Directory.GetFiles(Path.Combine(Repository.Root, "samples", "UseFromFSharp"), "*.fs")
            .Order(StringComparer.Ordinal).Select(File.ReadAllText)).Replace("\r\n", "\n");
        var blocks = Blocks(Repository.Text("README.md"), "fsharp").Concat(Blocks(Repository.Text("src/FunctionalNet/PACKAGE.md"), "fsharp")).ToList();
        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.True(sample.Contains(block, StringComparison.Ordinal), $"not in samples/UseFromFSharp/*.fs:\n{block}"));
    }

    private static string ReadmeExample => Blocks(Between(Repository.Text("README.md") + "\n## ", "\n## The single neuron, from the library\n", "\n## "), "csharp").First();

    private static IEnumerable<string> Blocks(string markdown, string language) =>
        FencedBlock().Matches(markdown).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value);

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start.Trim()}' not found");
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"'{end.Trim()}' not found after '{start.Trim()}'");
        return text[from..to];
    }

    [GeneratedRegex("^```([a-z]*)\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();
}
