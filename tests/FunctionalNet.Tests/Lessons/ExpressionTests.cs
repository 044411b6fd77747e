namespace FunctionalNet.Tests.Lessons;

/// <summary>The function parser: precedence, functions, and errors that point at the character.</summary>
public class ExpressionTests
{
    private static double Eval(string text, double x) => Expressions.Evaluate(Lesson.Of(Expressions.Parse(text)), x);

    private static string Error(string text) => Expressions.Parse(text).Match(e => $"parsed as {Expressions.Show(e)}", e => e.Message);

    [Theory]
    [InlineData("1 + 2 * 3", 0, 7)]
    [InlineData("(1 + 2) * 3", 0, 9)]
    [InlineData("2 ^ 3 ^ 2", 0, 512)]
    [InlineData("-x^2", 3, -9)]
    [InlineData("x - 1 - 1", 5, 3)]
    [InlineData("8 / 4 / 2", 0, 1)]
    [InlineData("2*pi", 0, 2 * Math.PI)]
    [InlineData("1.5e2 + e", 0, 150 + Math.E)]
    [InlineData("sin(x)^2 + cos(x)^2", 0.7, 1)]
    [InlineData("abs(x) + sqrt(4) + step(x)", -2, 4)]
    [InlineData("exp(log(x))", 2.5, 2.5)]
    [InlineData("tanh(0) + tan(0) + SIN(0)", 1, 0)]
    public void Evaluates(string text, double x, double expected) => Assert.Equal(expected, Eval(text, x), 12);

    [Theory]
    [InlineData("sin(x", "expected ')' but found the end at character 6")]
    [InlineData("2x", "unexpected 'x' at character 2")]
    [InlineData("foo(x)", "unknown name 'foo'")]
    [InlineData("", "expected a number, x, a function or '(' but found the end at character 1")]
    [InlineData("x +* 2", "but found '*' at character 4")]
    [InlineData("1.2.3", "'1.2.3' is not a number at character 1")]
    [InlineData("sin x", "expected '(' but found 'x' at character 5")]
    public void ErrorsSayWhatAndWhere(string text, string message) => Assert.Contains(message, Error(text));
}
