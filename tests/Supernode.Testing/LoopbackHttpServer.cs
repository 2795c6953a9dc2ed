using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supernode.Testing;

/// <summary>
/// A real Kestrel server on 127.0.0.1 running one request handler, e.g. the CDN download port:
/// <c>await using var server = await LoopbackHttpServer.StartAsync(DownloadPortHandler.For(repo));</c>
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>, no trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts the server on <paramref name="port"/>, or on a port the system picks when 0.</summary>
    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackHttpServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
