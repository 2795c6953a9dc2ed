using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Supernode.Testing;

/// <summary>Certificates for TLS tests on loopback, made on the fly.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, usable by Kestrel and as its own root.</summary>
    public static X509Certificate2 SelfSignedLoopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=supernode-test-origin", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Re-imported so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The certificate as dfget sends a root CA in <c>rootCAs</c>: base64 of its PEM text.</summary>
    public static string AsDfgetRootCa(X509Certificate2 certificate) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));

    /// <summary>A client handler without proxy that trusts exactly <paramref name="certificate"/> (pinned), or the system roots when null.</summary>
    public static SocketsHttpHandler Trusting(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (certificate is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(certificate.GetCertHash());
        return handler;
    }

    /// <summary>The certificate and its unencrypted private key as two PEM files in <paramref name="dir"/>: (certificate, key).</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string dir)
    {
        var (cert, key) = (Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"));
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("no RSA private key");
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    /// <summary>The certificate with its private key as a PKCS#12 file in <paramref name="dir"/>, under <paramref name="password"/>.</summary>
    public static string WritePfx(X509Certificate2 certificate, string dir, string password)
    {
        var file = Path.Combine(dir, "tls.pfx");
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, password));
        return file;
    }
}
