using Akka.Actor;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

/// <summary>
/// <see cref="CdnCommands.RepairPiece"/> through the CDN manager, against copies it made itself from a loopback
/// origin: what is answered, which requests reach the source, and what the data file holds afterwards.
/// </summary>
public sealed class PieceRepairTests : CdnActorTest
{
    private const int Ps = PieceLayout.DefaultPieceSize;
    private const int Per = Ps - 5;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private string DataPath(string taskId) => new CdnRepo(Settings.RepoDir).DataPath(taskId);

    /// <summary>Serves <paramref name="content"/> at <c>/f</c>, has the manager copy it, and returns the finished copy.</summary>
    private (CdnCommands.StartCopy Cmd, TaskCommands.CdnCopyFinished Finished) Copy(IActorRef manager, byte[] content) =>
        Copy(manager, content, Sources.Of(Origin.Url("/f")), content.Length);

    private (CdnCommands.StartCopy Cmd, TaskCommands.CdnCopyFinished Finished) Copy(
        IActorRef manager, byte[] served, TaskSource source, long contentLength)
    {
        Origin.Serve("/f", served);
        var cmd = Sources.Copy(source, contentLength);
        manager.Tell(cmd);
        var finished = Region.FishForMessage<TaskCommands.CdnCopyFinished>(_ => true, Wait);
        Assert.True(finished.Success, finished.Error);
        Origin.ResetStats();
        return (cmd, finished);
    }

    private static CdnCommands.RepairPiece Repair(CdnCommands.StartCopy cmd, TaskCommands.CdnCopyFinished copy, int piece, string copyId = "c1") =>
        new(cmd.TaskId, copyId, cmd.Source, cmd.PieceSize, piece, copy.PieceMd5s[piece]);

    private TaskCommands.CdnPieceRepaired Answer() => ExpectMsg<TaskCommands.CdnPieceRepaired>(Wait);

    /// <summary>The origin's only request for <c>/f</c>, once recorded (it records an answer after sending it).</summary>
    private OriginRequest SingleRequest()
    {
        OriginRequest? single = null;
        AwaitAssert(() => single = Assert.Single(Origin.Stats("/f").Requests), Wait);
        return single!;
    }

    /// <summary>Flips the bits of one byte of the data file, as a bad disk sector would.</summary>
    private void Damage(string taskId, long offset)
    {
        using var file = new FileStream(DataPath(taskId), FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)~b);
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var slot = 0; slot * Ps < expected.Length; slot++)
        {
            var length = Math.Min(Ps, expected.Length - slot * Ps);
            Assert.True(expected.AsSpan(slot * Ps, length).SequenceEqual(actual.AsSpan(slot * Ps, length)), $"piece {slot} differs");
        }
    }

    [Fact]
    public void Intact_piece_is_answered_without_asking_the_source()
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(2 * Per + 100, 31));
        var before = File.ReadAllBytes(DataPath(cmd.TaskId));

        manager.Tell(Repair(cmd, copy, 1));

        Assert.Equal(new TaskCommands.CdnPieceRepaired(cmd.TaskId, "c1", 1, PieceRepairOutcome.Intact, ""), Answer());
        AssertSameBytes(before, File.ReadAllBytes(DataPath(cmd.TaskId)));
        Assert.Empty(Origin.Stats("/f").Requests);
    }

    [Fact]
    public void Damaged_piece_is_fetched_alone_by_range_and_rewritten_in_place()
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(3 * Per + 77, 32));
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        Damage(cmd.TaskId, Ps + 1000);

        manager.Tell(Repair(cmd, copy, 1));

        Assert.Equal(new TaskCommands.CdnPieceRepaired(cmd.TaskId, "c1", 1, PieceRepairOutcome.Rewritten, ""), Answer());
        AssertSameBytes(fresh, File.ReadAllBytes(DataPath(cmd.TaskId)));
        var request = SingleRequest();
        Assert.Equal(($"bytes={Per}-{2 * Per - 1}", 206, (long)Per), (request.Range, request.Status, request.BodyBytes));
    }

    [Theory]
    [InlineData(0)] // the header
    [InlineData(600)] // the content
    [InlineData(4 + 1234)] // the trailer
    public void Damaged_last_short_piece_is_rewritten(int at)
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(2 * Per + 1234, 33));
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        Damage(cmd.TaskId, 2L * Ps + at);

        manager.Tell(Repair(cmd, copy, 2));

        Assert.Equal(PieceRepairOutcome.Rewritten, Answer().Outcome);
        AssertSameBytes(fresh, File.ReadAllBytes(DataPath(cmd.TaskId)));
        var request = SingleRequest();
        Assert.Equal(($"bytes={2 * Per}-{2 * Per + 1233}", 206), (request.Range, request.Status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Changed_source_leaves_the_file_untouched(int extraBytes)
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(2 * Per + 10, 34));
        Damage(cmd.TaskId, 5);
        var damaged = File.ReadAllBytes(DataPath(cmd.TaskId));
        Origin.Serve("/f", SeededContent.Bytes(2 * Per + 10 + extraBytes, 35));

        manager.Tell(Repair(cmd, copy, 0));

        var answer = Answer();
        Assert.Equal(PieceRepairOutcome.SourceChanged, answer.Outcome);
        Assert.NotEmpty(answer.Error);
        AssertSameBytes(damaged, File.ReadAllBytes(DataPath(cmd.TaskId)));
    }

    [Fact]
    public void Missing_or_unreachable_source_fails_with_the_reason()
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(Per + 10, 36));
        Damage(cmd.TaskId, 5);
        var damaged = File.ReadAllBytes(DataPath(cmd.TaskId));
        Origin.Remove("/f");

        manager.Tell(Repair(cmd, copy, 0));
        var missing = Answer();
        // The task URL still names the copy; only the address fetched is dead.
        var dead = cmd.Source with { RawUrl = $"http://127.0.0.1:{FreePort.Next()}/f" };
        manager.Tell(Repair(cmd with { Source = dead }, copy, 0));
        var unreachable = Answer();

        Assert.Equal((PieceRepairOutcome.Failed, "unexpected status code: 404"), (missing.Outcome, missing.Error));
        Assert.Equal(PieceRepairOutcome.Failed, unreachable.Outcome);
        Assert.Contains("refused", unreachable.Error, StringComparison.OrdinalIgnoreCase);
        AssertSameBytes(damaged, File.ReadAllBytes(DataPath(cmd.TaskId)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("a directory")]
    [InlineData("deleted")]
    public void A_data_file_that_is_not_the_copy_any_more_is_reported_damaged_not_repaired(string fault)
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(2 * Per + 100, 38));
        var data = DataPath(cmd.TaskId);
        switch (fault)
        {
            case "truncated":
                using (var f = new FileStream(data, FileMode.Open, FileAccess.Write)) f.SetLength(Ps + Ps / 2);
                break;
            case "a directory":
                File.Delete(data);
                Directory.CreateDirectory(data);
                break;
            default:
                File.Delete(data);
                break;
        }

        manager.Tell(Repair(cmd, copy, 1));

        // Mending one slot cannot bring back a whole file: the task has the copy made again.
        Assert.Equal(PieceRepairOutcome.CopyDamaged, Answer().Outcome);
        Assert.Empty(Origin.Stats("/f").Requests);
    }

    [Fact]
    public void Repair_without_a_complete_copy_fails()
    {
        var content = SeededContent.Bytes(100, 37);
        var manager = NewManager();
        var cmd = Sources.Copy(Sources.Of(Origin.Url("/f")), content.Length);
        var md5 = ExpectedWrapping.Pieces(content, Ps).Single().Md5;

        manager.Tell(new CdnCommands.RepairPiece(cmd.TaskId, "c1", cmd.Source, Ps, 0, md5));

        var answer = Answer();
        Assert.Equal((PieceRepairOutcome.Failed, "no complete copy on disk"), (answer.Outcome, answer.Error));
    }

    [Fact]
    public void Repair_while_the_copy_is_written_is_refused()
    {
        var content = SeededContent.Bytes(2 * Per + 10, 38);
        Origin.Serve("/f", content, new OriginFileOptions { BytesPerSecond = 8_000_000 });
        var cmd = Sources.Copy(Sources.Of(Origin.Url("/f")), content.Length);
        var manager = NewManager();
        manager.Tell(cmd);
        var first = Region.ExpectMsg<TaskCommands.CdnPiecesWritten>(Wait);

        manager.Tell(new CdnCommands.RepairPiece(cmd.TaskId, "c1", cmd.Source, Ps, 0, first.PieceMd5s[0]));

        Assert.Equal(new TaskCommands.CdnPieceRepaired(cmd.TaskId, "c1", 0, PieceRepairOutcome.Failed, "copy in progress"), Answer());
    }

    [Fact]
    public void Source_without_range_support_is_read_up_to_the_piece()
    {
        var content = SeededContent.Bytes(3 * Per + 77, 39);
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, content);
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        Origin.SetOptions("/f", new OriginFileOptions { SupportsRange = false });
        Damage(cmd.TaskId, Ps + 7);

        manager.Tell(Repair(cmd, copy, 1));

        Assert.Equal(PieceRepairOutcome.Rewritten, Answer().Outcome);
        AssertSameBytes(fresh, File.ReadAllBytes(DataPath(cmd.TaskId)));
        var request = SingleRequest();
        Assert.Equal(200, request.Status);
        Assert.InRange(request.BodyBytes, 2L * Per, content.Length);
    }

    [Fact]
    public void Task_with_its_own_range_is_read_from_the_start_of_that_range()
    {
        var resource = SeededContent.Bytes(3 * Per, 40);
        var ownRange = $"bytes=1000-{1000 + 2 * Per + 49}";
        var manager = NewManager();
        var source = Sources.Of(Origin.Url("/f"), headers: [new("Range", ownRange)]);
        var (cmd, copy) = Copy(manager, resource, source, 2 * Per + 50);
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        Assert.Equal(PieceLayout.WrappedLength(2 * Per + 50, Ps), fresh.Length);
        Damage(cmd.TaskId, Ps + 20);

        manager.Tell(Repair(cmd, copy, 1));

        Assert.Equal(PieceRepairOutcome.Rewritten, Answer().Outcome);
        AssertSameBytes(fresh, File.ReadAllBytes(DataPath(cmd.TaskId)));
        var request = SingleRequest();
        Assert.Equal((ownRange, 206), (request.Range, request.Status));
    }

    [Fact]
    public void Concurrent_requests_for_one_piece_share_one_fetch()
    {
        var manager = NewManager();
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(2 * Per + 5, 41));
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        // Slow enough that the second request arrives while the first fetch runs.
        Origin.SetOptions("/f", new OriginFileOptions { BytesPerSecond = 8_000_000 });
        Damage(cmd.TaskId, 99);

        manager.Tell(Repair(cmd, copy, 0, "c1"));
        manager.Tell(Repair(cmd, copy, 0, "c2"));

        var answers = new[] { Answer(), Answer() }.OrderBy(a => a.CopyId).ToArray();
        Assert.Equal(
            [
                new TaskCommands.CdnPieceRepaired(cmd.TaskId, "c1", 0, PieceRepairOutcome.Rewritten, ""),
                new TaskCommands.CdnPieceRepaired(cmd.TaskId, "c2", 0, PieceRepairOutcome.Rewritten, ""),
            ],
            answers);
        AssertSameBytes(fresh, File.ReadAllBytes(DataPath(cmd.TaskId)));
        SingleRequest();
    }

    [Fact]
    public void Repairs_beyond_the_running_and_queued_limits_are_refused()
    {
        var manager = NewManager(Settings with { MaxConcurrentRepairs = 1, MaxQueuedRepairs = 1 });
        var (cmd, copy) = Copy(manager, SeededContent.Bytes(3 * Per, 42));
        var fresh = File.ReadAllBytes(DataPath(cmd.TaskId));
        Origin.SetOptions("/f", new OriginFileOptions { BytesPerSecond = 8_000_000 });
        for (var piece = 0; piece < 3; piece++) Damage(cmd.TaskId, (long)piece * Ps + 10);

        for (var piece = 0; piece < 3; piece++) manager.Tell(Repair(cmd, copy, piece));

        // One runs, one waits, the third is refused at once; then they end in order, one source request at a time.
        var refused = Answer();
        Assert.Equal((2, PieceRepairOutcome.Failed), (refused.PieceNum, refused.Outcome));
        var first = Answer();
        var second = Answer();
        Assert.Equal((0, PieceRepairOutcome.Rewritten), (first.PieceNum, first.Outcome));
        Assert.Equal((1, PieceRepairOutcome.Rewritten), (second.PieceNum, second.Outcome));
        AwaitAssert(() => Assert.Equal(2, Origin.Stats("/f").Requests.Count), Wait);
        var repaired = File.ReadAllBytes(DataPath(cmd.TaskId));
        Assert.True(fresh.AsSpan(0, 2 * Ps).SequenceEqual(repaired.AsSpan(0, 2 * Ps)));
        Assert.NotEqual(fresh[2 * Ps + 10], repaired[2 * Ps + 10]);
    }
}
