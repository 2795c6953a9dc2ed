using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

public class CommandLineTests
{
    [Fact]
    public void Every_flag_sets_its_setting()
    {
        var options = Load([
            "--port", "9001", "--download-port", "9002", "--home-dir", "/h", "--advertise-ip", "10.0.0.9",
            "--listen-ip", "10.0.0.8", "--cdn-pattern", "local", "--up-limit", "6", "--down-limit", "3",
            "--system-bandwidth", "10M", "--max-bandwidth", "1G", "--fail-access-interval", "1m", "--source-read-timeout", "5s",
            "--gc-initial-delay", "1s", "--gc-meta-interval", "30s", "--task-expire-time", "1h", "--peer-gc-delay", "2m",
            "--debug", "--profiler", "--supernode-budget", "9", "--cluster-host", "0.0.0.0", "--cluster-port", "5055",
            "--cluster-public-host", "supernode-1.supernode", "--seed-nodes", "akka.tcp://supernode@supernode-0.supernode:5055",
            "--roles", "api,cdn", "--db-provider", "postgresql", "--db-connection-string", "Host=db", "--admin-token", "t0k",
        ]);

        var b = options.Base;
        Assert.Equal((9001, 9002, "/h", "10.0.0.9", "10.0.0.8", "local"), (b.ListenPort, b.DownloadPort, b.HomeDir, b.AdvertiseIP, b.ListenIP, b.CdnPattern));
        Assert.Equal((6, 3, 9), (b.PeerUpLimit, b.PeerDownLimit, b.SupernodeBudget));
        Assert.Equal((10L << 20, 1L << 30), (b.SystemReservedBandwidth, b.MaxBandwidth));
        Assert.Equal(
            (TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromMinutes(2)),
            (b.FailAccessInterval, b.GCInitialDelay, b.GCMetaInterval, b.TaskExpireTime, b.PeerGCDelay));
        Assert.Equal(TimeSpan.FromSeconds(5), b.SourceReadTimeout);
        Assert.True(b.Debug);
        Assert.True(b.EnableProfiler);
        var c = options.Cluster;
        Assert.Equal(("0.0.0.0", 5055, "supernode-1.supernode"), (c.Host, c.Port, c.PublicHost));
        Assert.Equal(["akka.tcp://supernode@supernode-0.supernode:5055"], c.SeedNodes);
        Assert.Equal(["api", "cdn"], c.Roles);
        Assert.Equal((DatabaseProvider.PostgreSql, "Host=db"), (options.Database.Provider, options.Database.ConnectionString));
        Assert.Equal("t0k", options.Security.AdminToken);
    }

    [Fact]
    public void A_value_may_follow_an_equals_sign() =>
        Assert.Equal(9999, Load(["--port=9999"]).Base.ListenPort);

    [Fact]
    public void An_equals_sign_inside_the_value_is_kept() =>
        Assert.Equal("Data Source=/x.db", Load(["--db-connection-string=Data Source=/x.db"]).Database.ConnectionString);

    [Theory]
    [InlineData(new[] { "--debug" }, true)]
    [InlineData(new[] { "-D" }, true)]
    [InlineData(new[] { "--debug=true" }, true)]
    [InlineData(new[] { "--debug=false" }, false)]
    [InlineData(new[] { "--debug", "--debug=0" }, false)]
    [InlineData(new string[0], false)]
    public void A_boolean_flag_stands_alone_or_takes_an_equals_value(string[] args, bool debug) =>
        Assert.Equal(debug, Load(args).Base.Debug);

    [Fact]
    public void A_boolean_flag_does_not_take_the_next_argument() =>
        Assert.Equal("unexpected argument \"false\": flags start with --, see --help", Failure(["--debug", "false"]));

    [Fact]
    public void The_last_of_a_repeated_flag_wins() =>
        Assert.Equal(2, Load(["--up-limit", "1", "--up-limit", "2"]).Base.PeerUpLimit);

    [Fact]
    public void Repeated_list_flags_add_up() =>
        Assert.Equal(["a", "b", "c"], Load(["--roles", "a", "--roles=b,c"]).Cluster.Roles);

    [Fact]
    public void An_unknown_flag_is_an_error() =>
        Assert.Equal("unknown flag --listen-port, see --help", Failure(["--listen-port", "1"]));

    [Fact]
    public void An_unknown_short_flag_is_an_error() =>
        Assert.Equal("unknown flag -p, see --help", Failure(["-p", "1"]));

    [Fact]
    public void A_flag_without_its_value_is_an_error() =>
        Assert.Equal("missing value for --port (base.listenPort)", Failure(["--port"]));

    [Fact]
    public void A_stray_argument_is_an_error() =>
        Assert.Equal("unexpected argument \"8002\": flags start with --, see --help", Failure(["8002"]));

    [Fact]
    public void The_unused_go_pool_size_flag_is_accepted_and_ignored() =>
        Assert.Equal(8002, Load(["--pool-size", "10"]).Base.ListenPort);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_detected_and_loading_refuses_it(string flag)
    {
        Assert.True(ConfigurationLoader.IsHelpRequested(["--port", "1", flag]));
        Assert.Throws<InvalidOperationException>(() => Load([flag]));
    }

    [Fact]
    public void Help_is_not_detected_without_the_flag() =>
        Assert.False(ConfigurationLoader.IsHelpRequested(["--port", "1"]));

    [Fact]
    public void Usage_lists_every_flag_with_its_default()
    {
        var usage = ConfigurationLoader.Usage();

        foreach (var flag in new[] { "--config path", "--port port", "--download-port port", "--home-dir path", "--advertise-ip ip",
                     "--listen-ip ip", "--cdn-pattern string", "--up-limit int", "--down-limit int", "--system-bandwidth rate",
                     "--max-bandwidth rate", "--fail-access-interval duration", "--source-read-timeout duration", "--gc-initial-delay duration", "--gc-meta-interval duration",
                     "--task-expire-time duration", "--peer-gc-delay duration", "--debug", "--profiler", "--supernode-budget int",
                     "--cluster-host host", "--cluster-port port", "--cluster-public-host host", "--seed-nodes addresses", "--roles roles",
                     "--db-provider string", "--db-connection-string string", "--admin-token string", "--help, -h" })
            Assert.Contains(flag, usage);
        Assert.Contains("(default 8002)", usage);
        Assert.Contains("(default 20MB)", usage);
        Assert.Contains("(default 3m0s)", usage);
        Assert.Contains("(default /etc/dragonfly/supernode.yml", usage);
    }
}
