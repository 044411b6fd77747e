namespace FunctionalNet.Lessons;

/// <summary>
/// A function of one variable x, as a syntax tree: numbers, x, π, + − * / ^, parentheses and a fixed set of
/// named functions. Parsing never runs code; evaluation is plain arithmetic. A closed union.
/// </summary>
public abstract record Expression
{
    private Expression() { }

    /// <summary>A number such as <c>2.5</c>, or the constants <c>pi</c> and <c>e</c>.</summary>
    public sealed record Number(double Value) : Expression;
    /// <summary>The variable x.</summary>
    public sealed record Variable : Expression;
    /// <summary>−operand.</summary>
    public sealed record Negate(Expression Operand) : Expression;
    /// <summary>left op right, for op one of + − * / ^.</summary>
    public sealed record Binary(char Operator, Expression Left, Expression Right) : Expression;
    /// <summary>name(argument), for a name in <see cref="Expressions.FunctionNames"/>.</summary>
    public sealed record Call(string Function, Expression Argument) : Expression;
}

/// <summary>Parsing and evaluating <see cref="Expression"/>s, with errors that point at the offending character.</summary>
public static class Expressions
{
    /// <summary>The functions an expression may call; <c>step</c> is 1 for x ≥ 0 and 0 below.</summary>
    public static readonly Seq<string> FunctionNames = Seq("sin", "cos", "tan", "exp", "log", "abs", "sqrt", "tanh", "step");

    /// <summary>
    /// How deep a function may nest: the <see cref="Depth"/> of its tree, where each sign, call, exponent and operator
    /// is a level (a chain a + b + c is evaluated left to right, so each of its operators is one). <see cref="Parse"/>
    /// refuses deeper text with one line, so neither it nor <see cref="Evaluate"/> or <see cref="Show"/>, which recurse
    /// once per level, can exhaust the stack. Parentheses that only group are not levels of the tree, but the parser
    /// recurses into them too: it refuses text nested more than <see cref="MaxTextNesting"/> rules deep.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// How many rules (a parenthesis, a sign, a call's argument, an exponent) the parser enters inside one another before
    /// it refuses: room for <see cref="Show"/>'s text of any function it accepts, which wraps each level in parentheses
    /// (two rules per level, and two more for a negative number).
    /// </summary>
    public const int MaxTextNesting = 2 * MaxDepth + 2;

    /// <summary>
    /// The depth of the tree: 0 for a number or x, one more than its deepest operand otherwise. Measured with a stack of
    /// its own, so a tree built in code however deep is measured without recursion.
    /// </summary>
    public static int Depth(Expression expression)
    {
        var (deepest, pending) = (0, new Stack<(Expression Node, int Depth)>([(expression, 0)]));
        while (pending.TryPop(out var item))
        {
            deepest = Math.Max(deepest, item.Depth);
            switch (item.Node)
            {
                case Expression.Negate n: pending.Push((n.Operand, item.Depth + 1)); break;
                case Expression.Binary b: pending.Push((b.Left, item.Depth + 1)); pending.Push((b.Right, item.Depth + 1)); break;
                case Expression.Call c: pending.Push((c.Argument, item.Depth + 1)); break;
            }
        }
        return deepest;
    }

    /// <summary>f(x).</summary>
    public static double Evaluate(Expression expression, double x) => expression switch
    {
        Expression.Number n => n.Value,
        Expression.Variable => x,
        Expression.Negate n => -Evaluate(n.Operand, x),
        Expression.Binary b => Apply(b.Operator, Evaluate(b.Left, x), Evaluate(b.Right, x)),
        Expression.Call c => Call(c.Function, Evaluate(c.Argument, x)),
        _ => throw new UnreachableException(),
    };

    private static double Apply(char op, double left, double right) => op switch
    {
        '+' => left + right,
        '-' => left - right,
        '*' => left * right,
        '/' => left / right,
        '^' => Math.Pow(left, right),
        _ => throw new UnreachableException(),
    };

    private static double Call(string function, double value) => function switch
    {
        "sin" => Math.Sin(value),
        "cos" => Math.Cos(value),
        "tan" => Math.Tan(value),
        "exp" => Math.Exp(value),
        "log" => Math.Log(value),
        "abs" => Math.Abs(value),
        "sqrt" => Math.Sqrt(value),
        "tanh" => Math.Tanh(value),
        "step" => value >= 0 ? 1 : 0,
        _ => throw new UnreachableException(),
    };

    /// <summary>The expression as text, fully parenthesized: <see cref="Parse"/> reads it back to the same function.</summary>
    public static string Show(Expression expression) => expression switch
    {
        // A negative literal is parenthesized, so that (−3)^2 does not read back as −(3^2).
        Expression.Number n => double.IsNegative(n.Value)
            ? $"({n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})"
            : n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        Expression.Variable => "x",
        Expression.Negate n => $"(-{Show(n.Operand)})",
        Expression.Binary b => $"({Show(b.Left)} {b.Operator} {Show(b.Right)})",
        Expression.Call c => $"{c.Function}({Show(c.Argument)})",
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Parses text such as <c>sin(2*x) + 0.5*x^2</c>. Grammar (usual precedence, ^ binds tightest and to the right,
    /// so −x^2 = −(x^2)):
    /// sum = product (("+" | "−") product)*; product = unary (("*" | "/") unary)*; unary = ("+" | "−") unary | power;
    /// power = atom ("^" unary)?; atom = number | "x" | "pi" | "e" | name "(" sum ")" | "(" sum ")".
    /// A function deeper than <see cref="MaxDepth"/> levels is refused: "the function nests deeper than 256 levels".
    /// </summary>
    public static Fin<Expression> Parse(string text)
    {
        var parser = new Parser(text ?? "");
        return parser.Sum()
            .Bind(e => parser.AtEnd ? FinSucc(e) : parser.Fail<Expression>("unexpected"))
            .Bind(e => Depth(e) <= MaxDepth ? FinSucc(e) : TooDeep<Expression>());
    }

    // One line, without the text, which may be tens of thousands of characters.
    private static Fin<A> TooDeep<A>() => Error.New($"the function nests deeper than {MaxDepth} levels");

    // A recursive-descent parser over a position in the text; each rule returns the tree or a positioned error.
    private sealed class Parser(string text)
    {
        private int position;
        private int level;   // how many nested rules enclose the current one

        public bool AtEnd { get { SkipSpaces(); return position >= text.Length; } }

        public Fin<Expression> Sum() => Chain(Product, '+', '-');

        private Fin<Expression> Product() => Chain(Unary, '*', '/');

        private Fin<Expression> Chain(Func<Fin<Expression>> operand, char first, char second)
        {
            var left = operand();
            while (left.IsSucc && (Peek() == first || Peek() == second))
            {
                var op = text[position++];
                left = from l in left from r in operand() select (Expression)new Expression.Binary(op, l, r);
            }
            return left;
        }

        private Fin<Expression> Unary()
        {
            if (Peek() == '-') { position++; return Nested(Unary).Map(e => (Expression)new Expression.Negate(e)); }
            if (Peek() == '+') { position++; return Nested(Unary); }
            return Power();
        }

        private Fin<Expression> Power()
        {
            var atom = Atom();
            if (atom.IsFail || Peek() != '^') return atom;
            position++;
            return from b in atom from exponent in Nested(Unary) select (Expression)new Expression.Binary('^', b, exponent);
        }

        private Fin<Expression> Atom()
        {
            var c = Peek();
            if (c is { } d && (char.IsDigit(d) || d == '.')) return Number();
            if (c is { } l && char.IsLetter(l)) return Name();
            if (c != '(') return Fail<Expression>("expected a number, x, a function or '(' but found");
            position++;
            return Nested(Sum).Bind(inner => Expect(')').Map(_ => inner));
        }

        private Fin<Expression> Number()
        {
            var start = position;
            while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.')) position++;
            // An exponent such as 1e-3, but only when digits follow, so that "2e" stays an error rather than 2·e.
            if (position < text.Length && text[position] is 'e' or 'E')
            {
                var end = position + 1;
                if (end < text.Length && text[end] is '+' or '-') end++;
                if (end < text.Length && char.IsDigit(text[end]))
                {
                    position = end;
                    while (position < text.Length && char.IsDigit(text[position])) position++;
                }
            }
            var literal = text[start..position];
            return double.TryParse(literal, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? new Expression.Number(value)
                : FailAt<Expression>(start, $"'{literal}' is not a number", showFound: false);
        }

        private Fin<Expression> Name()
        {
            var start = position;
            while (position < text.Length && char.IsLetter(text[position])) position++;
            var name = text[start..position].ToLowerInvariant();
            if (name == "x") return new Expression.Variable();
            if (name == "pi") return new Expression.Number(Math.PI);
            if (name == "e") return new Expression.Number(Math.E);
            if (!FunctionNames.Contains(name))
                return FailAt<Expression>(start, $"unknown name '{name}' (use x, pi, e or one of {string.Join(", ", FunctionNames)})", showFound: false);
            return Expect('(').Bind(_ => Nested(Sum)).Bind(argument => Expect(')').Map(_ => (Expression)new Expression.Call(name, argument)));
        }

        // A rule inside another (a parenthesis, a sign, a call's argument, an exponent): refused past MaxTextNesting
        // before it recurses, so that 10,000 nested parentheses give one line, not a stack overflow.
        private Fin<Expression> Nested(Func<Fin<Expression>> rule)
        {
            if (level >= MaxTextNesting) return TooDeep<Expression>();
            level++;
            try { return rule(); }
            finally { level--; }
        }

        private Fin<Unit> Expect(char expected) =>
            Peek() == expected ? Advance() : Fail<Unit>($"expected '{expected}' but found");

        private Fin<Unit> Advance() { position++; return unit; }

        private char? Peek() { SkipSpaces(); return position < text.Length ? text[position] : null; }

        private void SkipSpaces() { while (position < text.Length && char.IsWhiteSpace(text[position])) position++; }

        public Fin<A> Fail<A>(string what) => FailAt<A>(position, what);

        // "cannot read the function 'sin(x))': unexpected ')' at character 7": what went wrong and where.
        private Fin<A> FailAt<A>(int at, string what, bool showFound = true)
        {
            var found = !showFound ? "" : at < text.Length ? $" '{text[at]}'" : " the end";
            return Error.New($"cannot read the function '{text}': {what}{found} at character {at + 1}");
        }
    }
}
