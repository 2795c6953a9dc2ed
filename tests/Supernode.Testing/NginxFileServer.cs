namespace Supernode.Testing;

/// <summary>Real nginx on 127.0.0.1 serving a directory, byte ranges included: the reference for file serving.</summary>
public sealed class NginxFileServer : IAsyncDisposable
{
    private readonly NginxServer _nginx;

    private NginxFileServer(NginxServer nginx) => _nginx = nginx;

    public string Url => $"http://127.0.0.1:{_nginx.Port}";

    public static async Task<NginxFileServer> StartAsync(string root) =>
        new(await NginxServer.StartAsync(port => $$"""
              sendfile on;
              tcp_nopush on;
              server {
                listen 127.0.0.1:{{port}};
                root {{Path.GetFullPath(root)}};
              }
            """));

    public ValueTask DisposeAsync() => _nginx.DisposeAsync();
}
