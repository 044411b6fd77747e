using System.Text.RegularExpressions;
using FunctionalNet.Cli;
using FunctionalNet.Tests.Cli;

namespace FunctionalNet.Tests.Robustness;

/// <summary>
/// The probe matrix over the documented bounds: every bounded numeric option of the commands that need no data, given
/// a value past its bound or one that is not a number, is refused with exit 2 and one plain line — no
/// "internal error", no .NET type name.
/// </summary>
public class ProbeMatrixTests
{
    private static readonly (string[] Command, string Option, bool Whole)[] Bounded =
    [
        (["neuron"], "--epochs", true), (["neuron"], "--lr", false), (["neuron"], "--bias-lr", false), (["neuron"], "--bias", false),
        (["gradcheck"], "--layers", true), (["gradcheck"], "--maxout", true), (["gradcheck"], "--batch", true), (["gradcheck"], "--h", false),
        (["gradcheck"], "--threshold", false), (["gradcheck"], "--floor", false),
        (["lesson", "xor"], "--hidden", true), (["lesson", "xor"], "--epochs", true), (["lesson", "xor"], "--lr", false),
        (["lesson", "matrices"], "--sizes", true), (["lesson", "matrices"], "--check-examples", true),
        (["lesson", "descent"], "--classes", true), (["lesson", "descent"], "--features", true), (["lesson", "descent"], "--per-class", true),
        (["lesson", "descent"], "--epochs", true), (["lesson", "perceptron"], "--epochs", true), (["lesson", "learning-rate"], "--epochs", true),
        (["lesson", "universal-approximation"], "--epochs", true), (["lesson", "universal-approximation"], "--samples", true),
(["lesson", "bias"], "--epochs", true), (["lesson", "testing"], "--epochs", true),
    ];

    public static TheoryData<string[]> Probes()
    {
        var data = new TheoryData<string[]>();
        foreach (var (command, option, whole) in Bounded)
            foreach (var value in whole ? new[] { "2147483647", "99999999999", "NaN", "abc", "" } : ["-Infinity", "NaN", "1e999x", "abc", ""])
                // descent reads MNIST when it is fetched (--data auto); its synthetic set is what these options shape.
                data.Add([.. command, .. command[^1] == "descent" ? new[] { "--data", "synthetic" } : [], $"{option}={value}"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void AValuePastItsBoundIsOnePlainLine(string[] args)
    {
        var run = RobustnessTests.Within(TimeSpan.FromSeconds(20), args);
        run.AssertFailsCleanly(Exit.Usage);
        Assert.DoesNotContain("internal error", run.Error);
        Assert.DoesNotMatch(new Regex(@"System\.|`1\["), run.Error);
    }
}
