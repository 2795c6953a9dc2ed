namespace Supernode.Testing;

/// <summary>
/// Real nginx on 127.0.0.1 balancing round-robin over supernode API ports, as ops put one address in front of the
/// replicas. A replica that cannot be reached is skipped for the request (<c>proxy_next_upstream</c>), so a dead
/// replica costs a client nothing; an answer, even a 5xx, is passed on as it is (a second try on another replica
/// would start after the first used up most of dfget's 5 s, and double the load of a storm).
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private NginxServer _nginx = null!;
    private IReadOnlyList<int> _upstreams = [];

    public int Port => _nginx.Port;
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>What clients put in their supernode list: <c>127.0.0.1:port</c>.</summary>
    public string Node => $"127.0.0.1:{Port}";

    /// <summary>nginx's error log so far: which upstream failed a request, and how.</summary>
    public string ErrorLog => _nginx.ErrorLog;

    public static async Task<NginxBalancer> StartAsync(IEnumerable<int> upstreamPorts)
    {
        var balancer = new NginxBalancer { _upstreams = [.. upstreamPorts] };
        balancer._nginx = await NginxServer.StartAsync(balancer.Http);
        return balancer;
    }

    /// <summary>Points nginx at other replicas (a rolling change) without dropping a connection.</summary>
    public Task UpdateUpstreamsAsync(IEnumerable<int> upstreamPorts)
    {
        _upstreams = [.. upstreamPorts];
        return _nginx.ReloadAsync();
    }

    public ValueTask DisposeAsync() => _nginx.DisposeAsync();

    private string Http(int port)
    {
        // A replica is passed over for 3 s after 3 failed attempts, not after one: under load a live replica also drops
        // an odd keep-alive connection, and with one strike two live replicas could be passed over at once, leaving
        // nginx "no live upstreams" and every client a 502.
        var servers = string.Join("\n", _upstreams.Select(p => $"    server 127.0.0.1:{p} max_fails=3 fail_timeout=3s;"));
        return $$"""
              upstream supernodes {
            {{servers}}
                keepalive 32;
              }
              server {
                # A fleet connects at once: nginx's default backlog (511) would drop the rest of the SYNs.
                listen 127.0.0.1:{{port}} backlog=4096;
                location / {
                  proxy_pass http://supernodes;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_connect_timeout 1s;
                  # No dfget waits longer than 5 s for an answer.
                  proxy_read_timeout 5s;
                  # A call that could not reach a replica goes to the next (registration and pulls are idempotent).
                  proxy_next_upstream error timeout non_idempotent;
                  proxy_next_upstream_tries 3;
                }
              }
            """;
    }
}
