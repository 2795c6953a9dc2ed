using Akka.Actor;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

public sealed class CdnManagerTests : CdnActorTest
{
    private const int Per = PieceLayout.DefaultPieceSize - 5;

    [Fact]
    public void Probe_answers_the_sender()
    {
        Origin.Serve("/f", new byte[321]);
        Origin.Serve("/gone", [], new OriginFileOptions { ForcedStatus = 404 });
        var manager = NewManager();

        manager.Tell(new CdnCommands.ProbeSource("t1", Sources.Of(Origin.Url("/f"))));
        var found = ExpectMsg<CdnReplies.SourceProbed>();
        manager.Tell(new CdnCommands.ProbeSource("t2", Sources.Of(Origin.Url("/gone"))));
        var gone = ExpectMsg<CdnReplies.SourceProbed>();
        manager.Tell(new CdnCommands.ProbeSource("t3", Sources.Of($"http://127.0.0.1:{FreePort.Next()}/f")));
        var refused = ExpectMsg<CdnReplies.SourceProbed>();

        Assert.Equal(new CdnReplies.SourceProbed("t1", SourceProbeOutcome.Reachable, 321, 206, ""), found);
        Assert.Equal(("t2", SourceProbeOutcome.NotFound, 404), (gone.TaskId, gone.Outcome, gone.StatusCode));
        Assert.Equal(("t3", SourceProbeOutcome.Unreachable), (refused.TaskId, refused.Outcome));
    }

    [Fact]
    public void Copy_reports_each_piece_then_the_end()
    {
        var content = SeededContent.Bytes(2 * Per + 3, 21);
        Origin.Serve("/f", content);
        var cmd = Sources.Copy(Sources.Of(Origin.Url("/f")), content.Length);
        var expected = ExpectedWrapping.Pieces(content, PieceLayout.DefaultPieceSize).Select(p => p.Md5).ToArray();

        NewManager().Tell(cmd);

        for (var n = 0; n < expected.Length; n++)
        {
            var written = Region.ExpectMsg<TaskCommands.CdnPiecesWritten>();
            Assert.Equal((cmd.TaskId, "c1", n, (long)content.Length), (written.TaskId, written.CopyId, written.FirstPiece, written.HttpFileLength));
            Assert.Equal([expected[n]], written.PieceMd5s.ToArray());
        }
        var finished = Region.ExpectMsg<TaskCommands.CdnCopyFinished>();
        Assert.True(finished.Success, finished.Error);
        Assert.Equal(CdnCopyOrigin.Downloaded, finished.Origin);
        Assert.Equal(expected, finished.PieceMd5s.ToArray());
        Assert.Equal(PieceLayout.WrappedLength(content.Length, PieceLayout.DefaultPieceSize), finished.FileLength);
        Assert.Equal(content.Length, finished.HttpFileLength);
        Assert.Equal(ExpectedWrapping.Md5(content), finished.RealMd5);
        Region.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Ten_concurrent_starts_make_one_fetch_and_a_consistent_report_stream()
    {
        var content = SeededContent.Bytes(3 * Per + 500, 22);
        Origin.Serve("/f", content, new OriginFileOptions { BytesPerSecond = 20_000_000 });
        var first = Sources.Copy(Sources.Of(Origin.Url("/f")), content.Length, "c0");
        var manager = NewManager();

        // Half before anything is written, half once the copy is under way (they must restate piece 0 on).
        for (var i = 0; i < 5; i++) manager.Tell(first with { CopyId = $"c{i}" });
        var received = new List<object> { Region.ExpectMsg<TaskCommands.CdnPiecesWritten>(TimeSpan.FromSeconds(10)) };
        for (var i = 5; i < 10; i++) manager.Tell(first with { CopyId = $"c{i}" });
        Region.FishForMessage(m =>
        {
            received.Add(m);
            return m is TaskCommands.CdnCopyFinished { CopyId: "c9" };
        }, TimeSpan.FromSeconds(20));
        Region.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // What a task entity on copy id c9 ends up knowing: reports of that id, each replacing from its first piece.
        var known = new List<string>();
        foreach (var p in received.OfType<TaskCommands.CdnPiecesWritten>().Where(p => p.CopyId == "c9"))
        {
            Assert.InRange(p.FirstPiece, 0, known.Count);
            known.RemoveRange(p.FirstPiece, known.Count - p.FirstPiece);
            known.AddRange(p.PieceMd5s);
        }
        foreach (var late in new[] { "c5", "c6", "c7", "c8", "c9" })
        {
            var restated = received.OfType<TaskCommands.CdnPiecesWritten>().First(p => p.CopyId == late);
            Assert.Equal(0, restated.FirstPiece);
            Assert.NotEmpty(restated.PieceMd5s);
        }
        var finished = received.OfType<TaskCommands.CdnCopyFinished>().ToList();
        var last = finished[^1];
        Assert.True(last.Success, last.Error);
        var expected = ExpectedWrapping.Pieces(content, PieceLayout.DefaultPieceSize).Select(p => p.Md5).ToArray();
        Assert.Equal(expected, last.PieceMd5s.ToArray());
        Assert.Equal(expected, known.ToArray());
        Assert.All(finished, f => Assert.Equal(CdnCopyOrigin.Downloaded, f.Origin));
        var stats = Origin.Stats("/f");
        Assert.Single(stats.Requests);
        Assert.Equal(1, stats.CompleteBodies);
        Assert.Equal(content.Length, stats.BodyBytes);
    }

    [Fact]
    public void Finished_copy_is_revalidated_and_reported_as_a_cache_hit_after_a_restart()
    {
        var content = SeededContent.Bytes(Per + 9, 23);
        Origin.Serve("/f", content, new OriginFileOptions { LastModified = DateTimeOffset.UtcNow.AddHours(-1) });
        var cmd = Sources.Copy(Sources.Of(Origin.Url("/f")), content.Length);
        var manager = NewManager();
        manager.Tell(cmd);
        var downloaded = Region.FishForMessage<TaskCommands.CdnCopyFinished>(_ => true, TimeSpan.FromSeconds(10));
        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager);

        NewManager().Tell(cmd with { CopyId = "c2" });

        var restated = Region.ExpectMsg<TaskCommands.CdnPiecesWritten>();
        var hit = Region.ExpectMsg<TaskCommands.CdnCopyFinished>();
        Assert.Equal(("c2", 0), (restated.CopyId, restated.FirstPiece));
        Assert.Equal(downloaded.PieceMd5s.ToArray(), restated.PieceMd5s.ToArray());
        Assert.True(hit.Success, hit.Error);
        Assert.Equal(CdnCopyOrigin.CacheHit, hit.Origin);
        Assert.Equal((downloaded.FileLength, downloaded.RealMd5), (hit.FileLength, hit.RealMd5));
        Assert.Equal(downloaded.PieceMd5s.ToArray(), hit.PieceMd5s.ToArray());
        var stats = Origin.Stats("/f");
        Assert.Equal(1, stats.CompleteBodies);
        Assert.Equal(304, stats.Requests[^1].Status);
        Assert.Equal(content.Length, stats.BodyBytes);
    }

    [Fact]
    public void Failed_copy_is_reported_with_its_error_and_the_manager_lives_on()
    {
        Origin.Serve("/f", [1], new OriginFileOptions { ForcedStatus = 500 });
        var manager = NewManager();

        manager.Tell(Sources.Copy(Sources.Of(Origin.Url("/f")), -1));
        var failed = Region.ExpectMsg<TaskCommands.CdnCopyFinished>();
        manager.Tell(new CdnCommands.StartCopy("not-a-task-id", "c1", Sources.Of(Origin.Url("/f")), PieceLayout.DefaultPieceSize, -1));
        var refused = Region.ExpectMsg<TaskCommands.CdnCopyFinished>();
        Origin.Serve("/ok", [7]);
        manager.Tell(Sources.Copy(Sources.Of(Origin.Url("/ok")), 1));
        Region.ExpectMsg<TaskCommands.CdnPiecesWritten>();
        var ok = Region.ExpectMsg<TaskCommands.CdnCopyFinished>();

        Assert.False(failed.Success);
        Assert.Equal("unexpected status code: 500", failed.Error);
        Assert.False(refused.Success);
        Assert.NotEmpty(refused.Error);
        Assert.True(ok.Success, ok.Error);
    }
}
