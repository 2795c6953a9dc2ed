using System.Security.Cryptography.X509Certificates;

namespace Supernode.Gateway.Configuration;

/// <summary>
/// The certificate a port serves TLS with: a PEM file (certificate, and the private key unless <see cref="Key"/>
/// names another PEM file) or a PKCS#12 (.pfx/.p12) file; <see cref="Password"/> opens an encrypted key or PKCS#12.
/// Empty <see cref="Certificate"/>: plain HTTP, which is what dfget 1.x speaks.
/// </summary>
public sealed record TlsFiles
{
    public string Certificate { get; init; } = "";

    public string Key { get; init; } = "";

    public string Password { get; init; } = "";

    public bool IsSet => Certificate.Length > 0;

    /// <summary>The certificate with its private key, usable by Kestrel.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">Not a certificate, no private key, wrong password.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public X509Certificate2 Load()
    {
        var certificate = IsPem(Certificate) ? LoadPem() : X509CertificateLoader.LoadPkcs12FromFile(Certificate, Password.Length > 0 ? Password : null);
        if (certificate.HasPrivateKey) return certificate;
        certificate.Dispose();
        throw new System.Security.Cryptography.CryptographicException("the file holds no private key for the certificate");
    }

    /// <summary>Keeps the password out of anything that prints the options.</summary>
    public override string ToString() =>
        $"TlsFiles {{ Certificate = {Certificate}, Key = {Key}, Password = {Secrets.MaskToken(Password)} }}";

    private X509Certificate2 LoadPem()
    {
        var key = Key.Length > 0 ? Key : null;
        return Password.Length > 0
            ? X509Certificate2.CreateFromEncryptedPemFile(Certificate, Password, key)
            : X509Certificate2.CreateFromPemFile(Certificate, key);
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[256];
        var n = reader.ReadBlock(start);
        return new string(start, 0, n).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
