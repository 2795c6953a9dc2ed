using System.Security.Cryptography;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// A freshly started <see cref="SupernodeCluster"/> for one test, with its fleets: simulated dfget clients that list
/// one supernode address (the load balancer, as a fleet does), in the test's process or each in a process of its own.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const int Size = SupernodeCluster.Size;

    /// <summary>Every call a client makes is answered within this, whatever the cluster goes through.</summary>
    public static readonly TimeSpan CallBudget = Gateway.Hosting.Deadlines.DfgetAnswer;

    private readonly ITestOutputHelper _output;
    private readonly SupernodeCluster _cluster;

    private ClusterHarness(ITestOutputHelper output, SupernodeCluster cluster)
    {
        _output = output;
        _cluster = cluster;
    }

    public TempDir Dir => _cluster.Dir;
    public PostgresServer Postgres => _cluster.Postgres;
    public LoopbackOrigin Origin => _cluster.Origin;
    public SupernodeProcess[] Replicas => _cluster.Replicas;
    public NginxBalancer Balancer => _cluster.Balancer;
    public System.Net.IPEndPoint BalancerEndPoint => _cluster.BalancerEndPoint;

    /// <param name="replicaArgs">Command-line arguments every replica gets besides the cluster's.</param>
    public static async Task<ClusterHarness> StartAsync(ITestOutputHelper output, params string[] replicaArgs) =>
        new(output, await SupernodeCluster.StartAsync(replicaArgs));

    public Task WaitForMembersAsync(int count, TimeSpan within) => _cluster.WaitForMembersAsync(count, within);

    public (string Url, string Md5) ServeFile(string path, long length, int seed = 1) => _cluster.ServeFile(path, length, seed);

    public Task<System.Text.Json.JsonElement> TaskAsync(string taskId) => _cluster.TaskAsync(taskId);

    public SupernodeProcess ReplicaAt(string nodeAddress) => _cluster.ReplicaAt(nodeAddress);

    /// <summary>In-process peers whose one supernode address is the load balancer, unless <paramref name="tune"/> says otherwise.</summary>
    public Task<PeerFleet> FleetAsync(string url, int peers, Func<int, PeerOptions, PeerOptions>? tune = null)
    {
        var outputs = Directory.CreateDirectory(Dir.Combine("peers", Guid.NewGuid().ToString("N")[..8])).FullName;
        return PeerFleet.StartAsync(peers, i =>
        {
            var options = new PeerOptions
            {
                Supernodes = [Balancer.Node],
                Url = url,
                OutputDirectory = outputs,
                OutputFileName = $"peer{i}.bin",
                Seed = i + 1,
                Timeout = TimeSpan.FromSeconds(180),
            };
            return tune is null ? options : tune(i, options);
        });
    }

    /// <summary>
    /// Clients each in a process of their own, through the load balancer: the strictest stand-in for a fleet of hosts.
    /// </summary>
    /// <param name="extraArgs">More <c>peersim</c> options for client <c>i</c>.</param>
    public PeerProcesses Processes(string url, int clients, Func<int, IEnumerable<string>>? extraArgs = null) =>
        PeerProcesses.Start(RepoPaths.PeerSimulatorDll, clients, Balancer.Node, url,
            Dir.Combine("clients", Guid.NewGuid().ToString("N")[..8]), extraArgs);

    /// <summary>
    /// Logs the fleet's table, checks every finished file's md5, and that no call took longer than
    /// <paramref name="budget"/> (<see cref="CallBudget"/> unless given). Replica logs are added when something failed.
    /// </summary>
    public void Report(FleetResult result, string md5, TimeSpan? budget = null)
    {
        _output.WriteLine(result.FormatSummary());
        var limit = budget ?? CallBudget;
        if (result.Failed > 0 || result.SlowestCall > limit) _output.WriteLine(ReplicaLogs());
        foreach (var p in result.Peers.Where(p => p.Download.Success))
        {
            using var stream = File.OpenRead(p.Download.OutputPath);
            Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(stream)));
        }
        Assert.True(result.SlowestCall <= limit,
            $"a call took {result.SlowestCall.TotalMilliseconds:0} ms, over the {limit.TotalSeconds:0.#} s every call must meet");
    }

    public void Log(string line) => _output.WriteLine(line);

    /// <summary>
    /// The end of every replica's log and of nginx's error log, for a failure message. Without the answered reads of
    /// the admin API: a test polling a task would otherwise fill the end with its own requests.
    /// </summary>
    public string ReplicaLogs() =>
        string.Join('\n', Replicas.Select(r => $"replica {r.ApiPort}:\n" + string.Join('\n', r.Output.Split('\n').Where(l => !IsAdminRead(l)).TakeLast(150)))) +
        "\nnginx:\n" + string.Join('\n', Balancer.ErrorLog.Split('\n').TakeLast(60));

    private static bool IsAdminRead(string line) => line.Contains(" INF HTTP GET /api/v1/", StringComparison.Ordinal);

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
