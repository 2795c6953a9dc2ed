using System.Net;
using System.Net.Sockets;

namespace Supernode.Cdn.Guard;

/// <summary>
/// The SSRF guard of a replica: whatever the supernode fetches on a client's word (registration sources, preheat
/// URLs) is checked here. <see cref="CheckAsync"/> answers early with a reason; <see cref="ConnectAsync"/>, the
/// connect step of every origin connection, is what enforces it: it checks the address actually connected to,
/// after DNS, for every connection, redirects included, so neither DNS rebinding nor a redirect gets past it.
/// </summary>
public sealed class SourceGuard(SourcePolicy policy)
{
    public static SourceGuard Default { get; } = new(SourcePolicy.Default);

    public SourcePolicy Policy { get; } = policy;

    /// <summary>The URL's scheme and host name (or address literal), without DNS: cheap enough for any request path.</summary>
    public SourceVerdict CheckUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return SourceVerdict.Deny("not an absolute URL with a host");
        var scheme = SourcePolicy.CheckScheme(uri);
        return scheme.Allowed ? Policy.CheckHost(uri.Host) : scheme;
    }

    /// <summary>
    /// Whether <paramref name="url"/> may be fetched, else why: <see cref="CheckUrl"/>, then the addresses its host
    /// resolves to now, of which at least one must be allowed. A fetch resolves again and is checked again when it
    /// connects; this answer is for refusing early and clearly.
    /// </summary>
    public async Task<SourceVerdict> CheckAsync(string url, CancellationToken ct)
    {
        var verdict = CheckUrl(url);
        if (!verdict.Allowed) return verdict;
        var host = new Uri(url).DnsSafeHost;
        try
        {
            return FirstAllowed(host, await ResolveAsync(host, ct)).Verdict;
        }
        catch (SocketException e)
        {
            return SourceVerdict.Deny($"host {host} does not resolve: {e.Message}");
        }
    }

    /// <summary>
    /// For <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to allowed addresses of the host, and
    /// throws <see cref="SourceDeniedException"/> without opening any connection when none is allowed.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var named = Policy.CheckHost(endpoint.Host);
        if (!named.Allowed) throw new SourceDeniedException(named);
        var (addresses, verdict) = FirstAllowed(endpoint.Host, await ResolveAsync(endpoint.Host, ct));
        if (!verdict.Allowed) throw new SourceDeniedException(verdict);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The allowed addresses among <paramref name="resolved"/>; when there are none, the reason of the first denial.</summary>
    private (IPAddress[] Allowed, SourceVerdict Verdict) FirstAllowed(string host, IPAddress[] resolved)
    {
        if (resolved.Length == 0) return ([], SourceVerdict.Deny($"host {host} has no address"));
        var verdicts = resolved.Select(a => (Address: a, Verdict: Policy.CheckAddress(a))).ToList();
        var allowed = verdicts.Where(v => v.Verdict.Allowed).Select(v => v.Address).ToArray();
        if (allowed.Length > 0) return (allowed, SourceVerdict.Allow);
        var denial = verdicts[0].Verdict;
        return ([], IPAddress.TryParse(host.Trim('[', ']'), out _) ? denial : SourceVerdict.Deny($"host {host} resolves to a denied address: {denial.Reason}"));
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var bare = host.Trim('[', ']');
        return IPAddress.TryParse(bare, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(bare, ct);
    }
}
