using System.Text.RegularExpressions;
using FunctionalNet.Tests.Cli;

namespace FunctionalNet.Tests.Lessons;

/// <summary>
/// docs/lecture.md stays true: its pictures exist, and its deterministic output blocks are what the commands print
/// now (docs/regenerate.sh rewrites them; this test notices when someone forgot to).
/// </summary>
public partial class LectureDocsTests
{
    // Timed (descent) or slow (universal-approximation, pinned by its own tests against NumPy) blocks are not rerun here.
    private static readonly string[] NotRerun = ["descent", "universal-approximation"];

    private static string Root => Repository.Root;

    private static string Document => File.ReadAllText(Path.Combine(Root, "docs", "lecture.md"));

    [GeneratedRegex("<!-- run: ([^\n]*) -->\n```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex("\"[^\"]*\"|\\S+")]
    private static partial Regex Token();

    private static string[] Arguments(string line) => Token().Matches(line).Select(m => m.Value.Trim('"')).ToArray();

    [Fact]
    public void EveryPictureTheWalkThroughShowsExists()
    {
        var pictures = Regex.Matches(Document, @"!\[[^\]]*\]\((lessons/[^)]+\.png)\)").Select(m => m.Groups[1].Value).ToArray();
        Assert.True(pictures.Length >= 11, $"{pictures.Length} pictures");
        Assert.All(pictures, p => Assert.True(File.Exists(Path.Combine(Root, "docs", p)), $"docs/{p} is missing: run docs/regenerate.sh"));
    }

    [Fact]
    public void EveryLessonHasASection()
    {
        var run = Block().Matches(Document).Select(m => Arguments(m.Groups[1].Value)).Where(a => a[0] == "lesson" && !a[1].StartsWith('-')).Select(a => a[1]);
        Assert.Equal(["perceptron", "first-epoch", "bias", "testing", "activations", "universal-approximation",
            "learning-rate", "descent", "xor", "matrices"], run.Distinct().ToArray());
    }

    [Fact]
    public void DeterministicBlocksAreWhatTheCommandsPrint()
    {
        var checkedBlocks = 0;
        foreach (Match block in Block().Matches(Document))
        {
            var arguments = Arguments(block.Groups[1].Value);
            if (arguments.Length > 1 && NotRerun.Contains(arguments[1])) continue;
            // The picture is not redrawn: drop --plot FILE and the line that reports it.
            var plot = System.Array.IndexOf(arguments, "--plot");
            var expected = block.Groups[2].Value;
            if (plot >= 0)
            {
                expected = expected.Replace($"\npicture: {arguments[plot + 1]}\n", "");
                arguments = [.. arguments[..plot], .. arguments[(plot + 2)..]];
            }
            var run = CliRun.Of(arguments);
            Assert.True(run.ExitCode == 0, $"'functionalnet {string.Join(' ', arguments)}' failed: {run.Error}");
            Assert.True(expected.TrimEnd() == run.Out.TrimEnd(),
                $"docs/lecture.md is stale for 'functionalnet {string.Join(' ', arguments)}': run docs/regenerate.sh");
            checkedBlocks++;
        }
        Assert.True(checkedBlocks >= 9, $"only {checkedBlocks} blocks checked");
    }
}
