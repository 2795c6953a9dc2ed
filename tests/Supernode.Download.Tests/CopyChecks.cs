using System.Net;
using Supernode.Testing;

namespace Supernode.Download.Tests;

/// <summary>What the fault tests check of a copy: the client's answers, what the download port serves, the recovery.</summary>
internal static class CopyChecks
{
    public const int PieceSize = 4 * 1024 * 1024;

    /// <summary>Long enough for a copy of a few pieces on a loaded machine; a copy that never ends fails the test.</summary>
    public static readonly TimeSpan CopyWithin = TimeSpan.FromSeconds(90);

    /// <summary>Registers one dfget for <paramref name="url"/>; returns the task and the client's cid.</summary>
    public static async Task<(string TaskId, string Cid)> RegisterAsync(SupernodeClient client, string url)
    {
        var registration = DfgetRegistration.For(url);
        var answer = await client.RegisterAsync(registration);
        Assert.True(answer.Json.GetProperty("code").GetInt32() == 200, answer.ToString());
        return (answer.Json.GetProperty("data").GetProperty("taskId").GetString()!, registration.Cid);
    }

    /// <summary>The <c>/peer/task</c> answer code a registered client gets on its first pull.</summary>
    public static async Task<int> PullCodeAsync(SupernodeClient client, string taskId, string cid) =>
        (await client.GetAsync($"/peer/task?taskId={taskId}&srcCid={cid}&dstCid=&status=700")).Json.GetProperty("code").GetInt32();

    /// <summary>
    /// Whatever the download port serves of a failed copy is whole pieces of the real content: a piece is either
    /// exactly right or not there (404 no file, 416 past its end), never cut short.
    /// </summary>
    public static async Task OnlyWholePiecesServedAsync(SupernodeClient client, string taskId, string sourceFile)
    {
        var content = await File.ReadAllBytesAsync(sourceFile);
        for (var n = 0; n < Wrapping.PieceCount(content.Length, PieceSize); n++)
        {
            var piece = await client.GetPieceAsync(taskId, n, PieceSize);
            if (piece.Status is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable) continue;
            Assert.Equal(HttpStatusCode.PartialContent, piece.Status);
            Assert.True(Wrapping.Piece(content, n, PieceSize).AsSpan().SequenceEqual(piece.Body), $"piece {n} is served cut short or wrong");
        }
    }

    /// <summary>
    /// A dfget registers <paramref name="url"/> while the fault lasts: it is accepted, the copy ends FAILED, the
    /// client's pull is answered 500 (dfget then fails over), and the download port serves only whole pieces of
    /// <paramref name="sourceFile"/>. Returns the task and how long the copy took to fail.
    /// </summary>
    public static async Task<(string TaskId, TimeSpan FailedAfter)> FailsCleanlyAsync(SupernodeClient client, string url, string sourceFile)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (taskId, cid) = await RegisterAsync(client, url);
        var failed = await client.WaitForCdnAsync(taskId, CopyWithin);
        watch.Stop();
        Assert.Equal("FAILED", failed.GetProperty("cdnStatus").GetString());
        Assert.Equal(500, await PullCodeAsync(client, taskId, cid));
        await OnlyWholePiecesServedAsync(client, taskId, sourceFile);
        return (taskId, watch.Elapsed);
    }

    /// <summary>The fault gone, new clients register, the copy is made and they finish with the source's bytes.</summary>
    public static async Task RecoversAsync(DownloadHarness h, string url, string md5, int peers = 2)
    {
        await using var fleet = await h.FleetAsync(url, peers);
        var result = await fleet.DownloadAllAsync();
        h.Report(result, md5);
        Assert.Equal(peers, result.Succeeded);
        var task = await new SupernodeClient(h.Supernode).WaitForCdnAsync(result.Peers[0].Download.TaskId!, CopyWithin);
        Assert.Equal("SUCCESS", task.GetProperty("cdnStatus").GetString());
        Assert.Equal(md5, task.GetProperty("realMd5").GetString());
    }
}
