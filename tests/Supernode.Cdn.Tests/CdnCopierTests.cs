using System.Security.Cryptography;
using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;
using Supernode.Cdn.Guard;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Cdn.Tests;

public sealed class CdnCopierTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Ps = PieceLayout.DefaultPieceSize;
    private const int Per = Ps - 5;
    private readonly TempDir _home = new();
    private readonly LoopbackOrigin _origin = new();
    private readonly List<OriginClient> _clients = [];
    private readonly List<(int First, ImmutableArray<string> Md5s, long Length)> _reports = [];

    public Task InitializeAsync() => _origin.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _origin.DisposeAsync();
        _home.Dispose();
    }

    private CdnRepo Repo => new(Path.Combine(_home.Path, "repo"));

    /// <summary>A copier as a freshly started replica has it: nothing in memory, only the repo on disk.</summary>
    private CdnCopier NewCopier(TimeSpan? readTimeout)
    {
        var client = new OriginClient(TimeSpan.FromSeconds(4), SourceGuard.Default, readTimeout);
        _clients.Add(client);
        return new CdnCopier(Repo, client);
    }

    private Task<CopyOutcome> CopyAsync(CdnCommands.StartCopy cmd, TimeSpan? readTimeout = null)
    {
        lock (_reports) _reports.Clear();
        return NewCopier(readTimeout).CopyAsync(cmd, (first, md5s, length) =>
        {
            lock (_reports) _reports.Add((first, md5s, length));
        }, CancellationToken.None);
    }

    private void AssertOnDisk(string taskId, byte[] content)
    {
        var expected = ExpectedWrapping.Pieces(content, Ps).ToList();
        using var file = File.OpenRead(Repo.DataPath(taskId));
        Assert.Equal(PieceLayout.WrappedLength(content.Length, Ps), file.Length);
        var buffer = new byte[Ps];
        for (var n = 0; n < expected.Count; n++)
        {
            file.Position = (long)n * Ps;
            file.ReadExactly(buffer, 0, expected[n].Piece.Length);
            Assert.True(expected[n].Piece.AsSpan().SequenceEqual(buffer.AsSpan(0, expected[n].Piece.Length)), $"piece {n} differs");
        }
        var meta = CdnFileMeta.Read(Repo.MetaPath(taskId))!;
        Assert.True(meta.Finish && meta.Success);
        Assert.Equal(ExpectedWrapping.Md5(content), meta.RealMd5);
        Assert.Equal(file.Length, meta.FileLength);
        Assert.Equal(expected.Select(p => p.Md5), PieceMd5File.Read(Repo.Md5Path(taskId), meta.RealMd5));
    }

    /// <summary>What the task would know from the progress reports: each one replaces from its first piece on.</summary>
    private List<string> ReportedMd5s()
    {
        var known = new List<string>();
        lock (_reports)
            foreach (var (first, md5s, _) in _reports)
            {
                Assert.InRange(first, 0, known.Count);
                known.RemoveRange(first, known.Count - first);
                known.AddRange(md5s);
            }
        return known;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4194299)]
    [InlineData(4194300)]
    [InlineData(8388598)]
    [InlineData(52428800)]
    public async Task Fresh_copy_writes_every_piece_as_the_wire_format_says(int length)
    {
        var content = SeededContent.Bytes(length, seed: length);
        _origin.Serve("/f.bin", content);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f.bin")), length);

        var outcome = await CopyAsync(cmd);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(CdnCopyOrigin.Downloaded, outcome.Origin);
        var expected = ExpectedWrapping.Pieces(content, Ps).Select(p => p.Md5).ToList();
        Assert.Equal(expected, outcome.PieceMd5s);
        Assert.Equal(PieceLayout.WrappedLength(length, Ps), outcome.FileLength);
        Assert.Equal(length, outcome.HttpFileLength);
        Assert.Equal(ExpectedWrapping.Md5(content), outcome.RealMd5);
        Assert.Equal(length, outcome.SourceBytes);
        AssertOnDisk(cmd.TaskId, content);
        Assert.Equal(Enumerable.Range(0, expected.Count), _reports.Select(r => r.First));
        Assert.All(_reports, r => Assert.Equal(length, r.Length));
        Assert.Equal(expected, ReportedMd5s());
        var stats = _origin.Stats("/f.bin");
        Assert.Single(stats.Requests);
        Assert.Equal(1, stats.CompleteBodies);
        Assert.Equal(length, stats.BodyBytes);
    }

    [Fact]
    public async Task Empty_source_is_one_empty_piece()
    {
        _origin.Serve("/empty", []);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/empty")), 0);

        var outcome = await CopyAsync(cmd);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(["d6991051769098273e82477afd2bb93e:5"], outcome.PieceMd5s.ToArray());
        Assert.Equal(5, outcome.FileLength);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", outcome.RealMd5);
        Assert.Equal("040000007f", Convert.ToHexStringLower(File.ReadAllBytes(Repo.DataPath(cmd.TaskId))));
    }

    [Fact]
    public async Task Chunked_source_of_unknown_length_is_measured_by_reading_it()
    {
        var content = SeededContent.Bytes(Per + 10, 7);
        _origin.Serve("/chunked", content, new OriginFileOptions { Chunked = true });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/chunked")), -1);

        var outcome = await CopyAsync(cmd);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(content.Length, outcome.HttpFileLength);
        Assert.All(_reports, r => Assert.Equal(-1, r.Length));
        AssertOnDisk(cmd.TaskId, content);
    }

    [Fact]
    public async Task Registered_md5_mismatch_fails_and_leaves_an_unsuccessful_meta()
    {
        _origin.Serve("/f", "hello Dragonfly"u8.ToArray());
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f"), md5: "0123456789abcdef0123456789abcdef"), 15);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.Contains("md5 mismatch", outcome.Error);
        var meta = CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!;
        Assert.True(meta.Finish);
        Assert.False(meta.Success);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));
    }

    [Fact]
    public async Task Right_registered_md5_succeeds()
    {
        _origin.Serve("/f", "hello Dragonfly"u8.ToArray());
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f"), md5: "a6692a2fcad80f04a0250410d311917a"), 15);

        var outcome = await CopyAsync(cmd);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(["8f95b369fc1f8d38262bb1b42d1ac87c:20"], outcome.PieceMd5s.ToArray());
    }

    [Fact]
    public async Task A_copy_of_a_task_named_by_its_digest_must_hash_to_it()
    {
        var content = SeededContent.Bytes(3 * Per + 7, 4);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        _origin.Serve("/blob", content);
        var right = Sources.Copy(Sources.Of(_origin.Url("/blob")) with { Digest = digest }, content.Length) with { TaskId = digest[7..] };

        var outcome = await CopyAsync(right);

        Assert.True(outcome.Success, outcome.Error);
        AssertOnDisk(right.TaskId, content);

        var wrongDigest = "sha256:" + new string('0', 64);
        var wrong = Sources.Copy(Sources.Of(_origin.Url("/blob")) with { Digest = wrongDigest }, content.Length) with { TaskId = new string('0', 64) };
        outcome = await CopyAsync(wrong);

        Assert.False(outcome.Success);
        Assert.Contains($"digest mismatch: the task is named {wrongDigest}, the content is {digest}", outcome.Error);
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(wrong.TaskId))!.Success);
    }

    [Fact]
    public async Task A_source_longer_or_shorter_than_the_declared_length_fails_before_a_piece_is_written()
    {
        _origin.Serve("/declared", SeededContent.Bytes(2 * Per, 5));
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/declared")) with { DeclaredLength = Per }, Per);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.Contains($"length mismatch: the registration declared {Per} bytes, the source has {2 * Per}", outcome.Error);
        Assert.Empty(_reports);
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Success);
    }

    [Fact]
    public async Task Fewer_bytes_than_the_registered_length_fail()
    {
        _origin.Serve("/short", SeededContent.Bytes(50, 1), new OriginFileOptions { Chunked = true });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/short")), 100);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.Contains("length mismatch", outcome.Error);
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Success);
    }

    [Fact]
    public async Task Body_shorter_than_its_content_length_fails()
    {
        _origin.Serve("/liar", SeededContent.Bytes(1000, 1), new OriginFileOptions { DeclaredLength = 5000 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/liar")), 5000);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Success);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Error_status_fails_the_copy(int status)
    {
        _origin.Serve("/f", [1, 2, 3], new OriginFileOptions { ForcedStatus = status });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), -1);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.Equal($"unexpected status code: {status}", outcome.Error);
    }

    [Fact]
    public async Task Unreachable_source_fails_the_copy()
    {
        var cmd = Sources.Copy(Sources.Of($"http://127.0.0.1:{FreePort.Next()}/f"), -1);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.NotEmpty(outcome.Error);
    }

    [Fact]
    public async Task Task_headers_are_sent_to_the_source()
    {
        _origin.Serve("/private", [1, 2, 3], new OriginFileOptions { RequiredHeader = new("Authorization", "Bearer t") });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/private"), headers: [new("Authorization", "Bearer t")]), 3);

        Assert.True((await CopyAsync(cmd)).Success);
    }

    [Fact]
    public async Task Finished_copy_is_reused_after_a_restart_when_the_source_answers_304()
    {
        var content = SeededContent.Bytes(2 * Per + 77, 3);
        var lastModified = new DateTimeOffset(2018, 6, 15, 14, 40, 41, TimeSpan.Zero);
        _origin.Serve("/f", content, new OriginFileOptions { LastModified = lastModified });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), content.Length);
        var first = await CopyAsync(cmd);
        Assert.True(first.Success, first.Error);
        Assert.Equal(1529073641000, CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.LastModified);

        var second = await CopyAsync(cmd with { CopyId = "c2" });

        Assert.True(second.Success, second.Error);
        Assert.Equal(CdnCopyOrigin.CacheHit, second.Origin);
        Assert.Equal(0, second.SourceBytes);
        Assert.Equal(first.PieceMd5s.ToArray(), second.PieceMd5s.ToArray());
        Assert.Equal(first.RealMd5, second.RealMd5);
        Assert.Equal(first.FileLength, second.FileLength);
        Assert.Equal(content.Length, second.HttpFileLength);
        var report = Assert.Single(_reports);
        Assert.Equal((0, content.Length), (report.First, report.Length));
        Assert.Equal(first.PieceMd5s.ToArray(), report.Md5s.ToArray());
        var stats = _origin.Stats("/f");
        Assert.Equal(2, stats.Requests.Count);
        Assert.Equal("Fri, 15 Jun 2018 14:40:41 GMT", stats.Requests[1].IfModifiedSince);
        Assert.Equal(304, stats.Requests[1].Status);
        Assert.Equal(1, stats.CompleteBodies);
        Assert.Equal(content.Length, stats.BodyBytes);
    }

    [Fact]
    public async Task Etag_alone_validates_the_cache_with_if_none_match()
    {
        _origin.Serve("/f", [1, 2, 3], new OriginFileOptions { ETag = "\"v1\"" });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), 3);
        await CopyAsync(cmd);
        Assert.Equal("\"v1\"", CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.ETag);

        var second = await CopyAsync(cmd);

        Assert.Equal(CdnCopyOrigin.CacheHit, second.Origin);
        var request = _origin.Stats("/f").Requests[1];
        Assert.Equal("\"v1\"", request.IfNoneMatch);
        Assert.Null(request.IfModifiedSince);
    }

    [Fact]
    public async Task Source_without_validators_is_fetched_again()
    {
        var content = SeededContent.Bytes(1000, 4);
        _origin.Serve("/f", content);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), content.Length);
        await CopyAsync(cmd);

        var second = await CopyAsync(cmd);

        Assert.True(second.Success, second.Error);
        Assert.Equal(CdnCopyOrigin.Downloaded, second.Origin);
        var stats = _origin.Stats("/f");
        Assert.Equal(2, stats.Requests.Count);
        Assert.Equal(2, stats.CompleteBodies);
        Assert.All(stats.Requests, r => Assert.Null(r.IfModifiedSince ?? r.IfNoneMatch));
        AssertOnDisk(cmd.TaskId, content);
    }

    [Fact]
    public async Task Changed_source_is_fetched_again()
    {
        _origin.Serve("/f", [1, 2, 3], new OriginFileOptions { ETag = "\"v1\"" });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), 3);
        await CopyAsync(cmd);
        _origin.Serve("/f", [4, 5, 6], new OriginFileOptions { ETag = "\"v2\"" });

        var second = await CopyAsync(cmd);

        Assert.Equal(CdnCopyOrigin.Downloaded, second.Origin);
        AssertOnDisk(cmd.TaskId, [4, 5, 6]);
        Assert.Equal("\"v2\"", CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.ETag);
    }

    [Fact]
    public async Task Cache_hit_with_a_damaged_md5_file_recomputes_the_piece_md5s_from_the_data()
    {
        var content = SeededContent.Bytes(Per + 1, 5);
        _origin.Serve("/f", content, new OriginFileOptions { ETag = "\"v1\"" });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), content.Length);
        var first = await CopyAsync(cmd);
        File.WriteAllText(Repo.Md5Path(cmd.TaskId), "garbage");

        var second = await CopyAsync(cmd);

        Assert.Equal(CdnCopyOrigin.CacheHit, second.Origin);
        Assert.Equal(first.PieceMd5s.ToArray(), second.PieceMd5s.ToArray());
        Assert.Equal(first.PieceMd5s.ToArray(), PieceMd5File.Read(Repo.Md5Path(cmd.TaskId), first.RealMd5));
    }

    [Fact]
    public async Task Cache_whose_data_file_is_gone_is_fetched_again()
    {
        _origin.Serve("/f", [1, 2, 3], new OriginFileOptions { ETag = "\"v1\"" });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), 3);
        await CopyAsync(cmd);
        File.Delete(Repo.DataPath(cmd.TaskId));

        var second = await CopyAsync(cmd);

        Assert.Equal(CdnCopyOrigin.Downloaded, second.Origin);
        AssertOnDisk(cmd.TaskId, [1, 2, 3]);
    }

    [Fact]
    public async Task Interrupted_copy_is_resumed_with_a_range_and_fetches_only_the_missing_bytes()
    {
        var content = SeededContent.Bytes(3 * Per + 1000, 6);
        var options = new OriginFileOptions { LastModified = DateTimeOffset.UtcNow.AddDays(-1), BreakAtOffset = 2 * Per + Per / 2 };
        _origin.Serve("/big", content, options);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/big")), content.Length);

        var interrupted = await CopyAsync(cmd);

        Assert.False(interrupted.Success);
        var kept = ReportedMd5s().Count;
        Assert.InRange(kept, 1, 2);
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Finish);

        _origin.SetOptions("/big", options with { BreakAtOffset = null });
        _origin.ResetStats();
        var resumed = await CopyAsync(cmd with { CopyId = "c2" });

        Assert.True(resumed.Success, resumed.Error);
        Assert.Equal(CdnCopyOrigin.Resumed, resumed.Origin);
        var missing = content.Length - (long)kept * Per;
        Assert.Equal(missing, resumed.SourceBytes);
        AssertOnDisk(cmd.TaskId, content);
        Assert.Equal(ExpectedWrapping.Pieces(content, Ps).Select(p => p.Md5), resumed.PieceMd5s);
        Assert.Equal(0, _reports[0].First);
        Assert.Equal(kept, _reports[0].Md5s.Length);
        Assert.Equal(resumed.PieceMd5s, ReportedMd5s());
        var fetch = Assert.Single(_origin.Stats("/big").Requests, r => r.Range is not null && r.Range != "bytes=0-0");
        Assert.Equal($"bytes={kept * (long)Per}-{content.Length - 1}", fetch.Range);
        Assert.Equal(206, fetch.Status);
        Assert.Equal(missing, fetch.BodyBytes);
        Assert.True(fetch.Complete);
        Assert.Equal(0, _origin.Stats("/big").PlainGets);
        output.WriteLine($"{content.Length} bytes: {kept} pieces kept, {missing} bytes fetched on resume");
    }

    [Fact]
    public async Task Interrupted_copy_of_a_source_without_ranges_starts_over()
    {
        var content = SeededContent.Bytes(2 * Per + 10, 8);
        var options = new OriginFileOptions { ETag = "\"v1\"", BreakAtOffset = Per + 10 };
        _origin.Serve("/f", content, options);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), content.Length);
        Assert.False((await CopyAsync(cmd)).Success);

        _origin.SetOptions("/f", options with { BreakAtOffset = null, SupportsRange = false });
        var second = await CopyAsync(cmd);

        Assert.True(second.Success, second.Error);
        Assert.Equal(CdnCopyOrigin.Downloaded, second.Origin);
        Assert.Equal(content.Length, second.SourceBytes);
        AssertOnDisk(cmd.TaskId, content);
    }

    [Fact]
    public async Task Interrupted_copy_of_a_changed_source_starts_over()
    {
        var content = SeededContent.Bytes(2 * Per + 10, 9);
        _origin.Serve("/f", content, new OriginFileOptions { ETag = "\"v1\"", BreakAtOffset = Per + 10 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/f")), content.Length);
        Assert.False((await CopyAsync(cmd)).Success);

        var changed = SeededContent.Bytes(content.Length, 10);
        _origin.Serve("/f", changed, new OriginFileOptions { ETag = "\"v2\"" });
        var second = await CopyAsync(cmd);

        Assert.Equal(CdnCopyOrigin.Downloaded, second.Origin);
        AssertOnDisk(cmd.TaskId, changed);
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_the_body_is_resumed_in_the_same_copy_from_the_last_whole_piece()
    {
        var content = SeededContent.Bytes(3 * Per + 1000, 11);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/flaky")), content.Length);
        // The copy has written its first piece when the answer breaks off: what it keeps is exactly that piece.
        _origin.Serve("/flaky", content, new OriginFileOptions
        {
            ETag = "\"f1\"", ResetAfterBytes = Per + Per / 2, ResetTimes = 1,
            HoldResetUntil = ct => Poll.UntilAsync(() => File.Exists(Repo.DataPath(cmd.TaskId)) && new FileInfo(Repo.DataPath(cmd.TaskId)).Length >= Per + 5,
                TimeSpan.FromSeconds(30), "the copy's first piece on disk").WaitAsync(ct),
        });

        var outcome = await CopyAsync(cmd);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Contains("resumed at byte", outcome.Note);
        AssertOnDisk(cmd.TaskId, content);
        Assert.Equal(outcome.PieceMd5s, ReportedMd5s());
        var gets = _origin.Stats("/flaky").Requests.Where(r => r.Method == "GET" && r.Range != "bytes=0-0").ToList();
        Assert.Equal(2, gets.Count);
        Assert.Null(gets[0].Range);
        Assert.Equal($"bytes={Per}-{content.Length - 1}", gets[1].Range);
        // What was fetched twice is the part of the broken piece that had arrived: less than one piece.
        var bodyBytes = gets.Sum(r => r.BodyBytes);
        Assert.InRange(bodyBytes, content.Length, content.Length + Per);
        output.WriteLine($"{content.Length} bytes of content, {bodyBytes} body bytes from the source over {gets.Count} GETs");
    }

    [Fact]
    public async Task A_source_that_keeps_breaking_without_progress_fails_the_copy_after_a_few_resumes()
    {
        var content = SeededContent.Bytes(2 * Per, 12);
        _origin.Serve("/broken", content, new OriginFileOptions { ETag = "\"b1\"", ResetAfterBytes = Per / 2 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/broken")), content.Length);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.Contains("broke off", outcome.Error);
        var gets = _origin.Stats("/broken").Requests.Count(r => r.Method == "GET" && r.Range != "bytes=0-0");
        Assert.Equal(1 + CdnCopier.ResumesWithoutProgress, gets);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));
    }

    [Fact]
    public async Task A_source_whose_content_changes_while_resuming_fails_the_copy_and_the_next_one_starts_over()
    {
        var content = SeededContent.Bytes(2 * Per + 10, 13);
        _origin.Serve("/moving", content, new OriginFileOptions { ETag = "\"m1\"", ResetAfterBytes = Per + 10 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/moving")), content.Length);
        var changed = SeededContent.Bytes(content.Length, 14);
        var copy = CopyAsync(cmd);
        // Once the first answer broke, the source serves another version; the copy pauses before it asks again.
        await Poll.UntilAsync(() => _origin.Stats("/moving").Requests.Any(r => r.Method == "GET" && r.Range is null), TimeSpan.FromSeconds(30));
        _origin.Serve("/moving", changed, new OriginFileOptions { ETag = "\"m2\"" });

        var outcome = await copy;
        if (outcome.Success)
        {
            // The machine was too slow to swap the version in the pause: the old one was resumed to its end.
            output.WriteLine("the version changed only after the copy ended");
            AssertOnDisk(cmd.TaskId, content);
            return;
        }
        Assert.Contains("changed", outcome.Error);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));

        var next = await CopyAsync(cmd with { CopyId = "c2" });
        Assert.True(next.Success, next.Error);
        Assert.Equal(CdnCopyOrigin.Downloaded, next.Origin);
        AssertOnDisk(cmd.TaskId, changed);
    }

    [Fact]
    public async Task A_stalled_source_fails_the_copy_after_the_read_timeout_and_the_next_copy_completes()
    {
        var content = SeededContent.Bytes(2 * Per + 10, 15);
        var options = new OriginFileOptions { ETag = "\"s1\"", StallAtOffset = Per + 10 };
        _origin.Serve("/stall", content, options);
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/stall")), content.Length);
        var readTimeout = TimeSpan.FromSeconds(1);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var stalled = await CopyAsync(cmd, readTimeout);
        watch.Stop();

        Assert.False(stalled.Success);
        Assert.Contains("sent nothing", stalled.Error);
        // One whole piece arrived before the stall; the resumes from it stall at once, so at most a few timeouts pass.
        Assert.InRange(watch.Elapsed, readTimeout, TimeSpan.FromSeconds(60));
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Success);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));
        output.WriteLine($"stalled copy failed after {watch.Elapsed.TotalSeconds:0.0} s: {stalled.Error}");

        _origin.SetOptions("/stall", options with { StallAtOffset = null });
        var next = await CopyAsync(cmd with { CopyId = "c2" }, readTimeout);
        Assert.True(next.Success, next.Error);
        AssertOnDisk(cmd.TaskId, content);
    }

    [Fact]
    public async Task A_slow_source_that_keeps_sending_is_not_cut_by_the_read_timeout()
    {
        var content = SeededContent.Bytes(Per + 600_000, 16);
        _origin.Serve("/slow", content, new OriginFileOptions { BytesPerSecond = 1_500_000 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/slow")), content.Length);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await CopyAsync(cmd, TimeSpan.FromSeconds(1));

        Assert.True(outcome.Success, outcome.Error);
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(2), $"the copy took {watch.Elapsed}, the source was not slow");
        AssertOnDisk(cmd.TaskId, content);
        output.WriteLine($"{content.Length} bytes at 1.5 MB/s took {watch.Elapsed.TotalSeconds:0.0} s with a 1 s read timeout");
    }

    [Fact]
    public async Task A_body_shorter_than_announced_is_not_resumed_into_a_copy()
    {
        var content = SeededContent.Bytes(Per + 1000, 17);
        _origin.Serve("/short-body", content, new OriginFileOptions { ETag = "\"l1\"", DeclaredLength = content.Length + 5000 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/short-body")), content.Length + 5000);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));
        output.WriteLine(outcome.Error);
    }

    [Fact]
    public async Task A_body_longer_than_its_content_length_fails_the_copy()
    {
        // The first-byte probe told the whole length (Content-Range); the download's Content-Length then says less.
        // The origin goes on writing past it, so its server resets the connection: the copy asks again from the last
        // whole piece and the source's answer gives the real length, not the one the copy was made for.
        var content = SeededContent.Bytes(Per + 1000, 18);
        _origin.Serve("/long-body", content, new OriginFileOptions { DeclaredLength = content.Length - 700 });
        var cmd = Sources.Copy(Sources.Of(_origin.Url("/long-body")), content.Length);

        var outcome = await CopyAsync(cmd);

        Assert.False(outcome.Success, "a prefix of the content was recorded as the copy");
        output.WriteLine(outcome.Error);
        Assert.False(File.Exists(Repo.Md5Path(cmd.TaskId)));
        Assert.False(CdnFileMeta.Read(Repo.MetaPath(cmd.TaskId))!.Success);
    }

    [Fact]
    public async Task Url_that_is_not_http_is_not_fetched()
    {
        var outcome = await CopyAsync(Sources.Copy(Sources.Of("file:///etc/passwd"), -1));
        Assert.False(outcome.Success);
        Assert.Empty(Directory.Exists(Repo.RepoDir) ? Directory.EnumerateFileSystemEntries(Repo.RepoDir) : []);
    }
}
