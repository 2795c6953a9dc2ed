using Supernode.Gateway.Configuration;
using static Supernode.Gateway.Tests.Configuration.ConfigurationHarness;

namespace Supernode.Gateway.Tests.Configuration;

/// <summary>Every bad value stops the load with one line naming the setting and the value.</summary>
public class BadValueTests
{
    [Theory]
    [InlineData("--port", "abc", "base.listenPort", "not a port number 1-65535")]
    [InlineData("--port", "0", "base.listenPort", "not a port number 1-65535")]
    [InlineData("--port", "65536", "base.listenPort", "not a port number 1-65535")]
    [InlineData("--port", " 8002", "base.listenPort", "not a port number 1-65535")]
    [InlineData("--download-port", "-1", "base.downloadPort", "not a port number 1-65535")]
    [InlineData("--home-dir", "", "base.homeDir", "not a directory path")]
    [InlineData("--advertise-ip", "1.2.3", "base.advertiseIP", "not an IPv4 address like 192.168.1.10")]
    [InlineData("--advertise-ip", "256.255.255.255", "base.advertiseIP", "not an IPv4 address like 192.168.1.10")]
    [InlineData("--advertise-ip", "aaa.255.255.255", "base.advertiseIP", "not an IPv4 address like 192.168.1.10")]
    [InlineData("--advertise-ip", "010.0.0.1", "base.advertiseIP", "not an IPv4 address like 192.168.1.10")]
    [InlineData("--advertise-ip", "::1", "base.advertiseIP", "not an IPv4 address like 192.168.1.10")]
    [InlineData("--listen-ip", "localhost", "base.listenIP", "not an IPv4 or IPv6 address")]
    [InlineData("--listen-ip", "1.2.3", "base.listenIP", "not an IPv4 or IPv6 address")]
    [InlineData("--cdn-pattern", "source", "base.cdnPattern", "the \"source\" pattern is not implemented; only \"local\" is supported")]
    [InlineData("--cdn-pattern", "remote", "base.cdnPattern", "not a CDN pattern; only \"local\" is supported")]
    [InlineData("--up-limit", "0", "base.peerUpLimit", "not a whole number of at least 1")]
    [InlineData("--down-limit", "four", "base.peerDownLimit", "not a whole number of at least 1")]
    [InlineData("--supernode-budget", "-1", "base.supernodeBudget", "not a whole number of at least 0")]
    [InlineData("--system-bandwidth", "10xx", "base.systemReservedBandwidth", "not a rate like 100, 10K, 20M, 20MB, 20m or 1G (1024-based)")]
    [InlineData("--max-bandwidth", "-1", "base.maxBandwidth", "not a rate like 100, 10K, 20M, 20MB, 20m or 1G (1024-based)")]
    [InlineData("--fail-access-interval", "10", "base.failAccessInterval", "not a duration like 90s, 3m, 1h30m or 500ms (missing unit)")]
    [InlineData("--gc-initial-delay", "3 m", "base.gcInitialDelay", "not a duration like 90s, 3m, 1h30m or 500ms (unknown unit \" m\")")]
    [InlineData("--gc-meta-interval", "0s", "base.gcMetaInterval", "must be longer than 0")]
    [InlineData("--task-expire-time", "-3m", "base.taskExpireTime", "must not be negative")]
    [InlineData("--peer-gc-delay", "3d", "base.peerGCDelay", "not a duration like 90s, 3m, 1h30m or 500ms (unknown unit \"d\")")]
    [InlineData("--debug", "maybe", "base.debug", "not true or false")]
    [InlineData("--profiler", "2", "base.enableProfiler", "not true or false")]
    [InlineData("--cluster-host", "bad host", "cluster.host", "not a host name or IP address")]
    [InlineData("--cluster-port", "65536", "cluster.port", "not a port number 0-65535 (0 = any free port)")]
    [InlineData("--cluster-public-host", "", "cluster.publicHost", "not a host name or IP address")]
    [InlineData("--seed-nodes", "akka.tcp://other@a:4053", "cluster.seedNodes", "\"akka.tcp://other@a:4053\" is not an address akka.tcp://supernode@host:port")]
    [InlineData("--seed-nodes", "akka.tcp://supernode@a", "cluster.seedNodes", "\"akka.tcp://supernode@a\" is not an address akka.tcp://supernode@host:port")]
    [InlineData("--seed-nodes", "akka://supernode@a:4053", "cluster.seedNodes", "\"akka://supernode@a:4053\" is not an address akka.tcp://supernode@host:port")]
    [InlineData("--seed-nodes", "akka.tcp://supernode@a:4053/user", "cluster.seedNodes", "\"akka.tcp://supernode@a:4053/user\" is not an address akka.tcp://supernode@host:port")]
    [InlineData("--seed-nodes", "supernode-0:4053", "cluster.seedNodes", "\"supernode-0:4053\" is not an address akka.tcp://supernode@host:port")]
    [InlineData("--roles", "a b", "cluster.roles", "\"a b\" is not a role name (letters, digits, '-', '_', '.')")]
    [InlineData("--db-provider", "mysql", "database.provider", "not a database provider: sqlite or postgresql")]
    [InlineData("--denied-networks", "10.0.0.0/33", "security.deniedNetworks", "\"10.0.0.0/33\" is not an IP address or a CIDR block like 10.0.0.0/8")]
    [InlineData("--allowed-networks", "intranet", "security.allowedNetworks", "\"intranet\" is not an IP address or a CIDR block like 10.0.0.0/8")]
    [InlineData("--denied-hosts", "bad host", "security.deniedHosts", "\"bad host\" is not a host name like mirror.example.com or *.example.com")]
    [InlineData("--tls-cert", "/no/such/cert.pem", "security.tlsCertificate", "no such file")]
    [InlineData("--download-tls-cert", "/no/such/cert.pem", "security.downloadTlsCertificate", "no such file")]
    public void A_bad_flag_value_names_the_flag_the_key_and_the_value(string flag, string value, string key, string reason) =>
        Assert.Equal($"invalid value \"{value}\" for {flag} ({key}): {reason}", Failure([$"{flag}={value}"]));

    [Fact]
    public void A_bad_value_after_a_space_is_reported_the_same_way() =>
        Assert.Equal("invalid value \"abc\" for --port (base.listenPort): not a port number 1-65535", Failure(["--port", "abc"]));

    [Theory]
    [InlineData("SUPERNODE_BASE.LISTENPORT", "abc", "base.listenPort")]
    [InlineData("SUPERNODE_BASE_DEBUG", "yep", "base.debug")]
    [InlineData("SUPERNODE_BASE.YOUNGGCTHRESHOLD", "10b", "base.youngGCThreshold")]
    [InlineData("SUPERNODE_CLUSTER_PORT", "tcp://10.0.0.1:4053", "cluster.port")]
    [InlineData("SUPERNODE_DATABASE_PROVIDER", "oracle", "database.provider")]
    public void A_bad_environment_value_names_the_variable_the_key_and_the_value(string variable, string value, string key) =>
        Assert.StartsWith($"invalid value \"{value}\" for {variable} ({key}): ", Failure([], new() { [variable] = value }));

    [Theory]
    [InlineData("youngGCThreshold: 10b", "10b", "base.youngGCThreshold", "not a size like 1024, 10K, 20MB or 5GB (1024-based)")]
    [InlineData("fullGCThreshold: -1", "-1", "base.fullGCThreshold", "not a size like 1024, 10K, 20MB or 5GB (1024-based)")]
    [InlineData("fullGCThreshold: 0%", "0%", "base.fullGCThreshold", "not a share of the volume above 0% and at most 100%, like 20% or 2.5%")]
    [InlineData("youngGCThreshold: 101%", "101%", "base.youngGCThreshold", "not a share of the volume above 0% and at most 100%, like 20% or 2.5%")]
    [InlineData("youngGCThreshold: ten%", "ten%", "base.youngGCThreshold", "not a share of the volume above 0% and at most 100%, like 20% or 2.5%")]
    [InlineData("gcDiskInterval: 0s", "0s", "base.gcDiskInterval", "must be longer than 0")]
    [InlineData("IntervalThreshold: 2", "2", "base.IntervalThreshold", "not a duration like 90s, 3m, 1h30m or 500ms (missing unit)")]
    [InlineData("CleanRatio: 11", "11", "base.CleanRatio", "not a whole number 1-10")]
    [InlineData("eliminationLimit: 0", "0", "base.eliminationLimit", "not a whole number of at least 1")]
    [InlineData("failureCountLimit: 1.5", "1.5", "base.failureCountLimit", "not a whole number of at least 1")]
    [InlineData("listenPort: \"80\\n80\"", "80\\n80", "base.listenPort", "not a port number 1-65535")]
    public void A_bad_file_value_names_the_key_the_file_and_the_value(string line, string shown, string key, string reason) =>
        Assert.Equal($"invalid value \"{shown}\" for {key} in /etc/dragonfly/supernode.yml:2: {reason}", YamlFailure($"base:\n  {line}\n"));

    [Fact]
    public void The_bandwidth_reserved_for_the_system_must_leave_some_for_the_CDN()
    {
        Assert.Equal("invalid value \"20MB\" for --max-bandwidth (base.maxBandwidth): must be greater than base.systemReservedBandwidth (20MB)",
            Failure(["--max-bandwidth", "20MB"]));
        Assert.Equal("invalid value \"300M\" for --system-bandwidth (base.systemReservedBandwidth): must be less than base.maxBandwidth (200MB)",
            Failure(["--system-bandwidth", "300M"]));
    }

    [Fact]
    public void Postgresql_needs_a_connection_string() =>
        Assert.Equal("missing database.connectionString (--db-connection-string, SUPERNODE_DATABASE_CONNECTIONSTRING): required when database.provider is postgresql",
            Failure(["--db-provider", "postgresql"]));

    [Fact]
    public void A_bad_value_is_quoted_on_one_line() =>
        Assert.Equal("invalid value \"a\\tb\\r\\n\\\"c\\\"\" for --port (base.listenPort): not a port number 1-65535",
            Failure(["--port", "a\tb\r\n\"c\""]));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("127.0.0.1")]
    public void The_listen_address_may_be_IPv6(string address) =>
        Assert.Equal(address, Load(["--listen-ip", address]).Base.ListenIP);
}
