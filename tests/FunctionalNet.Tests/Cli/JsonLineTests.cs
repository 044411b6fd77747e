using System.Text.Json.Nodes;
using FunctionalNet.Cli;

namespace FunctionalNet.Tests.Cli;

/// <summary>
/// <c>Json.Line</c>: the bytes of a JSON line, as System.Text.Json's reflection-based serializer wrote them before the
/// lines were built by hand (snake_case names, shortest round-trip numbers, named non-finite numbers, relaxed escaping).
/// </summary>
public class JsonLineTests
{
    private static string LineOf(JsonNode node)
    {
        var writer = new StringWriter { NewLine = "\n" };
        Json.Line(writer, node);
        return writer.ToString();
    }

    [Fact]
    public void NonFiniteNumbersAreTheNamedLiteralsAsStrings()
    {
        var line = LineOf(new JsonObject
        {
            ["nan"] = double.NaN, ["up"] = double.PositiveInfinity, ["down"] = double.NegativeInfinity,
            ["float_nan"] = float.NaN, ["float_down"] = float.NegativeInfinity,
            ["losses"] = Json.Array(new[] { 0.5, double.NaN, double.PositiveInfinity }),
        });
        Assert.Equal("""{"nan":"NaN","up":"Infinity","down":"-Infinity","float_nan":"NaN","float_down":"-Infinity","losses":[0.5,"NaN","Infinity"]}""" + "\n", line);
    }

    [Fact]
    public void NumbersKeepTheirPrecisionsShortestRoundTripForm()
    {
        // 0.1f widened to double would print 0.10000000149011612; a float prints as the shortest float that reads back.
        var line = LineOf(new JsonObject
        {
            ["single"] = 0.1f, ["double"] = 0.1, ["third"] = 1.0 / 3, ["whole"] = 1.0, ["count"] = 7, ["tiny"] = 5e-324, ["big"] = 1e308,
            ["singles"] = Json.Array(new[] { 0.1f, 1e-45f }),
        });
        Assert.Equal("""{"single":0.1,"double":0.1,"third":0.3333333333333333,"whole":1,"count":7,"tiny":5E-324,"big":1E+308,"singles":[0.1,1E-45]}""" + "\n", line);
    }

    [Fact]
    public void TextIsEscapedOnlyWhereJsonRequiresIt()
    {
        var line = LineOf(new JsonObject { ["name"] = "ŷ = σ(w·x) <b> & 'q' \"quoted\" \\ \n", ["missing"] = null, ["yes"] = true });
        Assert.Equal("""{"name":"ŷ = σ(w·x) <b> & 'q' \"quoted\" \\ \n","missing":null,"yes":true}""" + "\n", line);
    }

    [Fact]
    public void NestedObjectsAndArraysKeepTheirOrder()
    {
        var line = LineOf(new JsonObject
        {
            ["event"] = "summary",
            ["rows"] = Json.Array(new[] { new[] { 1, 2 }, new[] { 3 } }, row => Json.Array(row)),
            ["runs"] = Json.Array(new[] { "a", "b" }, name => new JsonObject { ["name"] = name, ["ok"] = name == "a" }),
        });
        Assert.Equal("""{"event":"summary","rows":[[1,2],[3]],"runs":[{"name":"a","ok":true},{"name":"b","ok":false}]}""" + "\n", line);
    }
}
