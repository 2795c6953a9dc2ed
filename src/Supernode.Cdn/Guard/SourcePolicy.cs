using System.Collections.Immutable;
using System.Net;

namespace Supernode.Cdn.Guard;

/// <summary>
/// What the supernode may fetch on a client's word: http and https only, and no host or address on a deny list.
/// Among the rules that match, the most specific decides (longest prefix, exact name over domain), and a tie goes
/// to allow, so an operator lifts a default by naming it. Loopback and private ranges are allowed unless denied:
/// sources often live on the operator's own network. Pure rules, no DNS: <see cref="SourceGuard"/> resolves.
/// </summary>
public sealed record SourcePolicy
{
    public ImmutableArray<NetworkRange> DeniedNetworks { get; init; } = [];
    public ImmutableArray<NetworkRange> AllowedNetworks { get; init; } = [];
    public ImmutableArray<HostPattern> DeniedHosts { get; init; } = [];
    public ImmutableArray<HostPattern> AllowedHosts { get; init; } = [];

    /// <summary>The defaults: cloud metadata and link-local denied, everything else allowed.</summary>
    public static SourcePolicy Default { get; } = Configured([], [], [], []);

    /// <summary>The operator's lists on top of the defaults, which stay denied unless allowed as precisely.</summary>
    public static SourcePolicy Configured(
        IEnumerable<NetworkRange> deniedNetworks, IEnumerable<NetworkRange> allowedNetworks,
        IEnumerable<HostPattern> deniedHosts, IEnumerable<HostPattern> allowedHosts) => new()
    {
        DeniedNetworks = [.. CloudMetadata.Networks, .. deniedNetworks],
        AllowedNetworks = [.. allowedNetworks],
        DeniedHosts = [.. CloudMetadata.HostNames, .. deniedHosts],
        AllowedHosts = [.. allowedHosts],
    };

    public static SourceVerdict CheckScheme(Uri url) =>
        url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps
            ? SourceVerdict.Allow
            : SourceVerdict.Deny($"scheme {url.Scheme} is not fetched; only http and https are");

    /// <summary>The host name's verdict; an address literal (<c>10.0.0.1</c>, <c>[::1]</c>) is checked as an address.</summary>
    public SourceVerdict CheckHost(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal)) return CheckAddress(literal);
        var denied = DecidingDenial(DeniedHosts, AllowedHosts, p => p.Matches(bare), p => p.Specificity);
        return denied is null
            ? SourceVerdict.Allow
            : SourceVerdict.Deny($"host {HostPattern.Normalize(bare)} matches the denied host name {denied}{DefaultNote(CloudMetadata.HostNames.Contains(denied))}");
    }

    public SourceVerdict CheckAddress(IPAddress address)
    {
        var reached = NetworkRange.Reached(address);
        var denied = DecidingDenial(DeniedNetworks, AllowedNetworks, n => n.Contains(reached), n => n.PrefixLength);
        return denied is null
            ? SourceVerdict.Allow
            : SourceVerdict.Deny($"address {address} is in the denied network {denied}{DefaultNote(CloudMetadata.Networks.Contains(denied))}");
    }

    /// <summary>The denying rule that decides, or null when none matches or an allowing rule at least as specific does.</summary>
    private static T? DecidingDenial<T>(ImmutableArray<T> denied, ImmutableArray<T> allowed, Func<T, bool> matches, Func<T, int> specificity)
        where T : class
    {
        var denial = denied.Where(matches).MaxBy(specificity);
        if (denial is null) return null;
        var allowance = allowed.Where(matches).MaxBy(specificity);
        return allowance is not null && specificity(allowance) >= specificity(denial) ? null : denial;
    }

    private static string DefaultNote(bool isDefault) => isDefault ? " (cloud metadata and link-local are denied by default)" : "";
}
