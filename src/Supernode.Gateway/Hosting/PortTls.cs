using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Supernode.Gateway.Hosting;

/// <summary>HTTPS on a listening port when a certificate is configured for it; plain HTTP (what dfget 1.x speaks) otherwise.</summary>
public static class PortTls
{
    public static void UseTls(this ListenOptions listen, X509Certificate2? certificate)
    {
        if (certificate is not null) listen.UseHttps(certificate);
    }
}
