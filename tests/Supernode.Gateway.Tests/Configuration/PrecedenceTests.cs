using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>Sources and precedence, including the <c>cmd/supernode/app/root_test.go</c> vectors of the Go supernode</summary>
public class PrecedenceTests
{
    private const string DefaultPath = ConfigurationLoader.DefaultConfigPath;

    [Fact]
    public void A_missing_default_config_file_is_ignored() =>
        Assert.Equal(8002, Load([]).Base.ListenPort);

    [Fact]
    public void A_missing_config_file_given_explicitly_is_an_error() =>
        Assert.Equal("invalid value \"/nowhere/supernode.yml\" for --config: no such file",
            Failure(["--config", "/nowhere/supernode.yml"]));

    [Fact]
    public void A_missing_config_file_named_by_the_environment_is_an_error() =>
        Assert.Equal("invalid value \"/nowhere.yml\" for SUPERNODE_CONFIG: no such file",
            Failure([], new() { ["SUPERNODE_CONFIG"] = "/nowhere.yml" }));

    [Fact]
    public void The_default_config_file_sets_the_listen_port() =>
        Assert.Equal(8888, LoadYaml("base:\n  listenPort: 8888\n").Base.ListenPort);

    [Fact]
    public void An_explicit_config_file_is_read()
    {
        var files = new Dictionary<string, string> { ["/etc/sn.yml"] = "base:\n  listenPort: 8888\n", [DefaultPath] = "base:\n  listenPort: 7777\n" };
        Assert.Equal(8888, Load(["--config=/etc/sn.yml"], files: files).Base.ListenPort);
        Assert.Equal(8888, Load([], new() { ["SUPERNODE_CONFIG"] = "/etc/sn.yml" }, files).Base.ListenPort);
    }

    [Fact]
    public void The_flag_beats_the_file() =>
        Assert.Equal(9999, LoadYaml("base:\n  listenPort: 8888\n", "--port", "9999").Base.ListenPort);

    [Fact]
    public void The_home_dir_flag_moves_the_repository_and_the_logs()
    {
        var options = Load(["--home-dir", "/test-home"]);
        Assert.Equal("/test-home", options.Base.HomeDir);
        Assert.Equal("/test-home/repo", options.RepoDir);
        Assert.Equal("/test-home/logs", options.LogDir);
    }

    [Fact]
    public void Go_style_environment_variables_are_honoured()
    {
        var options = Load([], new()
        {
            ["SUPERNODE_BASE.LISTENPORT"] = "2019",
            ["SUPERNODE_BASE.HOMEDIR"] = "/env-home",
            ["SUPERNODE_BASE.DEBUG"] = "true",
            ["SUPERNODE_BASE.FAILACCESSINTERVAL"] = "10m30s",
        });
        Assert.Equal(2019, options.Base.ListenPort);
        Assert.Equal("/env-home", options.Base.HomeDir);
        Assert.True(options.Base.Debug);
        Assert.Equal(TimeSpan.FromSeconds(630), options.Base.FailAccessInterval);
    }

    [Fact]
    public void Shell_style_environment_variables_are_honoured()
    {
        var options = Load([], new()
        {
            ["SUPERNODE_BASE_LISTENPORT"] = "2019",
            ["SUPERNODE_BASE_HOMEDIR"] = "/env-home",
            ["SUPERNODE_BASE_DEBUG"] = "true",
            ["SUPERNODE_BASE_FAILACCESSINTERVAL"] = "10m30s",
            ["SUPERNODE_CLUSTER_SEEDNODES"] = "akka.tcp://supernode@a:4053, akka.tcp://supernode@b:4053",
            ["SUPERNODE_DATABASE_PROVIDER"] = "postgresql",
            ["SUPERNODE_DATABASE_CONNECTIONSTRING"] = "Host=db;Database=supernode",
            ["SUPERNODE_SECURITY_ADMINTOKEN"] = "s3cret",
        });
        Assert.Equal(2019, options.Base.ListenPort);
        Assert.Equal("/env-home", options.Base.HomeDir);
        Assert.True(options.Base.Debug);
        Assert.Equal(TimeSpan.FromSeconds(630), options.Base.FailAccessInterval);
        Assert.Equal(["akka.tcp://supernode@a:4053", "akka.tcp://supernode@b:4053"], options.Cluster.SeedNodes);
        Assert.Equal(DatabaseProvider.PostgreSql, options.Database.Provider);
        Assert.Equal("Host=db;Database=supernode", options.Database.ConnectionString);
        Assert.Equal("s3cret", options.Security.AdminToken);
    }

    [Fact]
    public void Both_spellings_of_one_variable_must_agree()
    {
        Assert.Equal(2019, Load([], new() { ["SUPERNODE_BASE.LISTENPORT"] = "2019", ["SUPERNODE_BASE_LISTENPORT"] = "2019" }).Base.ListenPort);
        Assert.Equal(
            "invalid value \"2020\" for SUPERNODE_BASE_LISTENPORT (base.listenPort): conflicts with SUPERNODE_BASE.LISTENPORT (base.listenPort), set to \"2019\"",
            Failure([], new() { ["SUPERNODE_BASE.LISTENPORT"] = "2019", ["SUPERNODE_BASE_LISTENPORT"] = "2020" }));
    }

    [Fact]
    public void Empty_and_unrelated_environment_variables_are_ignored()
    {
        var options = Load([], new()
        {
            ["SUPERNODE_BASE_LISTENPORT"] = "",
            ["SUPERNODE_PORT"] = "tcp://10.0.0.1:8002",        // injected by Kubernetes for a service named supernode
            ["SUPERNODE_SERVICE_HOST"] = "10.0.0.1",
            ["SUPERNODE_BASE_LINKLIMIT"] = "nonsense",
        });
        Assert.Equal(8002, options.Base.ListenPort);
    }

    [Fact]
    public void Flag_beats_environment_beats_file_beats_default()
    {
        const string yaml = "base:\n  listenPort: 8888\n  downloadPort: 8881\n  peerUpLimit: 8\n";
        var environment = new Dictionary<string, string> { ["SUPERNODE_BASE_LISTENPORT"] = "2019", ["SUPERNODE_BASE_DOWNLOADPORT"] = "2018" };
        var files = new Dictionary<string, string> { [DefaultPath] = yaml };

        var options = Load(["--port", "9999"], environment, files);

        Assert.Equal(9999, options.Base.ListenPort);     // flag over environment and file
        Assert.Equal(2018, options.Base.DownloadPort);   // environment over file
        Assert.Equal(8, options.Base.PeerUpLimit);       // file over default
        Assert.Equal(4, options.Base.PeerDownLimit);     // default
        Assert.Equal(2019, Load([], environment, files).Base.ListenPort);
        Assert.Equal(8888, Load([], files: files).Base.ListenPort);
    }

    [Fact]
    public void Derived_defaults_use_the_winning_values()
    {
        var options = Load(["--home-dir", "/flag-home"], new() { ["SUPERNODE_BASE_ADVERTISEIP"] = "10.1.1.1" },
            new() { [DefaultPath] = "base:\n  listenIP: 10.2.2.2\ncluster:\n  seedNodes: [akka.tcp://supernode@a:4053]\n" });

        Assert.Equal("10.2.2.2", options.Cluster.Host);
        Assert.Equal("10.1.1.1", options.Cluster.PublicHost);
        Assert.Equal(4053, options.Cluster.Port);
        Assert.Equal("Data Source=/flag-home/supernode.db", options.Database.ConnectionString);
    }
}
