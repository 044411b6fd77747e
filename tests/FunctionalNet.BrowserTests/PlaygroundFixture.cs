using System.Diagnostics;
using Microsoft.Playwright;

namespace FunctionalNet.BrowserTests;

/// <summary>
/// One `functionalnet serve --port 0` process and one headless Debian chromium for all the tests: the server's URL is
/// read from its first line. A missing chromium or CLI build fails the tests with the reason, never skips them.
/// </summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private Process? server;
    private IPlaywright? playwright;
    private string? profile;

    /// <summary>The page's root, http://127.0.0.1:PORT/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The browser (one persistent context with a fresh profile).</summary>
    public IBrowserContext Browser { get; private set; } = null!;

    /// <summary>The repository's root: the folder holding FunctionalNet.sln.</summary>
    public static string Repository
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "FunctionalNet.sln"))) return d.FullName;
            throw new InvalidOperationException($"no FunctionalNet.sln above {AppContext.BaseDirectory}");
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: these tests need Debian's chromium (apt-get install -y chromium); .ci/run installs it");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var cli = Path.Combine(Repository, "src", "FunctionalNet.Cli", "bin", configuration, "net10.0", "FunctionalNet.Cli.dll");
        if (!File.Exists(cli)) throw new InvalidOperationException($"{cli} is missing: build the CLI first");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--port", "0" }) start.ArgumentList.Add(a);
        server = Process.Start(start)!;
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException($"serve printed nothing: {await server.StandardError.ReadToEndAsync()}");
        Url = new Uri(line.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal)));

        playwright = await Playwright.CreateAsync();
        profile = Directory.CreateTempSubdirectory("functionalnet-chromium-").FullName;
        Browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (server is { HasExited: false }) { server.Kill(); await server.WaitForExitAsync(); }
        server?.Dispose();
        if (profile is not null) Directory.Delete(profile, recursive: true);
    }

    /// <summary>
    /// A new page of the given size that records every console error and uncaught exception; <see cref="Watched.AssertNoErrors"/>
    /// fails the test if there was any.
    /// </summary>
    public async Task<Watched> Open(string pathAndQuery, int width = 1280, int height = 800)
    {
        var page = await Browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        var watched = new Watched(page);
        await page.GotoAsync(new Uri(Url, pathAndQuery).ToString());
        return watched;
    }
}

/// <summary>A page and the errors it logged.</summary>
public sealed class Watched
{
    private readonly List<string> errors = [];

    public Watched(IPage page)
    {
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => { lock (errors) errors.Add($"uncaught: {error}"); };
    }

    public IPage Page { get; }

    public void AssertNoErrors()
    {
        lock (errors) Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join("\n", errors));
    }
}

[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<PlaygroundFixture>
{
    public const string Name = "playground";
}
