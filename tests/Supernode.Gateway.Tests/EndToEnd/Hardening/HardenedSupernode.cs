using System.Net;
using System.Security.Cryptography.X509Certificates;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Hardening;

/// <summary>
/// A supernode with every protection on, as an operator would configure it: both ports on TLS (the API port from a
/// PKCS#12 file whose password comes from the environment, the download port from PEM files), an admin token in
/// <c>supernode.yml</c>, and <c>127.0.0.2</c> denied as a source. Beside it, an allowed origin on 127.0.0.1 and an
/// origin on the denied 127.0.0.2 that must never be reached.
/// </summary>
public sealed class HardenedSupernode() : SupernodeFixture(WriteConfig, Certificate, new Dictionary<string, string> { ["SUPERNODE_SECURITY_TLSPASSWORD"] = TlsPassword })
{
    public const string AdminToken = "tok-31d7-hardened-admin";
    public const string TlsPassword = "pfx-8e2b-tls-password";

    public static readonly X509Certificate2 Certificate = TestCertificates.SelfSignedLoopback();

    /// <summary>An origin on the denied address: its connection count must stay 0.</summary>
    public LoopbackOrigin DeniedOrigin { get; } = new(IPAddress.Parse("127.0.0.2"));

    public string ConfigPath => System.IO.Path.Combine(Process.HomeDir, "supernode.yml");

    public override async Task InitializeAsync()
    {
        await DeniedOrigin.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await DeniedOrigin.DisposeAsync();
    }

    private static string[] WriteConfig(TempDir home)
    {
        var pfx = TestCertificates.WritePfx(Certificate, home.Path, TlsPassword);
        var (pem, key) = TestCertificates.WritePem(Certificate, home.Path);
        var config = home.Combine("supernode.yml");
        File.WriteAllText(config, $"""
            security:
              adminToken: {AdminToken}
              tlsCertificate: {pfx}
              downloadTlsCertificate: {pem}
              downloadTlsKey: {key}
              deniedNetworks: [127.0.0.2/32]
            """);
        return ["--config", config];
    }
}

[CollectionDefinition(Name)]
public sealed class HardenedSupernodes : ICollectionFixture<HardenedSupernode>
{
    public const string Name = "one hardened supernode";
}
