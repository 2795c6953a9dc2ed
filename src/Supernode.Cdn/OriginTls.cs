using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Supernode.Cdn;

/// <summary>
/// How a task's source certificate is checked: not at all (<c>insecure</c>), against the root CAs the registrant
/// sent, or against the system store. Equal settings share one connection pool.
/// </summary>
/// <param name="RootCas">The registrant's root CA entries joined by NUL (a PEM never holds one), so the record compares by value.</param>
internal sealed record OriginTls(bool Insecure, string RootCas)
{
    public static OriginTls Of(bool insecure, ImmutableArray<string> rootCAs) =>
        new(insecure, rootCAs.IsDefaultOrEmpty ? "" : string.Join('\0', rootCAs));

    /// <summary>The certificate check for a handler, or null for the system default.</summary>
    public RemoteCertificateValidationCallback? Validation()
    {
        if (Insecure) return (_, _, _, _) => true;
        var roots = ParseRoots();
        if (roots.Count == 0) return null;
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null) return false;
            if (errors == SslPolicyErrors.None) return true;
            // Only chain problems may be cured by the registrant's roots; a name mismatch may not.
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
                foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            return custom.Build(new X509Certificate2(certificate));
        };
    }

    /// <summary>
    /// dfget sends <c>rootCAs</c> as Go <c>[]byte</c>, i.e. base64 of PEM text; plain PEM is accepted too.
    /// Unparsable entries are skipped (Go: the system pool is used when none parses).
    /// </summary>
    private X509Certificate2Collection ParseRoots()
    {
        var roots = new X509Certificate2Collection();
        foreach (var entry in RootCas.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var pem = entry.Contains("-----BEGIN", StringComparison.Ordinal) ? entry : DecodeBase64(entry);
            if (pem is null) continue;
            try
            {
                roots.ImportFromPem(pem);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Not a certificate: skipped like Go's AppendCertsFromPEM does.
            }
        }
        return roots;
    }

    private static string? DecodeBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var n) ? Encoding.UTF8.GetString(buffer, 0, n) : null;
    }
}
