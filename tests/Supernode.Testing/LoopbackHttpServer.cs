using System.Net;
using System.Runtime.CompilerServices;
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
    private readonly StrongBox<int> _connections;

    private LoopbackHttpServer(WebApplication app, IPAddress address, int port, bool https, StrongBox<int> connections)
    {
        _app = app;
        _connections = connections;
        Port = port;
        BaseUrl = $"{(https ? "https" : "http")}://{address}:{port}";
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> (https with a certificate), no trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>TCP connections accepted so far, whether or not a request followed: what reached this server at all.</summary>
    public int Connections => Volatile.Read(ref _connections.Value);

    /// <summary>
    /// Starts the server on <paramref name="port"/>, or on a port the system picks when 0; over TLS with
    /// <paramref name="certificate"/> when one is given (see <see cref="TestCertificates"/>); on
    /// <paramref name="address"/>, 127.0.0.1 unless given (Linux routes all of 127.0.0.0/8 to the loopback interface).
    /// </summary>
    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, int port = 0, X509Certificate2? certificate = null,
        IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var connections = new StrongBox<int>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(address, port, listen =>
        {
            listen.Use(next => connection =>
            {
                Interlocked.Increment(ref connections.Value);
                return next(connection);
            });
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackHttpServer(app, address, new Uri(bound).Port, certificate is not null, connections);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
