using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

public class OptionsYamlTests
{
    [Fact]
    public void The_default_config_survives_a_yaml_round_trip()
    {
        var defaults = Load([]);
        var reloaded = LoadYaml(defaults.ToYaml());
        Assert.Equivalent(defaults, reloaded, strict: true);
    }

    [Fact]
    public void A_customised_config_survives_a_yaml_round_trip()
    {
        var options = Load(["--home-dir", "/srv/sn", "--port", "9000", "--max-bandwidth", "1536M", "--gc-meta-interval", "1m30s",
            "--debug", "--seed-nodes", "akka.tcp://supernode@a:4053,akka.tcp://supernode@b:4053", "--roles", "api",
            "--listen-ip", "::", "--db-connection-string", "Data Source=/db/sn.db"],
            files: new() { [ConfigurationLoader.DefaultConfigPath] = "plugins:\n  storage:\n    - {name: local, enabled: true, config: 'baseDir: /big/repo'}\n" });

        var reloaded = LoadYaml(options.ToYaml());

        Assert.Equivalent(options, reloaded, strict: true);
        Assert.Equal("/big/repo", reloaded.RepoDir);
    }

    [Fact]
    public void The_yaml_uses_the_go_keys_and_formats()
    {
        var yaml = Load([]).ToYaml();

        Assert.Contains("base:\n", yaml);
        Assert.Contains("  listenPort: 8002\n", yaml);
        Assert.Contains("  systemReservedBandwidth: 20MB\n", yaml);
        Assert.Contains("  youngGCThreshold: 100GB\n", yaml);
        Assert.Contains("  failAccessInterval: 3m0s\n", yaml);
        Assert.Contains("  IntervalThreshold: 2h0m0s\n", yaml);
        Assert.Contains("  CleanRatio: 1\n", yaml);
        Assert.Contains("cluster:\n", yaml);
        Assert.Contains("database:\n", yaml);
        Assert.Contains("  provider: sqlite\n", yaml);
        Assert.Contains("security:\n", yaml);
        Assert.DoesNotContain("plugins:", yaml);
    }

    [Fact]
    public void Secrets_are_masked()
    {
        var options = Load(["--admin-token", "s3cret", "--db-provider", "postgresql", "--db-connection-string", "Host=db;Password=pw;Username=sn"]);

        var yaml = options.ToYaml();
        var text = options.ToString();

        Assert.DoesNotContain("s3cret", yaml);
        Assert.Contains("  adminToken: '***'\n", yaml);
        Assert.Contains("  connectionString: Host=db;Password=***;Username=sn\n", yaml);
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("=pw", text);
    }

    [Theory]
    [InlineData("Data Source=/x/supernode.db", "Data Source=/x/supernode.db")]
    [InlineData("Host=db;Password=pw", "Host=db;Password=***")]
    [InlineData("pwd = 'a;b' ;Host=db", "pwd = *** ;Host=db")]
    [InlineData("Host=db; PASSWORD=\"p;w\"; Port=5432", "Host=db; PASSWORD=***; Port=5432")]
    public void Connection_string_passwords_are_masked(string connectionString, string masked) =>
        Assert.Equal(masked, Secrets.MaskConnectionString(connectionString));
}
