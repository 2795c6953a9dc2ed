using System.Net;
using System.Text.Json;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Support;

/// <summary>The checks the end-to-end scenarios share, each against values computed from the specs in the test.</summary>
public static class Expect
{
    public const int PieceSize = 4194304;

    /// <summary>The registration answer, byte for byte as the Go supernode writes it (docs/protocol.md).</summary>
    public static void Registered(RawAnswer answer, string taskId, long fileLength)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal(
            $"{{\"code\":200,\"data\":{{\"taskId\":\"{taskId}\",\"fileLength\":{fileLength},\"pieceSize\":{PieceSize},"
            + "\"cdnSource\":\"supernode\",\"asSeed\":false,\"seedTaskID\":\"\"},\"msg\":\"success\"}\n",
            answer.Text);
    }

    /// <summary>A refused registration: HTTP 200 with a ResultInfo <c>{"code":…,"msg":…}</c> (docs/registration.md).</summary>
    public static string Refused(RawAnswer answer, int code)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.EndsWith("\n", answer.Text);
        var json = answer.Json;
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.False(json.TryGetProperty("data", out _), answer.Text);
        var msg = json.GetProperty("msg").GetString();
        Assert.False(string.IsNullOrWhiteSpace(msg), answer.Text);
        return msg!;
    }

    /// <summary>An HTTP error <c>{"code":status,"message":…}</c> with that status; returns the message.</summary>
    public static string Error(RawAnswer answer, HttpStatusCode status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        Assert.EndsWith("\n", answer.Text);
        var json = answer.Json;
        Assert.Equal((int)status, json.GetProperty("code").GetInt32());
        var message = json.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), answer.Text);
        return message!;
    }

    /// <summary>The task's CDN copy succeeded, with the wrapped length and content md5 of <paramref name="content"/>.</summary>
    public static void CopySucceeded(JsonElement task, string taskId, byte[] content)
    {
        Assert.Equal(taskId, task.GetProperty("ID").GetString());
        Assert.Equal("SUCCESS", task.GetProperty("cdnStatus").GetString());
        Assert.Equal(Wrapping.CdnFileLength(content.Length, PieceSize), task.GetProperty("fileLength").GetInt64());
        Assert.Equal(Wrapping.Md5(content), task.GetProperty("realMd5").GetString());
        Assert.Equal(Wrapping.PieceCount(content.Length, PieceSize), task.GetProperty("pieceTotal").GetInt32());
        Assert.Equal(PieceSize, task.GetProperty("pieceSize").GetInt32());
    }

    /// <summary>
    /// Every piece read through the download port as dfget reads it (a full-slot Range, clamped by the server for
    /// the last piece) is the independently computed wrapping of <paramref name="content"/>.
    /// </summary>
    public static async Task ServedExactly(SupernodeClient client, string taskId, byte[] content)
    {
        var fileLength = Wrapping.CdnFileLength(content.Length, PieceSize);
        for (var n = 0; n < Wrapping.PieceCount(content.Length, PieceSize); n++)
        {
            var answer = await client.GetPieceAsync(taskId, n, PieceSize);
            var expected = Wrapping.Piece(content, n, PieceSize);
            Assert.Equal(HttpStatusCode.PartialContent, answer.Status);
            Assert.Equal("application/octet-stream", answer.ContentType);
            var start = (long)n * PieceSize;
            Assert.Equal($"bytes {start}-{start + expected.Length - 1}/{fileLength}", answer.ContentRange);
            SameBytes(expected, answer.Body, $"piece {n}");
        }
    }

    /// <summary>The <c>.md5</c> and <c>.meta</c> files of a successful copy (docs/protocol.md).</summary>
    public static void CompleteOnDisk(Repo repo, string taskId, string url, byte[] content)
    {
        Assert.Equal(Wrapping.Md5File(content, PieceSize), File.ReadAllText(repo.Md5Path(taskId)));
        Assert.Equal(Wrapping.CdnFileLength(content.Length, PieceSize), new FileInfo(repo.DataPath(taskId)).Length);
        var meta = repo.Meta(taskId);
        Assert.Equal(taskId, meta.GetProperty("taskID").GetString());
        Assert.Equal(url, meta.GetProperty("url").GetString());
        Assert.Equal(PieceSize, meta.GetProperty("pieceSize").GetInt32());
        Assert.Equal(content.Length, meta.GetProperty("httpFileLen").GetInt64());
        Assert.Equal(Wrapping.CdnFileLength(content.Length, PieceSize), meta.GetProperty("fileLength").GetInt64());
        Assert.Equal(Wrapping.Md5(content), meta.GetProperty("realMd5").GetString());
        Assert.True(meta.GetProperty("finish").GetBoolean());
        Assert.True(meta.GetProperty("success").GetBoolean());
    }

    /// <summary>
    /// The origin sent the content once: one plain GET answered completely; anything else was the registration
    /// probe of the first byte (<c>Range: bytes=0-0</c>, at most one byte of body).
    /// </summary>
    public static void FetchedOnce(OriginPathStats stats, long contentLength)
    {
        var requests = string.Join("; ", stats.Requests);
        var bodies = stats.Requests.Where(r => r.Method == "GET" && r.Range is null).ToList();
        var fetch = Assert.Single(bodies);
        Assert.True(fetch.Complete && fetch.Status == 200 && fetch.BodyBytes == contentLength, requests);
        Assert.All(stats.Requests.Except(bodies), r => Assert.Equal("bytes=0-0", r.Range));
        Assert.True(stats.BodyBytes <= contentLength + stats.Requests.Count - 1, requests);
    }

    /// <summary>Byte-for-byte equality that reports the first difference instead of dumping megabytes.</summary>
    public static void SameBytes(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var at = expected.AsSpan().CommonPrefixLength(actual);
        Assert.Fail($"{what}: {actual.Length} bytes where {expected.Length} were expected; first difference at offset {at}");
    }
}
