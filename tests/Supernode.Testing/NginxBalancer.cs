using System.Diagnostics;
using System.Net.Sockets;

namespace Supernode.Testing;

/// <summary>
/// Real nginx on 127.0.0.1 balancing round-robin over supernode API ports, as ops put one address in front of the
/// replicas. A replica that refuses or fails is skipped for the request (<c>proxy_next_upstream</c>), so a dead
/// replica costs a client nothing. Everything nginx writes stays in a temp dir; stopped on dispose.
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";
    private readonly TempDir _dir = new("supernode-nginx");
    private Process? _process;

    private NginxBalancer() => Port = FreePort.Next();

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>What clients put in their supernode list: <c>127.0.0.1:port</c>.</summary>
    public string Node => $"127.0.0.1:{Port}";

    public static async Task<NginxBalancer> StartAsync(IEnumerable<int> upstreamPorts)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"nginx is not installed ({Binary}); ./test.sh installs it");
        var nginx = new NginxBalancer();
        nginx.WriteConfig(upstreamPorts);
        var psi = new ProcessStartInfo(Binary, ["-p", nginx._dir.Path, "-c", nginx.ConfigPath, "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        nginx._process = Process.Start(psi) ?? throw new InvalidOperationException("could not start nginx");
        await nginx.WaitListeningAsync(TimeSpan.FromSeconds(20));
        return nginx;
    }

    /// <summary>Points nginx at other replicas (a rolling change) without dropping a connection.</summary>
    public async Task UpdateUpstreamsAsync(IEnumerable<int> upstreamPorts)
    {
        WriteConfig(upstreamPorts);
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

    private void WriteConfig(IEnumerable<int> upstreamPorts)
    {
        var servers = string.Join("\n", upstreamPorts.Select(p => $"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"));
        var user = Environment.UserName == "root" ? "user root;" : "";
        File.WriteAllText(ConfigPath, $$"""
            {{user}}
            worker_processes 1;
            pid {{_dir.Combine("nginx.pid")}};
            error_log {{_dir.Combine("error.log")}} warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{_dir.Combine("body")}};
              proxy_temp_path {{_dir.Combine("proxy")}};
              fastcgi_temp_path {{_dir.Combine("fastcgi")}};
              uwsgi_temp_path {{_dir.Combine("uwsgi")}};
              scgi_temp_path {{_dir.Combine("scgi")}};
              upstream supernodes {
            {{servers}}
                keepalive 32;
              }
              server {
                listen 127.0.0.1:{{Port}};
                location / {
                  proxy_pass http://supernodes;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_connect_timeout 1s;
                  proxy_read_timeout 20s;
                  # dfget's calls may be retried on another replica: registration and pulls are idempotent.
                  proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                  proxy_next_upstream_tries 3;
                }
              }
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
