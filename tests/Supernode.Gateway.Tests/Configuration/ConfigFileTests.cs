using Supernode.Cdn;
using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>The YAML layout, including the <c>supernode/config/config_test.go</c> vectors of the Go supernode</summary>
public class ConfigFileTests
{
    [Fact]
    public void The_go_template_with_a_local_storage_plugin_is_read()
    {
        const string yaml = """
            base:
              homeDir: /tmp
            plugins:
              storage:
                - name: local
                  enabled: true
                  config: "baseDir: /tmp/supernode/repo\n"
            storages: {}
            """;

        var options = LoadYaml(yaml);

        Assert.Equal("/tmp", options.Base.HomeDir);
        Assert.Equal("/tmp/supernode/repo", options.RepoDir);
        Assert.Equal("/tmp/logs", options.LogDir);
    }

    [Fact]
    public void Disk_GC_thresholds_may_be_shares_of_the_volume()
    {
        var options = LoadYaml("""
            base:
              youngGCThreshold: 20%
              fullGCThreshold: 2.5%
            """);

        Assert.Equal(DiskThreshold.OfPercent(20), options.Base.YoungGCThreshold);
        Assert.Equal(DiskThreshold.OfPercent(2.5), options.Base.FullGCThreshold);
        Assert.Equal(200L << 30, options.Base.YoungGCThreshold.FreeBytesOn(1000L << 30));
        Assert.Equal(25L << 30, options.Base.FullGCThreshold.FreeBytesOn(1000L << 30));
        Assert.Equal(5L << 30, DiskThreshold.OfBytes(5L << 30).FreeBytesOn(1000L << 30));
    }

    [Fact]
    public void A_block_scalar_plugin_config_is_read() =>
        Assert.Equal("/data/repo", LoadYaml("""
            plugins:
              storage:
                - name: local
                  enabled: true
                  config: |
                    baseDir: /data/repo
            """).RepoDir);

    [Fact]
    public void A_disabled_plugin_is_ignored_whatever_its_name()
    {
        var options = LoadYaml("""
            plugins:
              storage:
                - {name: local, enabled: false, config: "baseDir: /elsewhere"}
                - {name: oss, enabled: false}
            """);
        Assert.Equal($"{Home}/.supernode/repo", options.RepoDir);
    }

    [Fact]
    public void An_enabled_plugin_other_than_local_is_an_error() =>
        Assert.Equal("unknown storage plugin \"oss\" in plugins.storage in /etc/dragonfly/supernode.yml:3: only \"local\" is supported",
            YamlFailure("plugins:\n  storage:\n    - {name: oss, enabled: true}\n"));

    [Fact]
    public void A_plugin_type_other_than_storage_is_an_error() =>
        Assert.Equal("unknown plugin type \"plugins.source\" in /etc/dragonfly/supernode.yml:2: only storage",
            YamlFailure("plugins:\n  source: []\n"));

    [Fact]
    public void An_unknown_key_in_the_plugin_config_is_an_error() =>
        Assert.StartsWith("unknown key \"plugins.storage.config.basedirectory\"",
            YamlFailure("plugins:\n  storage:\n    - {name: local, enabled: true, config: 'basedirectory: /x'}\n"));

    [Fact]
    public void All_sections_are_read()
    {
        var options = LoadYaml("""
            base:
              listenPort: 8888
              maxBandwidth: 1G
              youngGCThreshold: 50GB
              IntervalThreshold: 1h30m
              CleanRatio: 3
              supernodeBudget: 2
            cluster:
              host: 0.0.0.0
              port: 5055
              publicHost: supernode-2.supernode
              seedNodes:
                - akka.tcp://supernode@supernode-0.supernode:5055
                - akka.tcp://supernode@supernode-1.supernode:5055
              roles: [api]
            database:
              provider: postgresql
              connectionString: Host=db;Username=sn;Password=pw
            security:
              adminToken: "0123"
            """);

        Assert.Equal(8888, options.Base.ListenPort);
        Assert.Equal(1L << 30, options.Base.MaxBandwidth);
        Assert.Equal(DiskThreshold.OfBytes(50L << 30), options.Base.YoungGCThreshold);
        Assert.Equal(TimeSpan.FromMinutes(90), options.Base.IntervalThreshold);
        Assert.Equal(3, options.Base.CleanRatio);
        Assert.Equal(2, options.Base.SupernodeBudget);
        Assert.Equal(5055, options.Cluster.Port);
        Assert.Equal("supernode-2.supernode", options.Cluster.PublicHost);
        Assert.Equal(2, options.Cluster.SeedNodes.Count);
        Assert.Equal(["api"], options.Cluster.Roles);
        Assert.Equal(DatabaseProvider.PostgreSql, options.Database.Provider);
        Assert.Equal("Host=db;Username=sn;Password=pw", options.Database.ConnectionString);
        Assert.Equal("0123", options.Security.AdminToken);
    }

    [Fact]
    public void Keys_match_case_insensitively_as_in_viper()
    {
        var options = LoadYaml("Base:\n  LISTENPORT: 8888\n  intervalthreshold: 1h\n  cleanRatio: 2\n");
        Assert.Equal(8888, options.Base.ListenPort);
        Assert.Equal(TimeSpan.FromHours(1), options.Base.IntervalThreshold);
        Assert.Equal(2, options.Base.CleanRatio);
    }

    [Fact]
    public void A_list_setting_also_takes_a_comma_separated_string() =>
        Assert.Equal(["a", "b"], LoadYaml("cluster:\n  roles: a, b\n").Cluster.Roles);

    [Fact]
    public void Unused_go_keys_are_accepted_and_ignored()
    {
        var options = LoadYaml("""
            base:
              schedulerCorePoolSize: 10
              linkLimit: 20MB
              DownloadPath: /x/repo/download
              logConfig:
                maxSize: 40
                maxBackups: 1
            storages:
              local: {}
            """);
        Assert.Equal(8002, options.Base.ListenPort);
    }

    [Fact]
    public void Empty_values_and_an_empty_file_leave_the_defaults()
    {
        Assert.Equal(8002, LoadYaml("base:\n  listenPort:\n  advertiseIP: ~\ncluster:\n").Base.ListenPort);
        Assert.Equal(8002, LoadYaml("").Base.ListenPort);
        Assert.Equal(8002, LoadYaml("# nothing\n").Base.ListenPort);
    }

    [Fact]
    public void An_unknown_key_is_an_error() =>
        Assert.Equal("unknown key \"base.listenPorts\" in /etc/dragonfly/supernode.yml:3", YamlFailure("base:\n  debug: true\n  listenPorts: 1\n"));

    [Fact]
    public void An_unknown_section_is_an_error() =>
        Assert.Equal("unknown key \"server\" in /etc/dragonfly/supernode.yml:1", YamlFailure("server:\n  port: 1\n"));

    [Fact]
    public void A_key_given_twice_in_different_case_is_an_error() =>
        Assert.Equal("duplicate key base.listenPort in /etc/dragonfly/supernode.yml:3", YamlFailure("base:\n  listenPort: 1\n  listenport: 2\n"));

    [Fact]
    public void A_list_for_a_single_value_is_an_error() =>
        Assert.Equal("invalid value for base.listenPort in /etc/dragonfly/supernode.yml:2: expected a single value",
            YamlFailure("base:\n  listenPort: [1, 2]\n"));

    [Fact]
    public void A_section_that_is_not_a_mapping_is_an_error() =>
        Assert.Equal("base in /etc/dragonfly/supernode.yml:1 must be a mapping of keys", YamlFailure("base: 8002\n"));

    [Fact]
    public void Broken_yaml_is_a_one_line_error() =>
        Assert.StartsWith("invalid YAML in config file /etc/dragonfly/supernode.yml at line 3: ", YamlFailure("base:\n  listenPort: [1\n"));

    [Fact]
    public void An_unreadable_file_is_an_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(["--config", "/x.yml"],
            new Dictionary<string, string>(), _ => throw new UnauthorizedAccessException("Access to the path '/x.yml' is denied.")));
        Assert.Equal("cannot read config file /x.yml: Access to the path '/x.yml' is denied.", error.Message);
    }

    [Fact]
    public void A_real_file_is_read_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"supernode-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, "base:\n  listenPort: 8123\n");
        try
        {
            Assert.Equal(8123, ConfigurationLoader.Load(["--config", path], new Dictionary<string, string>()).Base.ListenPort);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
