using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Supernode.Cdn.Serving;

namespace Supernode.Cdn.Tests.Serving;

/// <summary>A plain-HTTP download port on a free loopback port, with the replica's limits unless told otherwise.</summary>
internal static class TestDownloadPort
{
    public static readonly ConnectionLimits Limits = new(16 * 1024, 32 * 1024, 100, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15));

    public static DownloadPortServer Start(string repoDir, ConnectionLimits? limits = null, ByteRateLimiter? budget = null) =>
        DownloadPortServer.Start(DownloadPortServer.Listen(new IPEndPoint(IPAddress.Loopback, 0), 512), repoDir, limits ?? Limits, budget, null,
            NullLogger.Instance);
}
