using System.Net;
using System.Security.Cryptography.X509Certificates;
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

    private LoopbackHttpServer(WebApplication app, int port, bool https)
    {
        _app = app;
        Port = port;
        BaseUrl = $"{(https ? "https" : "http")}://127.0.0.1:{port}";
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> (https with a certificate), no trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>
    /// Starts the server on <paramref name="port"/>, or on a port the system picks when 0; over TLS with
    /// <paramref name="certificate"/> when one is given (see <see cref="TestCertificates"/>).
    /// </summary>
    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, int port = 0, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackHttpServer(app, new Uri(address).Port, certificate is not null);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
