using Xunit.Abstractions;

namespace Supernode.Cluster.Tests;

/// <summary>One P2P network across the replicas: peers behind the load balancer and on each replica share one task.</summary>
public sealed class ClusterDownloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_peers_download_100_MB_through_three_replicas_with_one_origin_fetch()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/file100m.bin", 100L * 1024 * 1024);
        // Four peers behind nginx, two registered directly on each replica.
        await using var fleet = await h.FleetAsync(url, 10, (i, o) => i < 4 ? o : o with
        {
            Supernodes = [$"127.0.0.1:{h.Replicas[i % 3].ApiPort}"],
        });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(10, result.Succeeded);
        var origin = h.Origin.Stats("/file100m.bin");
        h.Log($"origin: {origin.Requests.Count} requests, {origin.BodyBytes:N0} body bytes");
        Assert.Equal(100L * 1024 * 1024 + 1, origin.BodyBytes);

        // Peers registered on different replicas fetched from each other.
        var replicaOf = Enumerable.Range(4, 6).ToDictionary(i => result.Peers[i].Download.Cid, i => i % 3);
        var crossReplica = Enumerable.Range(4, 6).Sum(i => result.Peers[i].Download.Pieces.Count(p =>
            replicaOf.TryGetValue(p.SourceCid, out var source) && source != i % 3));
        h.Log($"pieces fetched from a peer registered on another replica: {crossReplica}");
        Assert.True(crossReplica > 0);
    }

    [Fact]
    public async Task Clients_of_the_REST_protocol_download_100_MB_through_three_replicas_with_one_origin_fetch()
    {
        await using var h = await ClusterHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/rest100m.bin", 100L * 1024 * 1024, seed: 31);
        // Three clients behind nginx, one registered directly on each replica.
        await using var fleet = await h.FleetAsync(url, 6, (i, o) => (i < 3 ? o : o with
        {
            Supernodes = [$"127.0.0.1:{h.Replicas[i % 3].ApiPort}"],
        }) with { Protocol = PeerSimulator.ClientProtocol.Rest });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(6, result.Succeeded);
        Assert.All(result.Peers, p => Assert.Empty(p.Download.FailedPieces));
        var origin = h.Origin.Stats("/rest100m.bin");
        h.Log($"origin: {origin.Requests.Count} requests, {origin.BodyBytes:N0} body bytes; from peers {result.BytesFromPeers:N0} bytes");
        Assert.Equal(100L * 1024 * 1024 + 1, origin.BodyBytes);
        Assert.True(result.BytesFromPeers > 0, "no piece went from one REST client to another");
    }
}
