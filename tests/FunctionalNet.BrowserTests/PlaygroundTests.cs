using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FunctionalNet.BrowserTests;

/// <summary>The playground in a real browser: the numbers of the slides appear, the networks learn, no errors.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundTests(PlaygroundFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Task ShowsText(IPage page, string selector, string text, TimeSpan? timeout = null) =>
        Assertions.Expect(page.Locator(selector)).ToContainTextAsync(text, new() { Timeout = (float)(timeout ?? Patience).TotalMilliseconds });

    [Fact]
    public async Task TheRootUrlOpensOnTheNeuronsStepButton()
    {
        var watched = await fixture.Open("/");
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Button, new() { Name = "Step", Exact = true }).First).ToBeVisibleAsync();
        await ShowsText(watched.Page, "#n-weights", "w(0) = (−0.200, 0.400, −1.000)");
        watched.AssertNoErrors();
    }

    [Fact]
    public async Task OneStepShowsTheSlidesFirstEpochAndRewindGoesBackToTheSameStart()
    {
        var watched = await fixture.Open("/?view=neuron");
        var page = watched.Page;
        await ShowsText(page, "#n-weights", "w(0) = (−0.200, 0.400, −1.000)");
        await page.ClickAsync("#n-step");
        await ShowsText(page, "#n-weights", "w(1) = (−0.094, 0.695, −0.799)");
        await ShowsText(page, "#n-loss", "L 0.509 → 0.379");
        // The slide's column (y − ŷ)ŷ(1 − ŷ) and the gradient's formula filled in.
        await ShowsText(page, "#n-table", "0.148");
        await ShowsText(page, "#n-formula", "∂L/∂w₁ = −[");
        await page.ClickAsync("#n-rewind");
        await ShowsText(page, "#n-weights", "w(0) = (−0.200, 0.400, −1.000)");
        watched.AssertNoErrors();
    }

    [Fact]
    public async Task WithBiasAHundredEpochsGiveTheSlidesPredictionAtTheOrigin()
    {
        var watched = await fixture.Open("/?view=neuron");
        var page = watched.Page;
        await ShowsText(page, "#n-weights", "w(0)");
        await page.CheckAsync("#n-bias");
        await Assertions.Expect(page.Locator("#n-eta")).ToHaveValueAsync("0.1");
        await ShowsText(page, "#n-weights", "b(0) = −5.000");
        await page.ClickAsync("#n-run");
        await ShowsText(page, "#n-epoch-title", "Epoch 100");
        await ShowsText(page, "#n-test tbody tr:first-child", "0.00720712");
        watched.AssertNoErrors();
    }

    [Fact]
    public async Task XorReachesFullAccuracyWithOneHiddenLayer()
    {
        var watched = await fixture.Open("/?view=plane&dataset=xor&hidden=4&activation=tanh&loss=bce&optimizer=adam&lr=0.1&batch=full&seed=1");
        var page = watched.Page;
        await ShowsText(page, "#p-status", "epoch 0");
        await page.ClickAsync("#p-play");
        await ShowsText(page, "#p-status", "accuracy 100.0%", TimeSpan.FromSeconds(120));
        await page.ClickAsync("#p-play");   // pause
        // One map per hidden unit and one for the output.
        Assert.Equal(5, await page.Locator("#p-network svg image").CountAsync());
        watched.AssertNoErrors();
    }

    [Fact]
    public async Task TheMnistViewClassifiesADrawnOne()
    {
        var watched = await fixture.Open("/?view=mnist");
        var page = watched.Page;
        await ShowsText(page, "#m-network", "");
        if (await page.Locator("#m-train").IsVisibleAsync()) await page.ClickAsync("#m-train");
        await ShowsText(page, "#m-network", "Network 784-16-16-10", TimeSpan.FromSeconds(300));
        var box = (await page.Locator("#m-pad").BoundingBoxAsync())!;
        // A "1": one slightly slanted vertical stroke through the middle of the pad.
        await page.Mouse.MoveAsync(box.X + box.Width * 0.55f, box.Y + box.Height * 0.15f);
        await page.Mouse.DownAsync();
        for (var k = 1; k <= 20; k++)
            await page.Mouse.MoveAsync(box.X + box.Width * (0.55f - 0.06f * k / 20), box.Y + box.Height * (0.15f + 0.7f * k / 20));
        await page.Mouse.UpAsync();
        await ShowsText(page, "#m-answer", "The network says 1");
        Assert.Equal(10, await page.Locator("#m-probabilities .bar").CountAsync());
        Assert.Equal(32, await page.Locator("#m-hidden .cell").CountAsync());
        watched.AssertNoErrors();
    }

    [Fact]
    public async Task TheLearningRateViewDrawsAPathAndSaysWhenItDiverges()
    {
        var watched = await fixture.Open("/?view=rate&eta=0.2&epochs=30");
        var page = watched.Page;
        await ShowsText(page, "#r-status", "η = 0.20: converges");
        await page.Locator("#r-eta").FillAsync("0.9");
        await ShowsText(page, "#r-status", "diverges");
        Assert.Matches(new Regex("eta=0.9"), page.Url);
        watched.AssertNoErrors();
    }
}
