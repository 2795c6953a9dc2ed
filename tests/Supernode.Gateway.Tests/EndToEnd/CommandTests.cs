using Supernode.Gateway.Hosting;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>The commands that print and exit: the version, the default configuration and the one in effect.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly TempDir _home = new("supernode-commands");

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task The_version_is_printed_by_the_sub_command_and_by_the_flag(string command)
    {
        var run = await GatewayCommand.RunAsync([command]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(SupernodeVersion.Version, run.StandardOutput);
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public async Task Config_default_prints_the_defaults_whatever_is_given_and_config_show_what_is_in_effect()
    {
        var file = _home.Combine("supernode.yml");
        await File.WriteAllTextAsync(file, "base:\n  listenPort: 9002\n");
        string[] given = ["--config", file, "--download-port", "9001"];

        var defaults = await GatewayCommand.RunAsync(["config", "default", .. given]);
        var shown = await GatewayCommand.RunAsync(["config", "show", .. given]);

        Assert.Equal((0, 0), (defaults.ExitCode, shown.ExitCode));
        Assert.Contains("  listenPort: 8002\n", defaults.StandardOutput);
        Assert.Contains("  downloadPort: 8001\n", defaults.StandardOutput);
        Assert.Contains("  listenPort: 9002\n", shown.StandardOutput);
        Assert.Contains("  downloadPort: 9001\n", shown.StandardOutput);
        // Plain YAML: no anchors or aliases for values that happen to be equal.
        foreach (var yaml in new[] { defaults.StandardOutput, shown.StandardOutput })
        {
            Assert.DoesNotContain("&", yaml);
            Assert.DoesNotContain("*o", yaml);
        }
    }
}
