using Supernode.Cdn;
using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

public class DefaultsTests
{
    private const long MiB = 1024 * 1024, GiB = 1024 * MiB;

    [Fact]
    public void Without_flags_environment_or_file_every_setting_has_its_default()
    {
        var options = Load([]);

        var b = options.Base;
        Assert.Equal("local", b.CdnPattern);
        Assert.Equal(8002, b.ListenPort);
        Assert.Equal(8001, b.DownloadPort);
        Assert.Equal($"{Home}/.supernode", b.HomeDir);
        Assert.Equal(5, b.PeerUpLimit);
        Assert.Equal(4, b.PeerDownLimit);
        Assert.Equal(5, b.EliminationLimit);
        Assert.Equal(5, b.FailureCountLimit);
        Assert.Equal(20 * MiB, b.SystemReservedBandwidth);
        Assert.Equal(200 * MiB, b.MaxBandwidth);
        Assert.False(b.EnableProfiler);
        Assert.False(b.Debug);
        Assert.Equal(HostAddress.FirstNonLoopbackIPv4(), b.AdvertiseIP);
        Assert.Equal("0.0.0.0", b.ListenIP);
        Assert.Equal(TimeSpan.FromMinutes(3), b.FailAccessInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), b.SourceReadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), b.GCInitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(2), b.GCMetaInterval);
        Assert.Equal(TimeSpan.FromMinutes(3), b.TaskExpireTime);
        Assert.Equal(TimeSpan.FromMinutes(3), b.PeerGCDelay);
        Assert.Equal(TimeSpan.FromSeconds(15), b.GCDiskInterval);
        Assert.Equal(DiskThreshold.OfBytes(100 * GiB), b.YoungGCThreshold);
        Assert.Equal(DiskThreshold.OfBytes(5 * GiB), b.FullGCThreshold);
        Assert.Equal(TimeSpan.FromHours(2), b.IntervalThreshold);
        Assert.Equal(1, b.CleanRatio);
        Assert.Equal(4, b.SupernodeBudget);
        Assert.Equal(40, b.SupernodeBudgetCeiling);

        // Without seed nodes the replica is its own cluster: remoting stays on loopback.
        Assert.Equal("127.0.0.1", options.Cluster.Host);
        Assert.Equal(0, options.Cluster.Port);
        Assert.Equal("127.0.0.1", options.Cluster.PublicHost);
        Assert.Empty(options.Cluster.SeedNodes);
        Assert.Empty(options.Cluster.Roles);

        Assert.Equal(DatabaseProvider.Sqlite, options.Database.Provider);
        Assert.Equal($"Data Source={Home}/.supernode/supernode.db", options.Database.ConnectionString);
        Assert.Equal("", options.Security.AdminToken);

        Assert.Equal($"{Home}/.supernode/repo", options.RepoDir);
        Assert.Equal($"{Home}/.supernode/logs", options.LogDir);
    }

    [Fact]
    public void The_advertised_address_defaults_to_an_IPv4_address_of_the_host()
    {
        var ip = HostAddress.FirstNonLoopbackIPv4();
        Assert.True(HostAddress.IsIPv4(ip), ip);
    }

    [Fact]
    public void Records_built_by_hand_carry_the_same_defaults()
    {
        var loaded = Load([]);
        var byHand = new SupernodeOptions
        {
            Base = new BaseOptions { HomeDir = loaded.Base.HomeDir },
            Cluster = loaded.Cluster,
            Database = loaded.Database,
        };
        Assert.Equal(loaded, byHand);
    }

    [Fact]
    public void The_supernode_budget_follows_the_down_limit_unless_set()
    {
        Assert.Equal(7, Load(["--down-limit", "7"]).Base.SupernodeBudget);
        Assert.Equal(2, Load(["--down-limit", "7", "--supernode-budget", "2"]).Base.SupernodeBudget);
        Assert.Equal(7, Load(["--down-limit", "7", "--supernode-budget", "0"]).Base.SupernodeBudget);
    }

    [Fact]
    public void Cluster_defaults_follow_the_listen_address_the_advertised_address_and_the_seed_nodes()
    {
        var cluster = Load(["--listen-ip", "10.0.0.5", "--advertise-ip", "192.168.1.10",
            "--seed-nodes", "akka.tcp://supernode@supernode-0.supernode:4053"]).Cluster;

        Assert.Equal("10.0.0.5", cluster.Host);
        Assert.Equal(4053, cluster.Port);
        Assert.Equal("192.168.1.10", cluster.PublicHost);
        Assert.Equal(["akka.tcp://supernode@supernode-0.supernode:4053"], cluster.SeedNodes);
    }

    [Fact]
    public void An_explicit_cluster_port_of_zero_wins_over_the_seeded_default() =>
        Assert.Equal(0, Load(["--cluster-port", "0", "--seed-nodes", "akka.tcp://supernode@a:4053"]).Cluster.Port);

    [Fact]
    public void The_sqlite_file_follows_the_home_directory() =>
        Assert.Equal("Data Source=/srv/sn/supernode.db", Load(["--home-dir", "/srv/sn"]).Database.ConnectionString);

    [Fact]
    public void Home_falls_back_to_the_user_profile_when_HOME_is_not_in_the_environment()
    {
        var options = ConfigurationLoader.Load([], new Dictionary<string, string>(), _ => null);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".supernode"), options.Base.HomeDir);
    }
}
