using System.Security.Cryptography;
using System.Text.Json;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>
/// Three supernode replicas on 127.0.0.1 (distinct API, download and remoting ports), one real PostgreSQL database,
/// real nginx in front of the API ports, and a loopback origin. The first two replicas are the seed nodes.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const int Size = 3;
    private readonly ITestOutputHelper _output;

    private ClusterHarness(ITestOutputHelper output, PostgresServer postgres, string connectionString, string[] replicaArgs)
    {
        _output = output;
        Postgres = postgres;
        Dir = new TempDir("supernode-cluster");
        Origin = new LoopbackOrigin();
        var clusterPorts = Enumerable.Range(0, Size).Select(_ => FreePort.Next()).ToArray();
        var seeds = string.Join(',', clusterPorts.Take(2).Select(p => $"akka.tcp://supernode@127.0.0.1:{p}"));
        Replicas = clusterPorts.Select((port, i) => new SupernodeProcess(Dir.Combine($"replica{i}"),
        [
            "--cluster-host", "127.0.0.1", "--cluster-public-host", "127.0.0.1", "--cluster-port", port.ToString(),
            "--seed-nodes", seeds, "--db-provider", "postgresql", "--db-connection-string", connectionString, .. replicaArgs,
        ])).ToArray();
    }

    public PostgresServer Postgres { get; }
    public TempDir Dir { get; }
    public LoopbackOrigin Origin { get; }
    public SupernodeProcess[] Replicas { get; }
    public NginxBalancer Balancer { get; private set; } = null!;

    /// <param name="replicaArgs">Command-line arguments every replica gets besides the cluster's.</param>
    public static async Task<ClusterHarness> StartAsync(ITestOutputHelper output, params string[] replicaArgs)
    {
        var postgres = await PostgresServer.StartAsync();
        var h = new ClusterHarness(output, postgres, await postgres.CreateDatabaseAsync("supernode"), replicaArgs);
        try
        {
            await h.Origin.StartAsync();
            await Task.WhenAll(h.Replicas.Select(r => r.StartAsync(TimeSpan.FromSeconds(90))));
            await h.WaitForMembersAsync(Size, TimeSpan.FromSeconds(60));
            h.Balancer = await NginxBalancer.StartAsync(h.Replicas.Select(r => r.ApiPort));
            return h;
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every running replica reports <paramref name="count"/> Up members.</summary>
    public async Task WaitForMembersAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var replica in Replicas.Where(r => r.IsRunning))
        {
            var client = new SupernodeClient(replica);
            while (true)
            {
                var answer = await client.GetAsync("/healthz/ready");
                if (answer.Status == System.Net.HttpStatusCode.OK && await UpMembersAsync(replica) == count) break;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"replica on {replica.ApiPort} does not see {count} Up members\n{await DescribeAsync()}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>What each replica sees of the cluster and the end of its log, for a failure message.</summary>
    private async Task<string> DescribeAsync()
    {
        var lines = new List<string>();
        foreach (var replica in Replicas)
        {
            var view = replica.IsRunning ? (await new SupernodeClient(replica).GetAsync("/api/v1/cluster/members")).Text : "(not running)";
            var log = replica.Output.Split('\n');
            lines.Add($"replica {replica.ApiPort} sees {view.Trim()}\n  " + string.Join("\n  ", log[Math.Max(0, log.Length - 15)..]));
        }
        return string.Join('\n', lines);
    }

    private static async Task<int> UpMembersAsync(SupernodeProcess replica)
    {
        var answer = await new SupernodeClient(replica).GetAsync("/api/v1/cluster/members");
        if (answer.Status != System.Net.HttpStatusCode.OK) return -1;
        return answer.Json.EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    public (string Url, string Md5) ServeFile(string path, long length, int seed = 1)
    {
        var file = Dir.Combine("origin" + path.Replace('/', '_'));
        SeededContent.WriteFile(file, length, seed);
        Origin.ServeFile(path, file, new OriginFileOptions { ETag = $"\"{seed}-{length}\"" });
        using var stream = File.OpenRead(file);
        return (Origin.Url(path), Convert.ToHexStringLower(MD5.HashData(stream)));
    }

    /// <summary>
    /// Peers whose supernode list is <paramref name="nodes"/>(i): by default the load balancer, listed twice as
    /// dfdaemon lists a single address.
    /// </summary>
    public Task<PeerFleet> FleetAsync(string url, int peers, Func<int, PeerOptions, PeerOptions>? tune = null)
    {
        var outputs = Directory.CreateDirectory(Dir.Combine("peers", Guid.NewGuid().ToString("N")[..8])).FullName;
        return PeerFleet.StartAsync(peers, i =>
        {
            var options = new PeerOptions
            {
                Supernodes = [Balancer.Node, Balancer.Node],
                Url = url,
                OutputDirectory = outputs,
                OutputFileName = $"peer{i}.bin",
                Seed = i + 1,
                Timeout = TimeSpan.FromSeconds(180),
            };
            return tune is null ? options : tune(i, options);
        });
    }

    /// <summary>The task as one replica sees it (any replica answers for any task).</summary>
    public async Task<JsonElement> TaskAsync(string taskId) =>
        (await new SupernodeClient(Replicas.First(r => r.IsRunning)).GetTaskAsync(taskId)).Json;

    /// <summary>The replica whose remoting port appears in a cluster address.</summary>
    public SupernodeProcess ReplicaAt(string nodeAddress) =>
        Replicas.Single(r => nodeAddress.EndsWith(":" + ClusterPortOf(r), StringComparison.Ordinal));

    private static string ClusterPortOf(SupernodeProcess r) => r.Arguments[r.Arguments.ToList().IndexOf("--cluster-port") + 1];

    public void Report(FleetResult result, string md5)
    {
        _output.WriteLine(result.FormatSummary());
        if (result.Failed > 0)
            foreach (var r in Replicas)
                _output.WriteLine($"replica {r.ApiPort}:\n" + string.Join('\n', r.Output.Split('\n').TakeLast(150)));
        foreach (var p in result.Peers.Where(p => p.Download.Success))
        {
            using var stream = File.OpenRead(p.Download.OutputPath);
            Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(stream)));
        }
    }

    public void Log(string line) => _output.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        if (Balancer is not null) await Balancer.DisposeAsync();
        await Task.WhenAll(Replicas.Select(r => r.DisposeAsync().AsTask()));
        await Origin.DisposeAsync();
        await Postgres.DisposeAsync();
        Dir.Dispose();
    }
}
