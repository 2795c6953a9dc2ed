using System.Collections.Immutable;
using System.Text;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn.Tests;

public sealed class StorageTests : IDisposable
{
    private const string TaskId = "f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6";
    private readonly TempDir _home = new();

    public void Dispose() => _home.Dispose();

    private static readonly CdnFileMeta Example = new(TaskId, "http://127.0.0.1:8009/normal.txt", 4194304, 15, "", 1600000000000, 0, 20, "",
        "a6692a2fcad80f04a0250410d311917a", 1599999999000, "\"5f5e0ff-f\"", true, true);

    private const string ExampleJson =
        "{\"taskID\":\"f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6\",\"url\":\"http://127.0.0.1:8009/normal.txt\",\"pieceSize\":4194304,\"httpFileLen\":15,\"bizId\":\"\",\"accessTime\":1600000000000,\"interval\":0,\"fileLength\":20,\"md5\":\"\",\"realMd5\":\"a6692a2fcad80f04a0250410d311917a\",\"lastModified\":1599999999000,\"eTag\":\"\\\"5f5e0ff-f\\\"\",\"finish\":true,\"success\":true}";

    [Fact]
    public void Meta_is_written_with_go_keys_order_and_escapes()
    {
        Assert.Equal(ExampleJson, Example.ToJson());
    }

    [Fact]
    public void Meta_escapes_html_and_control_characters_like_go()
    {
        var meta = Example with { Url = "http://a.b/f?x=1&y=<2>\u2028\u0001\t", BizId = "é" };
        var json = meta.ToJson();

        Assert.Contains("\"url\":\"http://a.b/f?x=1\\u0026y=\\u003c2\\u003e\\u2028\\u0001\\t\"", json);
        Assert.Contains("\"bizId\":\"é\"", json);
        Assert.Equal(meta, CdnFileMeta.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Meta_round_trips_through_a_file_and_updates_keep_other_fields()
    {
        var path = Path.Combine(_home.Path, "x.meta");
        var meta = new CdnFileMeta(TaskId, "http://a.b.com/file", 4096, 65565, "abc", 1, 0, 0, "", "", 0, "", false, false);
        meta.Write(path);
        Assert.Equal(meta, CdnFileMeta.Read(path));

        (meta with { LastModified = 1, ETag = "etag" }).Write(path);
        Assert.Equal(meta with { LastModified = 1, ETag = "etag" }, CdnFileMeta.Read(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Meta_reading_takes_go_zero_values_and_a_default_piece_size()
    {
        var meta = CdnFileMeta.Parse("{\"taskID\":\"t\",\"finish\":true}"u8);
        Assert.NotNull(meta);
        Assert.Equal(PieceLayout.DefaultPieceSize, meta.PieceSize);
        Assert.True(meta.Finish);
        Assert.False(meta.Success);
        Assert.Equal("", meta.Url);
        Assert.Null(CdnFileMeta.Parse("not json"u8));
        Assert.Null(CdnFileMeta.Read(Path.Combine(_home.Path, "missing.meta")));
    }

    [Fact]
    public void Access_time_update_records_the_interval()
    {
        var meta = Example.Accessed(1600000005000);
        Assert.Equal(1600000005000, meta.AccessTime);
        Assert.Equal(5000, meta.Interval);
        Assert.Equal(0, Example.Accessed(1).Interval);
    }

    [Fact]
    public void Md5_file_matches_the_vector()
    {
        Assert.Equal(
            "8f95b369fc1f8d38262bb1b42d1ac87c:20\na6692a2fcad80f04a0250410d311917a\nc1102165b9d524e1accc850ae02b0490e8f8f6de",
            PieceMd5File.Format(["8f95b369fc1f8d38262bb1b42d1ac87c:20"], "a6692a2fcad80f04a0250410d311917a"));
    }

    [Fact]
    public void Md5_file_round_trips_and_is_validated_on_read()
    {
        var path = Path.Combine(_home.Path, "x.md5");
        string[] md5s = ["91fe5d34ed0a5d11b1ba0dc4c2ad5cce:1502", "11fe5d34ed0a5d11b1ba0dc4c2ad5cce:1502"];
        const string fileMd5 = "7a19c32802d1a5a0aa6b6ec2e6a1649a";
        PieceMd5File.Write(path, md5s, fileMd5);

        Assert.Equal(md5s, PieceMd5File.Read(path, fileMd5));
        Assert.Empty(PieceMd5File.Read(path, "another md5"));
        Assert.False(File.ReadAllText(path).EndsWith('\n'));

        File.WriteAllText(path, File.ReadAllText(path).Replace("91fe", "91ff"));
        Assert.Empty(PieceMd5File.Read(path, fileMd5));
        Assert.Empty(PieceMd5File.Read(Path.Combine(_home.Path, "missing.md5"), fileMd5));
    }

    [Fact]
    public void Md5_file_is_not_written_without_pieces()
    {
        var path = Path.Combine(_home.Path, "none.md5");
        PieceMd5File.Write(path, [], "d41d8cd98f00b204e9800998ecf8427e");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Repo_paths_follow_the_go_layout_and_deleting_removes_an_empty_bucket()
    {
        var repo = new CdnRepo(Path.Combine(_home.Path, "repo"));
        Assert.Equal(Path.Combine(_home.Path, "repo", "download", "f4e", TaskId), repo.DataPath(TaskId));
        Assert.Equal(repo.DataPath(TaskId) + ".meta", repo.MetaPath(TaskId));
        Assert.Equal(repo.DataPath(TaskId) + ".md5", repo.Md5Path(TaskId));

        repo.EnsureTaskDir(TaskId);
        File.WriteAllText(repo.DataPath(TaskId), "x");
        File.WriteAllText(repo.MetaPath(TaskId), "{}");
        repo.DeleteTaskFiles(TaskId);
        Assert.False(Directory.Exists(repo.TaskDir(TaskId)));
        repo.DeleteTaskFiles(TaskId);
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("F4EBFF40FB4FB2BB2659C12E8CFCF8D7197DDE43C28A96C672F736A604883DB6")]
    [InlineData("abc")]
    public void Repo_refuses_what_is_not_a_task_id(string id)
    {
        var repo = new CdnRepo(_home.Path);
        Assert.Throws<ArgumentException>(() => repo.DataPath(id));
    }

    [Fact]
    public void Same_file_check_compares_url_piece_size_and_md5_or_identifier()
    {
        var source = Sources.Of("http://127.0.0.1:8009/normal.txt");
        var meta = CdnFileMeta.Fresh(TaskId, source, PieceLayout.DefaultPieceSize, 15, 1);
        Assert.True(meta.IsSameFile(TaskId, source, PieceLayout.DefaultPieceSize));
        Assert.False(meta.IsSameFile(TaskId, source, 5 * 1024 * 1024));
        Assert.False(meta.IsSameFile(TaskId, source with { TaskUrl = "http://x/" }, PieceLayout.DefaultPieceSize));
        Assert.False(meta.IsSameFile(TaskId, source with { Identifier = "id" }, PieceLayout.DefaultPieceSize));
        var withMd5 = CdnFileMeta.Fresh(TaskId, source with { Md5 = "m", Identifier = "a" }, PieceLayout.DefaultPieceSize, 15, 1);
        Assert.True(withMd5.IsSameFile(TaskId, source with { Md5 = "m", Identifier = "b" }, PieceLayout.DefaultPieceSize));
    }

    [Fact]
    public void A_repo_keeps_its_identity_from_one_start_to_the_next_and_another_repo_has_its_own()
    {
        var repo = new CdnRepo(Path.Combine(_home.Path, "repo"));
        var id = repo.Identity();

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, new CdnRepo(Path.Combine(_home.Path, "repo")).Identity());
        Assert.NotEqual(id, new CdnRepo(Path.Combine(_home.Path, "other")).Identity());
    }
}
