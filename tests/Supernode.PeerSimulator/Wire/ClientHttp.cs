using System.Net;

namespace Supernode.PeerSimulator.Wire;

/// <summary>
/// An HTTP client as a dfget process has one: no proxy, cookies, redirects or decompression, no trace headers, idle
/// connections kept 10 s, and no client-wide timeout (each call sets its own).
/// </summary>
internal static class ClientHttp
{
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        ActivityHeadersPropagator = null, // no traceparent: dfget sends only its own headers
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
