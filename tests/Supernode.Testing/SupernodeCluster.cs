using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Supernode.Testing;

/// <summary>
/// Three supernode replicas on 127.0.0.1 (distinct API, download and remoting ports), one real PostgreSQL database,
/// real nginx in front of the API ports, and a loopback origin: a cluster as a fleet sees it, freshly started. The
/// first two replicas are the seed nodes.
/// </summary>
public sealed class SupernodeCluster : IAsyncDisposable
{
    public const int Size = 3;

    private SupernodeCluster(PostgresServer postgres, string connectionString, string[] replicaArgs)
    {
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

    /// <summary>Where a fleet sends everything: the load balancer.</summary>
    public IPEndPoint BalancerEndPoint => new(IPAddress.Loopback, Balancer.Port);

    /// <summary>Starts everything and returns once every replica is ready and sees all three Up.</summary>
    /// <param name="replicaArgs">Command-line arguments every replica gets besides the cluster's.</param>
    public static async Task<SupernodeCluster> StartAsync(params string[] replicaArgs)
    {
        var postgres = await PostgresServer.StartAsync();
        var cluster = new SupernodeCluster(postgres, await postgres.CreateDatabaseAsync("supernode"), replicaArgs);
        try
        {
            await cluster.Origin.StartAsync();
            await Task.WhenAll(cluster.Replicas.Select(r => r.StartAsync(TimeSpan.FromSeconds(90))));
            await cluster.WaitForMembersAsync(Size, TimeSpan.FromSeconds(60));
            cluster.Balancer = await NginxBalancer.StartAsync(cluster.Replicas.Select(r => r.ApiPort));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every running replica is ready and reports <paramref name="count"/> Up members.</summary>
    public async Task WaitForMembersAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var replica in Replicas.Where(r => r.IsRunning))
        {
            var client = new SupernodeClient(replica);
            while (true)
            {
                var answer = await client.GetAsync("/healthz/ready");
                if (answer.Status == HttpStatusCode.OK && await UpMembersAsync(replica) == count) break;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"replica on {replica.ApiPort} does not see {count} Up members\n{await DescribeAsync()}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>What each replica sees of the cluster and the end of its log, for a failure message.</summary>
    public async Task<string> DescribeAsync(int logLines = 15)
    {
        var lines = new List<string>();
        foreach (var replica in Replicas)
        {
            var view = replica.IsRunning ? (await new SupernodeClient(replica).GetAsync("/api/v1/cluster/members")).Text : "(not running)";
            var log = replica.Output.Split('\n');
            lines.Add($"replica {replica.ApiPort} sees {view.Trim()}\n  " + string.Join("\n  ", log[Math.Max(0, log.Length - logLines)..]));
        }
        return string.Join('\n', lines);
    }

    private static async Task<int> UpMembersAsync(SupernodeProcess replica)
    {
        var answer = await new SupernodeClient(replica).GetAsync("/api/v1/cluster/members");
        if (answer.Status != HttpStatusCode.OK) return -1;
        return answer.Json.EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    /// <summary>A seeded file served by the origin at <paramref name="path"/>: its URL and md5.</summary>
    public (string Url, string Md5) ServeFile(string path, long length, int seed = 1)
    {
        var file = Dir.Combine("origin" + path.Replace('/', '_'));
        SeededContent.WriteFile(file, length, seed);
        Origin.ServeFile(path, file, new OriginFileOptions { ETag = $"\"{seed}-{length}\"" });
        using var stream = File.OpenRead(file);
        return (Origin.Url(path), Convert.ToHexStringLower(MD5.HashData(stream)));
    }

    /// <summary>The task as one replica sees it (any replica answers for any task).</summary>
    public async Task<JsonElement> TaskAsync(string taskId) =>
        (await new SupernodeClient(Replicas.First(r => r.IsRunning)).GetTaskAsync(taskId)).Json;

    /// <summary>The replica whose remoting port appears in a cluster address.</summary>
    public SupernodeProcess ReplicaAt(string nodeAddress) =>
        Replicas.Single(r => nodeAddress.EndsWith(":" + ClusterPortOf(r), StringComparison.Ordinal));

    private static string ClusterPortOf(SupernodeProcess r) => r.Arguments[r.Arguments.ToList().IndexOf("--cluster-port") + 1];

    public async ValueTask DisposeAsync()
    {
        if (Balancer is not null) await Balancer.DisposeAsync();
        await Task.WhenAll(Replicas.Select(r => r.DisposeAsync().AsTask()));
        await Origin.DisposeAsync();
        await Postgres.DisposeAsync();
        Dir.Dispose();
    }
}
