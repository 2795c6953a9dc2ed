using System.Net;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Download.Tests;

/// <summary>
/// Clients of the REST protocol (docs/protocol.md) download real bytes through one supernode, alone or in one fleet with
/// dfget clients; an operator pauses a task mid-download and resumes it after a restart.
/// </summary>
public sealed class RestProtocolTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Clients_of_the_REST_protocol_download_100_MB_with_every_piece_and_the_file_checked()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/rest100m.bin", 100 * MiB, seed: 21);
        await using var fleet = await h.FleetAsync(url, 3, (_, o) => o with { Protocol = ClientProtocol.Rest });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(3, result.Succeeded);
        // Every piece was checked against its md5 as it arrived: a bad one would have been counted as failed.
        Assert.All(result.Peers, p => Assert.Empty(p.Download.FailedPieces));
        // 100 MiB in pieces of 4 MiB less the 5 wrapper bytes.
        Assert.All(result.Peers, p => Assert.Equal(26, p.Download.Pieces.Select(x => x.PieceNum).Distinct().Count()));
        Assert.True(result.BytesFromPeers > 0, "no piece went from one REST client to another");
        Assert.Equal(1, h.Origin.Stats("/rest100m.bin").PlainGets);
        Assert.Equal(100 * MiB, h.Origin.Stats("/rest100m.bin").Requests.Where(r => r.Range is null).Sum(r => r.BodyBytes));
    }

    [Fact]
    public async Task A_fleet_half_REST_half_dfget_exchanges_pieces_across_the_protocols()
    {
        await using var h = await DownloadHarness.StartAsync(output);
        var (url, md5) = h.ServeFile("/mixed.bin", 64 * MiB, seed: 22);
        await using var fleet = await h.FleetAsync(url, 10, (i, o) => o with
        {
            Protocol = i % 2 == 0 ? ClientProtocol.Rest : ClientProtocol.Dfget,
            // Paced, so that pieces are fetched from peers rather than all from the supernode at loopback speed.
            LocalLimit = 16 * MiB,
        });

        var result = await fleet.DownloadAllAsync();

        h.Report(result, md5);
        Assert.Equal(10, result.Succeeded);
        var (restToDfget, dfgetToRest) = CrossProtocolPieces(fleet, result);
        output.WriteLine($"pieces a dfget client fetched from a REST client: {restToDfget}; a REST client from a dfget client: {dfgetToRest}; " +
                         $"from the supernode: {result.Peers.Sum(p => p.Download.PiecesFromSupernode)} of {result.Peers.Sum(p => p.Download.Pieces.Count)}");
        Assert.True(restToDfget > 0, "no dfget client fetched a piece from a REST client");
        Assert.True(dfgetToRest > 0, "no REST client fetched a piece from a dfget client");
        Assert.Equal(1, h.Origin.Stats("/mixed.bin").PlainGets);
    }

    [Fact]
    public async Task A_paused_task_hands_out_no_piece_stays_paused_through_a_restart_and_finishes_once_resumed()
    {
        const string token = "pause-token-0123456789";
        await using var h = await DownloadHarness.StartAsync(output, holdSockets: true, "--admin-token", token);
        var (url, md5) = h.ServeFile("/paused.bin", 48 * MiB, seed: 23);
        await using var fleet = await h.FleetAsync(url, 4, (i, o) => o with
        {
            Protocol = i % 2 == 0 ? ClientProtocol.Rest : ClientProtocol.Dfget,
            LocalLimit = 6 * MiB,
        });
        var client = new SupernodeClient(h.Supernode);

        var downloads = fleet.DownloadAllAsync();
        await WaitForPiecesAsync(fleet, 4, TimeSpan.FromSeconds(60));
        var taskId = ExpectedTaskId.Of(url);
        var unauthorized = await client.SendAsync(HttpMethod.Put, $"/api/v1/tasks/{taskId}", "{\"paused\":true}");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        var paused = await client.SendAsync(HttpMethod.Put, $"/api/v1/tasks/{taskId}", "{\"paused\":true}", Bearer(token));
        Assert.True(paused.Status == HttpStatusCode.OK, paused.ToString());

        // Pieces handed out before the pause finish; after that nothing moves.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var atPause = fleet.Peers.Sum(p => p.ReceivedPieces);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(atPause, fleet.Peers.Sum(p => p.ReceivedPieces));
        var waits = PrometheusText.Parse((await client.GetAsync("/metrics")).Text).Sum("supernode_task_paused_pulls_total");
        Assert.True(waits > 0, "no pull was answered as paused");

        await h.Supernode.StopAsync();
        await h.Supernode.StartAsync();
        var info = await client.GetTaskAsync(taskId);
        Assert.True(info.Json.GetProperty("paused").GetBoolean(), info.ToString());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(atPause, fleet.Peers.Sum(p => p.ReceivedPieces));
        Assert.True(fleet.Peers.Sum(p => p.ReceivedPieces) < 4 * 12, "the fleet finished before the pause could be seen");

        var resumed = await client.SendAsync(HttpMethod.Put, $"/tasks/{taskId}", "{\"paused\":false}", Bearer(token));
        Assert.True(resumed.Status == HttpStatusCode.OK, resumed.ToString());
        var result = await downloads;

        h.Report(result, md5);
        output.WriteLine($"pieces received when paused: {atPause} of {4 * 12}; pulls answered 'paused' before the restart: {waits}");
        Assert.Equal(4, result.Succeeded);
        Assert.False((await client.GetTaskAsync(taskId)).Json.GetProperty("paused").GetBoolean());
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    /// <summary>Pieces dfget clients fetched from REST clients, and REST clients from dfget clients (each names its source its own way).</summary>
    private static (int RestToDfget, int DfgetToRest) CrossProtocolPieces(PeerFleet fleet, FleetResult result)
    {
        var rest = result.Peers.Where(p => p.Index % 2 == 0).ToList();
        var dfget = result.Peers.Where(p => p.Index % 2 == 1).ToList();
        // A dfget client names its source by cid, a REST client by peer id.
        var restCids = rest.Select(p => fleet.Peers[p.Index].Cid).ToHashSet();
        var dfgetPeerIds = dfget.Select(p => fleet.Peers[p.Index].PeerId).ToHashSet();
        return (dfget.Sum(p => p.Download.Pieces.Count(x => restCids.Contains(x.SourceCid))),
            rest.Sum(p => p.Download.Pieces.Count(x => dfgetPeerIds.Contains(x.SourceCid))));
    }

    private static async Task WaitForPiecesAsync(PeerFleet fleet, int pieces, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (fleet.Peers.Sum(p => p.ReceivedPieces) < pieces)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {pieces} pieces received within {within}");
            await Task.Delay(50);
        }
    }
}
