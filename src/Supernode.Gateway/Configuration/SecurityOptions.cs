using Supernode.Cdn.Guard;

namespace Supernode.Gateway.Configuration;

/// <summary>The <c>security:</c> section: admin token, TLS of the two ports, and the SSRF guard's lists.</summary>
public sealed record SecurityOptions
{
    /// <summary>Bearer token the admin endpoints require; empty leaves them open, as in Go.</summary>
    public string AdminToken { get; init; } = "";

    /// <summary>TLS of both ports, unless one has its own (<see cref="ApiTls"/>, <see cref="DownloadTls"/>).</summary>
    public TlsFiles Tls { get; init; } = new();

    public TlsFiles ApiTls { get; init; } = new();

    public TlsFiles DownloadTls { get; init; } = new();

    /// <summary>Source addresses denied on top of the defaults (cloud metadata, link-local), as CIDR blocks.</summary>
    public IReadOnlyList<string> DeniedNetworks { get; init; } = [];

    /// <summary>Source addresses allowed although a less specific denied block holds them.</summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];

    public IReadOnlyList<string> DeniedHosts { get; init; } = [];

    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>The files the API port serves TLS with; unset: plain HTTP.</summary>
    public TlsFiles ApiTlsInEffect => ApiTls.IsSet ? ApiTls : Tls;

    public TlsFiles DownloadTlsInEffect => DownloadTls.IsSet ? DownloadTls : Tls;

    /// <summary>The SSRF guard's rules; the lists were validated when loaded.</summary>
    public SourcePolicy SourcePolicy() => Cdn.Guard.SourcePolicy.Configured(
        DeniedNetworks.Select(NetworkRange.Parse), AllowedNetworks.Select(NetworkRange.Parse),
        DeniedHosts.Select(HostPattern.Parse), AllowedHosts.Select(HostPattern.Parse));

    /// <summary>Keeps the token and the TLS passwords out of logs that print the options.</summary>
    public override string ToString() =>
        $"SecurityOptions {{ AdminToken = {Secrets.MaskToken(AdminToken)}, Tls = {Tls}, ApiTls = {ApiTls}, DownloadTls = {DownloadTls}, " +
        $"DeniedNetworks = [{string.Join(", ", DeniedNetworks)}], AllowedNetworks = [{string.Join(", ", AllowedNetworks)}], " +
        $"DeniedHosts = [{string.Join(", ", DeniedHosts)}], AllowedHosts = [{string.Join(", ", AllowedHosts)}] }}";
}
