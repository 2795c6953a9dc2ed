using System.Net;
using Supernode.Cdn.Guard;

namespace Supernode.Cdn.Tests.Guard;

/// <summary>
/// The guard's rules without DNS: the defaults (metadata and link-local denied, loopback and private allowed),
/// schemes, host names, and the most specific rule deciding.
/// </summary>
public sealed class SourcePolicyTests
{
    private static readonly SourcePolicy Default = SourcePolicy.Default;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.9")]
    [InlineData("192.168.1.10")]
    [InlineData("fd12:3456::1")]
    [InlineData("100.64.0.1")]
    [InlineData("203.0.113.9")]
    [InlineData("2001:db8::1")]
    public void By_default_loopback_private_and_public_addresses_are_allowed(string address) =>
        Assert.True(Default.CheckAddress(IPAddress.Parse(address)).Allowed);

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.23")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("168.63.129.16")]
    [InlineData("fe80::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void By_default_cloud_metadata_and_link_local_addresses_are_denied(string address)
    {
        var verdict = Default.CheckAddress(IPAddress.Parse(address));
        Assert.False(verdict.Allowed);
        Assert.Contains(address, verdict.Reason);
        Assert.Contains("denied by default", verdict.Reason);
    }

    [Theory]
    [InlineData("metadata.google.internal")]
    [InlineData("METADATA.google.internal.")]
    [InlineData("metadata.goog")]
    [InlineData("metadata")]
    [InlineData("instance-data.ec2.internal")]
    [InlineData("169.254.169.254")]
    [InlineData("[fd00:ec2::254]")]
    public void By_default_metadata_host_names_and_literals_are_denied(string host) =>
        Assert.False(Default.CheckHost(host).Allowed);

    [Theory]
    [InlineData("http://example.com/f", true)]
    [InlineData("https://example.com/f", true)]
    [InlineData("HTTP://example.com/f", true)]
    [InlineData("ftp://example.com/f", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("gopher://example.com:70/", false)]
    public void Only_http_and_https_are_fetched(string url, bool allowed) =>
        Assert.Equal(allowed, SourceGuard.Default.CheckUrl(url).Allowed);

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0xa9fea9fe/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://[::ffff:a9fe:a9fe]/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("relative/path")]
    public void Urls_naming_metadata_in_any_spelling_are_denied_before_any_lookup(string url) =>
        Assert.False(SourceGuard.Default.CheckUrl(url).Allowed);

    [Fact]
    public void Operators_may_deny_loopback_and_private_ranges_including_the_unspecified_address()
    {
        var policy = Policy(denied: ["127.0.0.0/8", "::1/128", "10.0.0.0/8"]);
        foreach (var address in new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::", "10.9.9.9" })
            Assert.False(policy.CheckAddress(IPAddress.Parse(address)).Allowed, address);
        Assert.True(policy.CheckAddress(IPAddress.Parse("192.168.0.1")).Allowed);
    }

    [Fact]
    public void The_most_specific_rule_decides_and_a_tie_allows()
    {
        var policy = Policy(denied: ["0.0.0.0/0", "10.1.0.0/16"], allowed: ["10.0.0.0/8", "169.254.169.254/32"]);
        Assert.False(policy.CheckAddress(IPAddress.Parse("8.8.8.8")).Allowed);
        Assert.True(policy.CheckAddress(IPAddress.Parse("10.2.3.4")).Allowed);
        Assert.False(policy.CheckAddress(IPAddress.Parse("10.1.3.4")).Allowed);
        // Lifted by naming it exactly; its neighbours stay denied by the default /16.
        Assert.True(policy.CheckAddress(IPAddress.Parse("169.254.169.254")).Allowed);
        Assert.False(policy.CheckAddress(IPAddress.Parse("169.254.169.253")).Allowed);
        // A wide allow does not lift a narrower default.
        Assert.False(Policy(allowed: ["0.0.0.0/0"]).CheckAddress(IPAddress.Parse("169.254.169.254")).Allowed);
        Assert.True(Policy(denied: ["10.0.0.0/8"], allowed: ["10.0.0.0/8"]).CheckAddress(IPAddress.Parse("10.0.0.1")).Allowed);
    }

    [Fact]
    public void Host_names_match_exactly_or_under_a_domain_and_the_most_specific_decides()
    {
        var policy = Policy(deniedHosts: ["*.internal", "secret.example.com"], allowedHosts: ["mirror.corp.internal"]);
        Assert.False(policy.CheckHost("db.corp.internal").Allowed);
        Assert.True(policy.CheckHost("Mirror.Corp.Internal.").Allowed);
        Assert.True(policy.CheckHost("internal").Allowed);
        Assert.False(policy.CheckHost("secret.example.com").Allowed);
        Assert.True(policy.CheckHost("www.example.com").Allowed);
        Assert.Contains("*.internal", policy.CheckHost("db.corp.internal").Reason);
    }

    [Theory]
    [InlineData("*.")]
    [InlineData("bad host")]
    [InlineData("10.0.0.1")]
    [InlineData("http://x")]
    public void Refuses_what_is_not_a_host_name_rule(string text) =>
        Assert.Throws<FormatException>(() => HostPattern.Parse(text));

    private static SourcePolicy Policy(string[]? denied = null, string[]? allowed = null, string[]? deniedHosts = null, string[]? allowedHosts = null) =>
        SourcePolicy.Configured((denied ?? []).Select(NetworkRange.Parse), (allowed ?? []).Select(NetworkRange.Parse),
            (deniedHosts ?? []).Select(HostPattern.Parse), (allowedHosts ?? []).Select(HostPattern.Parse));
}
