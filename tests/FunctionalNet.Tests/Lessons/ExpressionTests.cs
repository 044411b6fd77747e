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

    // Text nesting n levels deep, in each of the ways the grammar nests.
    public static TheoryData<string, int> Nestings => new()
    {
        { "parentheses", 0 }, { "minus signs", 1 }, { "plus signs", 2 }, { "calls", 3 }, { "exponents", 4 }, { "a long sum", 5 },
    };

    private static string Nested(int kind, int n) => kind switch
    {
        0 => new string('(', n) + "x" + new string(')', n),
        1 => new string('-', n) + "x",
        2 => new string('+', n) + "x",
        3 => string.Concat(Enumerable.Repeat("sin(", n)) + "x" + new string(')', n),
        4 => string.Concat(Enumerable.Repeat("x^", n)) + "x",
        _ => string.Join("+", Enumerable.Repeat("x", n + 1)),   // n operators, evaluated left to right: n levels
    };

    [Theory]
    [MemberData(nameof(Nestings))]
    public void TenThousandLevelsAreRefusedWithOneLine(string how, int kind)
    {
        var message = Error(Nested(kind, 10_000));
        Assert.StartsWith($"the function nests deeper than {Expressions.MaxDepth} levels", message);
        Assert.DoesNotContain('\n', message);
        Assert.True(message.Length < 100, $"{how}: {message}");
    }

    [Theory]
    [MemberData(nameof(Nestings))]
    public void TheLimitItselfIsAllowedAndOneMoreIsNot(string how, int kind)
    {
        // Grouping parentheses and plus signs are not levels of the function: the parser's own bound on them is twice as deep.
        var limit = kind is 0 or 2 ? Expressions.MaxTextNesting : Expressions.MaxDepth;
        Assert.True(Expressions.Parse(Nested(kind, limit)).IsSucc, how);
        Assert.Equal($"the function nests deeper than {Expressions.MaxDepth} levels", Error(Nested(kind, limit + 1)));
    }

    [Fact]
    public void AFunctionAtTheLimitEvaluatesAndShows()
    {
        var parsed = Lesson.Of(Expressions.Parse(Nested(1, Expressions.MaxDepth)));   // −(−(… x)), an even number of signs
        Assert.Equal(Expressions.MaxDepth, Expressions.Depth(parsed));
        Assert.Equal(2.5, Expressions.Evaluate(parsed, 2.5));
        Assert.Equal(parsed, Lesson.Of(Expressions.Parse(Expressions.Show(parsed))));
    }
}
