using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Supernode.PeerSimulator.Tests.Support;

/// <summary>One request as it arrived: the raw request target (query not decoded), headers and body.</summary>
internal sealed record RecordedRequest(TimeSpan At, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Target => Query.Length == 0 ? Path : $"{Path}?{Query}";

    /// <summary>A query parameter, raw (dfget does not URL-encode).</summary>
    public string? Param(string name) =>
        Query.Split('&').Select(p => p.Split('=', 2)).Where(kv => kv[0] == name).Select(kv => kv.Length > 1 ? kv[1] : "").FirstOrDefault();

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

internal sealed record Reply(int Status, string Body, string? ContentType = "application/json")
{
    /// <summary>A Go supernode answer: JSON plus newline, HTTP 200.</summary>
    public static Reply Json(string body) => new(200, body + "\n");
}

/// <summary>
/// A stand-in supernode on loopback: every API request is recorded and answered by a script; <c>/download/…</c>
/// serves a wrapped CDN file with Range like nginx (206 with Content-Range). Counts bare TCP connections too.
/// </summary>
internal sealed class ScriptedSupernode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<RecordedRequest, Reply> _script;
    private int _bareConnections;

    private ScriptedSupernode(WebApplication app, Func<RecordedRequest, Reply> script)
    {
        _app = app;
        _script = script;
    }

    public int Port { get; private set; }

    /// <summary>The <c>--node</c> entry for this server.</summary>
    public string Node => $"127.0.0.1:{Port}";

    /// <summary>The wrapped file served on <c>/download/*</c>.</summary>
    public byte[] CdnFile { get; set; } = [];

    /// <summary>How long the download port waits before answering a piece (by piece number).</summary>
    public Func<int, TimeSpan> CdnDelay { get; set; } = _ => TimeSpan.Zero;

    /// <summary>Connections closed without carrying a request (dfget's reachability probes).</summary>
    public int BareConnections => Volatile.Read(ref _bareConnections);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    public IReadOnlyList<RecordedRequest> Api(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task<ScriptedSupernode> StartAsync(Func<RecordedRequest, Reply> script)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        ScriptedSupernode? self = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.Use(next => async connection =>
        {
            await next(connection);
            if (!connection.Features.Get<IConnectionItemsFeature>()!.Items.ContainsKey("request"))
                Interlocked.Increment(ref self!._bareConnections);
        })));
        var app = builder.Build();
        self = new ScriptedSupernode(app, script);
        app.Run(self.HandleAsync);
        await app.StartAsync();
        self.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        ctx.Features.Get<IConnectionItemsFeature>()!.Items["request"] = true;
        var target = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var q = target.IndexOf('?');
        var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        var request = new RecordedRequest(_clock.Elapsed, ctx.Request.Method, q < 0 ? target : target[..q], q < 0 ? "" : target[(q + 1)..],
            ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
        lock (_requests) _requests.Add(request);

        if (request.Path.StartsWith("/download/", StringComparison.Ordinal))
        {
            await ServeCdnAsync(ctx);
            return;
        }
        var reply = _script(request);
        ctx.Response.StatusCode = reply.Status;
        if (reply.ContentType is not null) ctx.Response.ContentType = reply.ContentType;
        await ctx.Response.WriteAsync(reply.Body);
    }

    private async Task ServeCdnAsync(HttpContext ctx)
    {
        await Task.Delay(CdnDelay(int.Parse(ctx.Request.Headers["Piecenum"].ToString())));
        var file = CdnFile;
        var bounds = ctx.Request.Headers.Range.ToString()["bytes=".Length..].Split('-');
        var start = long.Parse(bounds[0]);
        var end = Math.Min(long.Parse(bounds[1]), file.Length - 1);
        ctx.Response.StatusCode = 206;
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.Headers.ContentRange = $"bytes {start}-{end}/{file.Length}";
        ctx.Response.ContentLength = end - start + 1;
        await ctx.Response.Body.WriteAsync(file.AsMemory((int)start, (int)(end - start + 1)));
    }
}
