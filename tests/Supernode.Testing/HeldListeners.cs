using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Supernode.Testing;

/// <summary>
/// The listening API and download sockets of a supernode, held by the test as systemd holds them for a
/// socket-activated service: they outlive the supernode process, so connections made while it restarts wait in
/// the backlog instead of being refused. Passed to the process as fd 3 and 4 (<c>LISTEN_FDS</c>).
/// </summary>
public sealed partial class HeldListeners : IDisposable
{
    private const int FSetFd = 2;
    private readonly Socket _api;
    private readonly Socket _download;

    public HeldListeners()
    {
        _api = Listen();
        _download = Listen();
    }

    public int ApiPort => ((IPEndPoint)_api.LocalEndPoint!).Port;
    public int DownloadPort => ((IPEndPoint)_download.LocalEndPoint!).Port;

    /// <summary>
    /// The command that starts <paramref name="program"/> with the sockets as fd 3 and 4 and the socket activation
    /// variables set; <c>exec</c> keeps the shell's pid, which is what <c>LISTEN_PID</c> must name.
    /// </summary>
    public (string File, IReadOnlyList<string> Args) Wrap(string program, IEnumerable<string> args)
    {
        var api = (int)_api.SafeHandle.DangerousGetHandle();
        var download = (int)_download.SafeHandle.DangerousGetHandle();
        var script = $"export LISTEN_PID=$$ LISTEN_FDS=2; exec \"$0\" \"$@\" 3<&{api} 4<&{download} {api}<&- {download}<&-";
        return ("/bin/bash", ["-c", script, program, .. args]);
    }

    public void Dispose()
    {
        _api.Dispose();
        _download.Dispose();
    }

    private static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(512);
        // .NET opens every descriptor close-on-exec; these must reach the child.
        if (Fcntl((int)socket.SafeHandle.DangerousGetHandle(), FSetFd, 0) != 0)
            throw new InvalidOperationException($"fcntl failed: {Marshal.GetLastPInvokeError()}");
        return socket;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int cmd, int arg);
}
