using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionalNet.Cli.Playground;

/// <summary>
/// The playground's web server: Kestrel on 127.0.0.1 only, the page (embedded in this assembly, so it works from
/// <c>dotnet run</c>, the installed tool and a published app, offline) and the JSON endpoints. The endpoints only read
/// and validate parameters and call the core; a bad parameter is answered with 400 and one line.
/// </summary>
public sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>The largest request body (a drawing is about 13 KB of base64).</summary>
    public const long MaxBodyBytes = 32 * 1024;

    private readonly WebApplication app;

    private PlaygroundServer(WebApplication app, Uri url) => (this.app, Url) = (app, url);

    /// <summary>Where the page is: http://127.0.0.1:PORT/.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<PlaygroundServer> Start(int port, string? modelPath)
    {
        var mnist = new MnistApi(modelPath);
        var plane = new PlaneApi(new PlaneRuns());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // Only pages addressed to this machine: a page elsewhere cannot reach the server through a name that resolves here.
            if (context.Request.Host.Host is not ("127.0.0.1" or "localhost"))
            {
                await Reason(context, StatusCodes.Status400BadRequest, "the playground answers only requests addressed to 127.0.0.1 or localhost");
                return;
            }
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            await next();
        });

        app.MapGet("/api/neuron", context => Answer(context, () => NeuronApi.Get(context.Request.Query)));
        app.MapGet("/api/plane", context => Answer(context, () => plane.Get(context.Request.Query)));
        app.MapGet("/api/learning-rate", context => Answer(context, () => LearningRateApi.Get(context.Request.Query)));
        app.MapGet("/api/mnist/status", context => Answer(context, mnist.Status));
        app.MapPost("/api/mnist/train", context => Answer(context, mnist.Train));
        app.MapPost("/api/mnist/predict", async context =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(context.Request.Body); }
            catch (Exception e) when (e is System.Text.Json.JsonException or BadHttpRequestException)
            {
                await Reason(context, StatusCodes.Status400BadRequest, e is BadHttpRequestException { StatusCode: 413 }
                    ? $"the body is larger than {MaxBodyBytes / 1024} KB" : "the body must be JSON: {\"side\": n, \"pixels\": base64}");
                return;
            }
            await Answer(context, () => mnist.Predict(body));
        });
        foreach (var (path, file) in Assets) app.MapGet(path, context => Asset(context, file));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlaygroundServer(app, new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/"));
    }

    /// <summary>Waits until the server is stopped (Ctrl+C).</summary>
    public Task WaitForShutdown() => app.WaitForShutdownAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // The page's files, embedded as playground/NAME.
    private static readonly (string Path, string File)[] Assets =
        [("/", "index.html"), ("/index.html", "index.html"), ("/app.js", "app.js"), ("/style.css", "style.css")];

    private static async Task Asset(HttpContext context, string file)
    {
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"playground/{file}")
            ?? throw new InvalidOperationException($"the page's file {file} is not embedded in the assembly");
        context.Response.ContentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => "text/css; charset=utf-8",
        };
        context.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(context.Response.Body);
    }

    // The endpoint's JSON, or its failure as one line: 400 for a bad parameter, 409 for a state the request cannot use.
    private static async Task Answer(HttpContext context, Func<JsonObject> endpoint)
    {
        JsonObject result;
        try { result = endpoint(); }
        catch (ShellException e)
        {
            await Reason(context, e.ExitCode == Exit.Usage ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, e.Message);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not a bad request: still one line, naming it.
            await Reason(context, StatusCodes.Status500InternalServerError, $"internal error ({e.GetType().Name}): {e.Message}");
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(result.ToJsonString());
    }

    private static async Task Reason(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message.ReplaceLineEndings(" ") + "\n");
    }
}
