using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Supernode.Testing;

/// <summary>How clients authenticate to a <see cref="RegistryServer"/>.</summary>
public enum RegistryAuth
{
    Anonymous,
    /// <summary>Plain Basic against an htpasswd file (<c>auth: htpasswd</c>).</summary>
    Htpasswd,
    /// <summary>Docker's bearer token flow: 401 with <c>Bearer realm=…</c>, tokens from a <see cref="RegistryTokenServer"/>.</summary>
    Token,
}

/// <summary>One request the registry answered, from its access log.</summary>
public sealed record RegistryRequest(string Method, string Path, int Status, long BodyBytes);

/// <summary>
/// A real registry (Debian's <c>docker-registry</c>, distribution 2.8) on 127.0.0.1 and a free port, storage in a
/// temp dir, anonymous or with htpasswd or token auth (<see cref="User"/>/<see cref="Password"/>). Images are built
/// as OCI layouts and pushed with <c>skopeo</c>. Its access log tells what every request cost. Stopped on dispose.
/// </summary>
public sealed partial class RegistryServer : IAsyncDisposable
{
    public const string User = "preheat";
    public const string Password = "pw-5e1b-registry";
    private const string Binary = "/usr/bin/docker-registry";
    private const string Skopeo = "/usr/bin/skopeo";

    private readonly TempDir _dir = new("supernode-registry");
    private readonly StringBuilder _log = new();
    private RegistryTokenServer? _tokens;
    private Process? _process;

    private RegistryServer(RegistryAuth auth)
    {
        Auth = auth;
        Port = FreePort.Next();
    }

    public RegistryAuth Auth { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The token service of a <see cref="RegistryAuth.Token"/> registry.</summary>
    public RegistryTokenServer? Tokens => _tokens;

    /// <summary><c>Authorization</c> with Basic credentials: right ones, or a wrong password.</summary>
    public static string BasicAuthorization(string password = Password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{password}"));

    public string ManifestUrl(string name, string reference) => $"{Url}/v2/{name}/manifests/{reference}";

    public string BlobUrl(string name, string digest) => $"{Url}/v2/{name}/blobs/{digest}";

    public static async Task<RegistryServer> StartAsync(RegistryAuth auth = RegistryAuth.Anonymous)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"docker-registry is not installed ({Binary}); ./test.sh installs it");
        var registry = new RegistryServer(auth);
        try
        {
            await registry.StartProcessAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessAsync()
    {
        var authSection = "";
        if (Auth == RegistryAuth.Htpasswd)
        {
            var htpasswd = await RunAsync("htpasswd", ["-Bbn", User, Password]);
            await File.WriteAllTextAsync(_dir.Combine("htpasswd"), htpasswd.Trim() + "\n");
            authSection = $"auth:\n  htpasswd:\n    realm: supernode-test\n    path: {_dir.Combine("htpasswd")}\n";
        }
        else if (Auth == RegistryAuth.Token)
        {
            _tokens = await RegistryTokenServer.StartAsync(User, Password);
            await File.WriteAllTextAsync(_dir.Combine("token.crt"), _tokens.CertificatePem);
            authSection = $"auth:\n  token:\n    realm: {_tokens.Realm}\n    service: {RegistryTokenServer.Service}\n"
                          + $"    issuer: {RegistryTokenServer.Issuer}\n    rootcertbundle: {_dir.Combine("token.crt")}\n";
        }
        await File.WriteAllTextAsync(_dir.Combine("config.yml"), $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {_dir.Combine("data")}
            http:
              addr: 127.0.0.1:{Port}
            {authSection}
            """);
        var psi = new ProcessStartInfo(Binary, ["serve", _dir.Combine("config.yml")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start docker-registry");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(TimeSpan.FromSeconds(20));
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>Everything the registry wrote (its access log and warnings).</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<RegistryRequest> Requests => AccessLine().Matches(Log)
        .Select(m => new RegistryRequest(m.Groups["method"].Value, m.Groups["path"].Value, int.Parse(m.Groups["status"].Value),
            m.Groups["bytes"].Value == "-" ? 0 : long.Parse(m.Groups["bytes"].Value)))
        .ToList();

    /// <summary>The GETs of one blob, in order.</summary>
    public IReadOnlyList<RegistryRequest> BlobGets(string digest) =>
        Requests.Where(r => r.Method == "GET" && r.Path.Contains("/blobs/", StringComparison.Ordinal) && r.Path.EndsWith(digest, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Builds an image of <paramref name="platforms"/> (<c>os/arch</c>; more than one makes an OCI index) with random
    /// layers and pushes it as <c>name:tag</c>.
    /// </summary>
    public async Task<PushedImage> PushAsync(string name, string tag, IReadOnlyList<string> platforms, int layersPerPlatform = 2, int layerBytes = 256 * 1024,
        int seed = 1)
    {
        var layout = _dir.Combine("layouts", $"{name.Replace('/', '_')}-{tag}");
        var layers = OciLayout.Write(layout, tag, platforms, layersPerPlatform, layerBytes, seed);
        List<string> args = ["--insecure-policy", "copy", "--all", "--dest-tls-verify=false"];
        if (Auth != RegistryAuth.Anonymous) args.AddRange(["--dest-creds", $"{User}:{Password}"]);
        args.AddRange([$"oci:{layout}:{tag}", $"docker://127.0.0.1:{Port}/{name}:{tag}"]);
        await RunAsync(Skopeo, args);
        return new PushedImage(name, tag, ManifestUrl(name, tag), layers);
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}: {Log}");
            try
            {
                using var answer = await http.GetAsync($"{Url}/v2/");
                if (answer.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"docker-registry did not answer on {Port} within {within}: {Log}");
    }

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await stdout}{await stderr}");
        return await stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_tokens is not null) await _tokens.DisposeAsync();
        _dir.Dispose();
    }

    // Combined log format: "GET /v2/… HTTP/1.1" 200 1234
    [GeneratedRegex("\"(?<method>[A-Z]+) (?<path>\\S+) HTTP/[0-9.]+\" (?<status>[0-9]{3}) (?<bytes>[0-9]+|-)")]
    private static partial Regex AccessLine();
}
