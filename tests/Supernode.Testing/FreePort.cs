using System.Net;
using System.Net.Sockets;

namespace Supernode.Testing;

/// <summary>
/// Free TCP ports on loopback, for servers that must be told their port before they start. They come from below the
/// kernel's ephemeral range: a port from that range (what binding port 0 gives) can be taken by any outgoing
/// connection on the machine before the server binds it, which a cluster test once lost a replica to. Each port is
/// claimed for the life of the test process with a lock file, so test processes running side by side never get the
/// same one.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20000;
    private static readonly string ClaimDir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "supernode-test-ports")).FullName;
    private static readonly List<FileStream> Claims = [];
    private static readonly Lock Gate = new();
    private static readonly int Highest = Math.Max(EphemeralLow() - 1, Lowest + 1000);
    private static int _next = Random.Shared.Next(Lowest, Highest);

    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried <= Highest - Lowest; tried++)
            {
                var port = _next;
                _next = port >= Highest ? Lowest : port + 1;
                if (Bindable(port) && TryClaim(port)) return port;
            }
        }
        throw new InvalidOperationException($"no free port between {Lowest} and {Highest}");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An exclusive lock on the port's file, held until this process ends (the kernel drops it then).</summary>
    private static bool TryClaim(int port)
    {
        try
        {
            Claims.Add(new FileStream(Path.Combine(ClaimDir, port.ToString()), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var low)
            ? low
            : 32768;
    }
}
