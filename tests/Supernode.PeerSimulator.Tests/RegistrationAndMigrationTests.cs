using Supernode.PeerSimulator.Tests.Support;
using Supernode.Testing;

namespace Supernode.PeerSimulator.Tests;

/// <summary>dfget's registration walk over the supernode list and its "migration" after bad /peer/task answers.</summary>
public sealed class RegistrationAndMigrationTests : IDisposable
{
    private const int PieceSize = 16 * 1024;
    private readonly TempDir _dir = new("peersim-migrate");
    private readonly byte[] _content = SeededContent.Bytes(2 * (PieceSize - 5), seed: 31);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(200, """{"code":608,"msg":"need auth"}""", 608, 0)]
    [InlineData(200, """{"code":607,"msg":"url is not reachable"}""", 607, 1001)]
    [InlineData(200, """{"code":606,"msg":"task conflict"}""", 606, 1001)]
    [InlineData(500, """{"code":500,"message":"failed to register peer"}""", -100, 1001)]
    public async Task A_failed_registration_on_the_one_node_ends_the_download(int status, string body, int code, int backSource)
    {
        await using var sn = await ScriptedSupernode.StartAsync(_ => new Reply(status, body + "\n"));
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.Equal(code, result.RegisterCode);
        Assert.Equal(backSource, result.BackSourceReason);
        Assert.Single(sn.Api("/peer/registry"));
        Assert.Single(sn.Requests); // no second try, no pull, no metrics
    }

    [Fact]
    public async Task A_node_named_twice_is_tried_twice()
    {
        await using var sn = await ScriptedSupernode.StartAsync(_ => new Reply(500, "{}\n"));
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn, sn));

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.Equal(2, sn.Api("/peer/registry").Count);
    }

    [Fact]
    public async Task Registration_carries_optional_fields_in_go_order_with_go_escaping()
    {
        await using var sn = await ScriptedSupernode.StartAsync(_ => Reply.Json("""{"code":608}"""));
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn) with
        {
            Url = "http://127.0.0.1:18080/f.bin?a=1&token=x",
            Filter = ["token"],
            Md5 = "0123456789abcdef0123456789abcdef",
            Identifier = "ignored-when-md5-is-given",
            CallSystem = "ci",
            Headers = ["Authorization: Bearer <x>"],
        });

        await peer.DownloadAsync();

        Assert.Equal(
            $$"""{"superNodeIp":"127.0.0.1","rawUrl":"http://127.0.0.1:18080/f.bin?a=1\u0026token=x","taskUrl":"http://127.0.0.1:18080/f.bin?a=1","cid":"{{peer.Cid}}","ip":"127.0.0.1","hostName":"sim-host","port":{{peer.Port}},"path":"/peer/file/{{peer.TaskFileName}}","version":"1.0.6","md5":"0123456789abcdef0123456789abcdef","callSystem":"ci","headers":["Authorization: Bearer \u003cx\u003e"],"pattern":"p2p"}""",
            sn.Api("/peer/registry").Single().Body);
    }

    [Fact]
    public async Task A_failed_node_is_skipped_for_the_next_one_in_the_list()
    {
        await using var down = await ScriptedSupernode.StartAsync(_ => new Reply(503, "{}"));
        var mini = new MiniSupernode(_content, PieceSize);
        await using var up = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, down, up));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Single(down.Requests);
        Assert.Equal(2, up.Api("/task/metrics").Count);
    }

    /// <summary>dfget's <c>--node a,a</c>: the migration's registration goes to the second entry, the same supernode.</summary>
    [Fact]
    public async Task A_bad_pull_answer_re_registers_on_the_next_entry_and_pulls_again_as_started()
    {
        var mini = new MiniSupernode(_content, PieceSize) { PiecesPerAnswer = 1 };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn, sn));
        var t2 = new string('2', 64);
        var failed = 0;
        var registered = 0;
        mini.Intercept = r => r.Path switch
        {
            "/peer/task" when r.Param("result") == "503" && Interlocked.Exchange(ref failed, 1) == 0 =>
                Reply.Json("""{"code":500,"msg":"taskID: x: {\"Code\":7,\"Msg\":\"cdn status is fail\"}"}"""),
            "/peer/registry" when Interlocked.Increment(ref registered) == 2 => Reply.Json(mini.RegisterAnswer(t2)),
            _ => null,
        };

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(1, result.Migrations);
        var registrations = sn.Api("/peer/registry");
        Assert.Equal(2, registrations.Count);
        Assert.Equal(registrations[0].Body, registrations[1].Body);

        // The pull after re-registering keeps the piece result, with status 700 and the new taskId.
        var pulls = sn.Api("/peer/task").ToList();
        var bad = pulls.First(p => p.Param("result") == "503");
        var next = pulls[pulls.IndexOf(bad) + 1];
        Assert.Equal($"srcCid={peer.Cid}&dstCid={bad.Param("dstCid")}&range={bad.Param("range")}&result=503&status=700&taskId={t2}", next.Query);
        Assert.All(pulls.Skip(pulls.IndexOf(next)), p => Assert.Equal(t2, p.Param("taskId")));

        // Metrics name the first taskId, the uploader's service-down the current one.
        Assert.All(sn.Api("/task/metrics"), m => Assert.Contains($"\"taskId\":\"{mini.TaskId}\"", m.Body));
        await peer.StopAsync();
        Assert.Equal($"taskId={t2}&cid={peer.Cid}", sn.Api("/peer/service/down").Single().Query);
    }

    [Fact]
    public async Task Migration_moves_to_the_next_node_which_then_gets_the_metrics_and_service_down()
    {
        var first = new MiniSupernode(_content, PieceSize) { Intercept = r => r.Path == "/peer/task" ? Reply.Json("""{"code":502,"msg":"target not found"}""") : null };
        var second = new MiniSupernode(_content, PieceSize);
        await using var sn1 = await Harness.StartAsync(first);
        await using var sn2 = await Harness.StartAsync(second);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn1, sn2));

        var result = await peer.DownloadAsync();

        Assert.True(result.Success, result.Reason);
        Assert.Equal(1, result.Migrations);
        Assert.Equal("700", sn2.Api("/peer/task")[0].Param("status"));
        Assert.Empty(sn1.Api("/task/metrics"));
        Assert.Equal(2, sn2.Api("/task/metrics").Count);
        await peer.StopAsync();
        Assert.Single(sn2.Api("/peer/service/down"));
        Assert.Empty(sn1.Api("/peer/service/down"));
    }

    [Fact]
    public async Task Migration_gives_up_once_the_list_is_exhausted()
    {
        var mini = new MiniSupernode(_content, PieceSize) { Intercept = r => r.Path == "/peer/task" ? new Reply(500, "oops") : null };
        await using var sn = await Harness.StartAsync(mini);
        await using var peer = await SimulatedPeer.StartAsync(Harness.Options(_dir, sn));

        var result = await peer.DownloadAsync();

        Assert.False(result.Success);
        Assert.Contains("re-registering failed", result.Reason);
        Assert.Equal(1003, result.BackSourceReason);
        Assert.Equal(1, result.Migrations);
        Assert.Single(sn.Api("/peer/registry"));
        Assert.Single(sn.Api("/peer/task"));
        Assert.Empty(sn.Api("/task/metrics")); // dfget's locator has no current node left to report to
    }
}
