using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Supernode.Gateway.Hosting;

/// <summary>
/// What one request may weigh on either port. dfget's largest request is a registration (a URL and a few headers,
/// a few KiB), so the limits sit far above any real client and far below what would let one client pin memory:
/// a larger body is 413, a longer request line 414, larger headers 431, all before any handler runs.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    public const int MaxRequestLineBytes = 16 * 1024;

    /// <summary>An idle connection is closed after this; thousands of hosts may hold one each between pulls.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromMinutes(2);

    /// <summary>Headers must arrive within this, so a client trickling bytes cannot hold a connection (slowloris).</summary>
    public static readonly TimeSpan HeadersWithin = TimeSpan.FromSeconds(15);

    public static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = MaxBodyBytes;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
        limits.MaxRequestHeaderCount = MaxHeaderCount;
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.KeepAliveTimeout = KeepAlive;
        limits.RequestHeadersTimeout = HeadersWithin;
    }
}
