using Microsoft.Playwright;

namespace FunctionalNet.BrowserTests;

/// <summary>
/// Every view photographed at a laptop's 1280 × 800 and a phone's 390 × 844, after it has something to show. The
/// pictures go to $FUNCTIONALNET_SCREENSHOTS (docs/playground when regenerating the README's), else to a temporary
/// folder; either way the test checks that each view fits the phone's width and logged no error.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class ScreenshotTests(PlaygroundFixture fixture)
{
    private static readonly (int Width, int Height)[] Sizes = [(1280, 800), (390, 844)];

    [Fact]
    public async Task EveryViewFitsAPhoneAndIsPhotographedAtBothSizes()
    {
        var folder = Environment.GetEnvironmentVariable("FUNCTIONALNET_SCREENSHOTS") is { Length: > 0 } given
            ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("functionalnet-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        foreach (var (width, height) in Sizes)
        {
            await Photograph(folder, "neuron", width, height, "/?view=neuron", async page =>
            {
                await page.ClickAsync("#n-step");
                await Expect(page, "#n-weights", "w(1)");
            });
            await Photograph(folder, "plane", width, height, "/?view=plane&dataset=xor&hidden=4&seed=1&lr=0.1&epoch=200",
                page => Expect(page, "#p-status", "epoch 200"));
            await Photograph(folder, "spirals", width, height, "/?view=plane&dataset=spirals&hidden=8,8,6&activation=tanh&lr=0.03&seed=1&epoch=1500",
                page => Expect(page, "#p-status", "epoch 1500", 120));
            await Photograph(folder, "learning-rate", width, height, "/?view=rate&eta=0.4&epochs=30",
                page => Expect(page, "#r-status", "zig-zags"));
            await Photograph(folder, "mnist", width, height, "/?view=mnist", async page =>
            {
                await Expect(page, "#m-network", "");
                if (await page.Locator("#m-train").IsVisibleAsync()) await page.ClickAsync("#m-train");
                await Expect(page, "#m-network", "Network 784", 300);
                await page.Locator("#m-pad").ScrollIntoViewIfNeededAsync();
                var box = (await page.Locator("#m-pad").BoundingBoxAsync())!;
                // A "7": the top bar, then the slanted stroke down.
                (float X, float Y)[] stroke = [(0.25f, 0.2f), (0.75f, 0.2f), (0.6f, 0.5f), (0.45f, 0.85f)];
                await page.Mouse.MoveAsync(box.X + box.Width * stroke[0].X, box.Y + box.Height * stroke[0].Y);
                await page.Mouse.DownAsync();
                foreach (var (x, y) in stroke.Skip(1)) await page.Mouse.MoveAsync(box.X + box.Width * x, box.Y + box.Height * y, new() { Steps = 8 });
                await page.Mouse.UpAsync();
                await Expect(page, "#m-answer", "The network says");
                await page.EvaluateAsync("window.scrollTo(0, 0)");
            });
        }
    }

    private static Task Expect(IPage page, string selector, string text, int seconds = 60) =>
        Assertions.Expect(page.Locator(selector)).ToContainTextAsync(text, new() { Timeout = seconds * 1000 });

    private async Task Photograph(string folder, string name, int width, int height, string path, Func<IPage, Task> prepare)
    {
        var watched = await fixture.Open(path, width, height);
        await prepare(watched.Page);
        await watched.Page.WaitForTimeoutAsync(300);   // the last frame drawn
        var scrollWidth = await watched.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the {name} view is {scrollWidth} px wide in a {width} px window");
        var file = Path.Combine(folder, $"{name}-{width}x{height}.png");
        await watched.Page.ScreenshotAsync(new() { Path = file });
        Assert.True(new FileInfo(file).Length > 1000, $"{file} is nearly empty");
        watched.AssertNoErrors();
        await watched.Page.CloseAsync();
    }
}
