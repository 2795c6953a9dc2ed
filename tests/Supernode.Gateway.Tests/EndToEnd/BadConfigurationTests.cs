using System.Net;
using System.Net.Sockets;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The executable refuses a configuration it cannot run with: a non-zero exit and one line naming the setting,
/// never a stack trace (issue 2, scope 2).
/// </summary>
public sealed class BadConfigurationTests : IDisposable
{
    private readonly TempDir _home = new("supernode-e2e-config");

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("--port", "notanumber", "base.listenPort")]
    [InlineData("--download-port", "70000", "base.downloadPort")]
    [InlineData("--advertise-ip", "1.2.3", "base.advertiseIP")]
    public async Task A_bad_flag_value_stops_the_process_with_one_line_naming_the_key(string flag, string value, string key)
    {
        var line = await OneLineFailureAsync([flag, value, "--home-dir", _home.Path]);
        Assert.Contains(flag, line);
        Assert.Contains(key, line);
        Assert.Contains(value, line);
    }

    [Fact]
    public async Task A_bad_value_in_the_config_file_stops_the_process_with_one_line_naming_the_key()
    {
        var file = _home.Combine("supernode.yml");
        await File.WriteAllTextAsync(file, "base:\n  listenPort: eighty\n");
        var line = await OneLineFailureAsync(["--config", file, "--home-dir", _home.Path]);
        Assert.Contains("base.listenPort", line);
        Assert.Contains("eighty", line);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_process_with_one_line_naming_the_flag()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var line = await OneLineFailureAsync(
            ["--port", port.ToString(), "--download-port", FreePort.Next().ToString(), "--home-dir", _home.Path, "--listen-ip", "127.0.0.1",
                "--advertise-ip", "127.0.0.1"]);
        Assert.Contains("--port", line);
        Assert.Contains(port.ToString(), line);
    }

    [Fact]
    public async Task A_missing_certificate_stops_the_process_with_exit_code_2_and_one_line_naming_the_key()
    {
        var missing = _home.Combine("no-such.pem");
        var run = await GatewayCommand.RunAsync(["--tls-cert", missing, "--home-dir", _home.Path]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"supernode: invalid value \"{missing}\" for --tls-cert (security.tlsCertificate): no such file", line);
    }

    [Fact]
    public async Task A_wrong_tls_password_stops_the_process_with_exit_code_2_without_showing_the_password()
    {
        const string wrong = "wrong-pfx-password-71c4";
        using var certificate = TestCertificates.SelfSignedLoopback();
        var pfx = TestCertificates.WritePfx(certificate, _home.Path, "the-right-one");
        var run = await GatewayCommand.RunAsync(["--api-tls-cert", pfx, "--home-dir", _home.Path],
            environment: new Dictionary<string, string> { ["SUPERNODE_SECURITY_APITLSPASSWORD"] = wrong });
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"supernode: invalid value \"{pfx}\" for --api-tls-cert (security.apiTlsCertificate): cannot load the certificate: ", line);
        Assert.DoesNotContain(wrong, run.StandardOutput + run.StandardError);
    }

    /// <summary>Runs the gateway, expects a non-zero exit, no stack trace anywhere and exactly one line on stderr.</summary>
    private static async Task<string> OneLineFailureAsync(string[] args)
    {
        var run = await GatewayCommand.RunAsync(args);
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("Exception", run.StandardOutput + run.StandardError);
        return Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
