using System.Net;
using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>The <c>security:</c> settings of TLS and the SSRF guard: read from every source, checked, never echoing a secret.</summary>
public class SecuritySettingsTests
{
    [Fact]
    public void The_guard_lists_are_read_from_yaml_lists_and_comma_separated_flags_into_the_policy()
    {
        var options = LoadYaml("security:\n  deniedNetworks: [10.0.0.0/8, '::1']\n  allowedNetworks: 10.1.0.0/16\n  deniedHosts: ['*.internal']\n",
            "--allowed-hosts", "mirror.corp.internal,cache.internal");

        var policy = options.Security.SourcePolicy();

        Assert.Equal(["10.0.0.0/8", "::1"], options.Security.DeniedNetworks);
        Assert.False(policy.CheckAddress(IPAddress.Parse("10.2.0.1")).Allowed);
        Assert.True(policy.CheckAddress(IPAddress.Parse("10.1.0.1")).Allowed);
        Assert.False(policy.CheckAddress(IPAddress.Parse("::1")).Allowed);
        Assert.False(policy.CheckHost("db.internal").Allowed);
        Assert.True(policy.CheckHost("cache.internal").Allowed);
        Assert.False(policy.CheckAddress(IPAddress.Parse("169.254.169.254")).Allowed);
    }

    [Fact]
    public void By_default_no_port_is_on_tls_and_only_metadata_is_denied()
    {
        var security = Load([]).Security;

        Assert.False(security.ApiTlsInEffect.IsSet);
        Assert.False(security.DownloadTlsInEffect.IsSet);
        Assert.True(security.SourcePolicy().CheckAddress(IPAddress.Loopback).Allowed);
        Assert.True(security.SourcePolicy().CheckAddress(IPAddress.Parse("192.168.0.1")).Allowed);
    }

    [Fact]
    public void A_key_or_password_without_its_certificate_is_refused_without_showing_the_password()
    {
        Assert.Equal("--tls-key (security.tlsKey) is set but security.tlsCertificate (--tls-cert) is not", Failure(["--tls-key", "/k.pem"]));
        var message = Failure([], environment: new() { ["SUPERNODE_SECURITY_DOWNLOADTLSPASSWORD"] = "pw-3a9c" });
        Assert.Equal("SUPERNODE_SECURITY_DOWNLOADTLSPASSWORD (security.downloadTlsPassword) is set but security.downloadTlsCertificate (--download-tls-cert) is not", message);
    }

    [Fact]
    public void Two_spellings_of_a_secret_in_the_environment_conflict_without_showing_either()
    {
        var message = Failure([], environment: new() { ["SUPERNODE_SECURITY.TLSPASSWORD"] = "pw-one-81d2", ["SUPERNODE_SECURITY_TLSPASSWORD"] = "pw-two-47e0" });

        Assert.Contains("conflicts with", message);
        Assert.DoesNotContain("pw-one-81d2", message);
        Assert.DoesNotContain("pw-two-47e0", message);
    }

    [Fact]
    public void Tls_passwords_are_masked_when_the_options_are_printed()
    {
        var security = new SecurityOptions
        {
            AdminToken = "tok-6f0d",
            Tls = new TlsFiles { Certificate = "/c.pfx", Password = "pw-5e1b" },
            DownloadTls = new TlsFiles { Certificate = "/d.pem", Key = "/d.key", Password = "pw-90aa" },
        };

        var text = security.ToString();

        foreach (var secret in new[] { "tok-6f0d", "pw-5e1b", "pw-90aa" }) Assert.DoesNotContain(secret, text);
        Assert.Contains("Certificate = /c.pfx, Key = , Password = ***", text);
    }
}
