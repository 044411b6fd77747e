using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Playground;

namespace FunctionalNet.Tests.Playground;

/// <summary>The playground's endpoints over HTTP, without a browser: the slides' numbers, validation, limits.</summary>
public sealed class PlaygroundServerTests : IAsyncLifetime
{
    private PlaygroundServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await PlaygroundServer.Start(0, null);
        client = new HttpClient { BaseAddress = server.Url };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private async Task<JsonNode> Get(string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static double[] Numbers(JsonNode? array) => array!.AsArray().Select(v => (double)v!).ToArray();

    [Fact]
    public void TheServerListensOnLoopbackOnly() => Assert.Equal("127.0.0.1", server.Url.Host);

    [Fact]
    public async Task TheNeuronsFirstStepIsTheSlides()
    {
        var answer = await Get("/api/neuron?epoch=0");
        var next = answer["next"]!;
        // The slide: w(1) = (−0.094, 0.695, −0.799), L 0.509 → 0.379, the column (−0.053, 0.148, −0.041, 0.148).
        Assert.Equal([-0.094, 0.695, -0.799], Numbers(next["weights_after"]).Select(w => Math.Round(w, 3)));
        Assert.Equal(0.509, Math.Round((double)next["loss_before"]!, 3));
        Assert.Equal(0.379, Math.Round((double)next["loss_after"]!, 3));
        Assert.Equal([-0.053, 0.148, -0.041, 0.148], next["rows"]!.AsArray().Select(r => Math.Round((double)r!["term"]!, 3)));
    }

    [Fact]
    public async Task WithBiasAHundredEpochsGiveTheSlidesPredictionAtTheOrigin()
    {
        var answer = await Get("/api/neuron?bias=1&epoch=100");
        Assert.Equal(0.1, (double)answer["learning_rate"]!);
        Assert.Equal(0.00720712, Math.Round((double)answer["test"]![0]!["prediction"]!, 8));
        Assert.Equal(101, answer["loss_curve"]!.AsArray().Count);
    }

    [Fact]
    public async Task StepByStepEqualsTheRunOfTheNeuronCommand()
    {
        var report = SingleNeuron.Run(NeuronOptions.Lecture).ThrowIfFail();
        var answer = await Get("/api/neuron?epoch=100");
        Assert.Equal(report.WithoutBias.Weights.ToArray(), Numbers(answer["weights"]));
        Assert.Equal(report.WithoutBias.LossPerEpoch.ToArray(), Numbers(answer["loss_curve"]).Take(100));
    }

    [Theory]
    [InlineData("/api/neuron?epoch=-1", "epoch")]
    [InlineData("/api/neuron?epoch=10001", "epoch")]
    [InlineData("/api/neuron?w=1,2", "w must be 3")]
    [InlineData("/api/neuron?eta=NaN", "eta")]
    [InlineData("/api/neuron?eta=1e9", "eta")]
    [InlineData("/api/neuron?epoch=1&epoch=2", "given 2 times")]
    [InlineData("/api/plane?hidden=9", "hidden")]
    [InlineData("/api/plane?hidden=4,4,4,4,4,4,4", "hidden")]
    [InlineData("/api/plane?dataset=moons", "dataset")]
    [InlineData("/api/plane?points=100000", "points")]
    [InlineData("/api/plane?lr=0", "lr")]
    [InlineData("/api/plane?activation=softmax", "activation")]
    [InlineData("/api/plane?batch=0", "batch")]
    [InlineData("/api/plane?epoch=10001", "epoch")]
    [InlineData("/api/learning-rate?eta=5", "eta")]
    [InlineData("/api/learning-rate?epochs=100000", "epochs")]
    public async Task ABadParameterIsA400WithOneLineNamingIt(string path, string reason)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, text);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task ARequestAddressedToAnotherHostIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/neuron");
        request.Headers.Host = "attacker.example";
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefused()
    {
        var body = new StringContent("{\"side\": 140, \"pixels\": \"" + new string('A', 64 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/mnist/predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PredictingBeforeANetworkExistsSaysSo()
    {
        var body = new StringContent("{\"side\": 2, \"pixels\": \"AAAAAA==\"}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/mnist/predict", body);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no network yet", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APlaygroundRunIsTheSameStepByStepAsInOneRequest()
    {
        const string config = "/api/plane?dataset=circles&points=60&hidden=3,2&activation=relu&optimizer=momentum&lr=0.05&batch=10&seed=4";
        JsonNode? stepped = null;
        foreach (var epoch in new[] { 1, 2, 5, 17, 40 }) stepped = await Get($"{config}&epoch={epoch}");
        var fresh = await Get($"{config}&epoch=40");
        Assert.Equal(40, (int)stepped!["epoch"]!);
        Assert.Equal(stepped["layers"]!.ToJsonString(), fresh["layers"]!.ToJsonString());
        // From a server that has never seen the run: the same numbers again.
        await using var other = await PlaygroundServer.Start(0, null);
        using var otherClient = new HttpClient { BaseAddress = other.Url };
        var elsewhere = JsonNode.Parse(await otherClient.GetStringAsync($"{config}&epoch=40"))!;
        Assert.Equal(stepped["layers"]!.ToJsonString(), elsewhere["layers"]!.ToJsonString());
        Assert.Equal(41, elsewhere["loss"]!.AsArray().Count);
    }

    [Fact]
    public async Task OneRequestTrainsOnlyWhatItsBudgetAllows()
    {
        var answer = await Get("/api/plane?dataset=spirals&points=1000&hidden=8,8,8,8,8,8&batch=stochastic&epoch=10000");
        var epoch = (int)answer["epoch"]!;
        Assert.InRange(epoch, 1, 9_999);
        Assert.Equal(10000, (int)answer["requested"]!);
    }

    [Fact]
    public async Task ThePageAndItsFilesAreServedFromTheAssembly()
    {
        var page = await client.GetStringAsync("/");
        Assert.Contains("id=\"n-step\"", page);
        var script = await client.GetAsync("/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", string.Join(" ", script.Headers.GetValues("Content-Security-Policy")));
    }
}
