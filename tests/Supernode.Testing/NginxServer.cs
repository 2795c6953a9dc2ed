using System.Diagnostics;
using System.Net.Sockets;

namespace Supernode.Testing;

/// <summary>
/// Real nginx on 127.0.0.1 with one <c>server</c> block given by its user (a balancer, a file server): one worker,
/// everything it writes in a temp dir, stopped on dispose.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";
    private readonly TempDir _dir = new("supernode-nginx");
    private readonly Func<int, string> _http;
    private Process? _process;

    /// <param name="http">The body of nginx's <c>http</c> block (upstreams, the server) for nginx's port.</param>
    private NginxServer(Func<int, string> http)
    {
        Port = FreePort.Next();
        _http = http;
    }

    public int Port { get; }

    /// <summary>What nginx logged at warning level and above so far (its upstream errors), for a failure message.</summary>
    public string ErrorLog => File.Exists(_dir.Combine("error.log")) ? File.ReadAllText(_dir.Combine("error.log")) : "";

    public static async Task<NginxServer> StartAsync(Func<int, string> http)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"nginx is not installed ({Binary}); ./test.sh installs it");
        var nginx = new NginxServer(http);
        nginx.WriteConfig();
        var psi = new ProcessStartInfo(Binary, ["-p", nginx._dir.Path, "-c", nginx.ConfigPath, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        nginx._process = Process.Start(psi) ?? throw new InvalidOperationException("could not start nginx");
        await nginx.WaitListeningAsync(TimeSpan.FromSeconds(20));
        return nginx;
    }

    /// <summary>Writes the configuration again (its block may have changed) and reloads without dropping a connection.</summary>
    public async Task ReloadAsync()
    {
        WriteConfig();
        using var reload = Process.Start(Binary, ["-p", _dir.Path, "-c", ConfigPath, "-s", "reload"]) ?? throw new InvalidOperationException("nginx reload");
        await reload.WaitForExitAsync();
        if (reload.ExitCode != 0) throw new InvalidOperationException($"nginx reload exited with {reload.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Dispose();
    }

    private string ConfigPath => _dir.Combine("nginx.conf");

    private void WriteConfig()
    {
        // As root, nginx's worker would run as nobody and could not read a temp dir. A proxied request holds two
        // connections (client and upstream): 3,000 clients at once need 6,000, and at 4,096 nginx reset a third of them.
        var user = Environment.UserName == "root" ? "user root;" : "";
        File.WriteAllText(ConfigPath, $$"""
            {{user}}
            worker_processes 1;
            pid {{_dir.Combine("nginx.pid")}};
            error_log {{_dir.Combine("error.log")}} warn;
            events { worker_connections 16384; }
            http {
              access_log off;
              client_body_temp_path {{_dir.Combine("body")}};
              proxy_temp_path {{_dir.Combine("proxy")}};
              fastcgi_temp_path {{_dir.Combine("fastcgi")}};
              uwsgi_temp_path {{_dir.Combine("uwsgi")}};
              scgi_temp_path {{_dir.Combine("scgi")}};
            {{_http(Port)}}
            }
            """);
    }

    private async Task WaitListeningAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"nginx did not listen on {Port} within {within}");
    }
}
