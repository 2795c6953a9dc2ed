using System.Net;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// A source that is missing, wants credentials, cannot be reached or sends other content gets
/// the answers of docs/registration.md; the supernode stays up and never serves a half-made copy as complete.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class OriginFailureTests(SupernodeFixture sn)
{
    [Fact]
    public async Task An_origin_404_is_refused_with_607_and_not_asked_again_within_the_fail_access_interval()
    {
        var url = sn.Origin.Url("/missing.bin");
        var taskId = ExpectedTaskId.Of(url);

        Assert.Contains("404", Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), 607));
        await NothingIsServedAsync(taskId);

        var asked = sn.Origin.Stats("/missing.bin").Requests.Count;
        Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url, 1)), 607);
        Assert.Equal(asked, sn.Origin.Stats("/missing.bin").Requests.Count);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task An_origin_401_is_refused_with_608()
    {
        sn.Origin.Serve("/private.bin", SeededContent.Bytes(100, seed: 401),
            new OriginFileOptions { RequiredHeader = new("Authorization", "Basic dXNlcjpwYXNz") });
        var url = sn.Origin.Url("/private.bin");

        Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), 608);
        await NothingIsServedAsync(ExpectedTaskId.Of(url));
        Assert.Equal(0, sn.Origin.Stats("/private.bin").BodyBytes);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task An_origin_407_is_refused_with_608()
    {
        sn.Origin.Serve("/proxied.bin", SeededContent.Bytes(100, seed: 407), new OriginFileOptions { ForcedStatus = 407 });
        var url = sn.Origin.Url("/proxied.bin");

        Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), 608);
        await NothingIsServedAsync(ExpectedTaskId.Of(url));
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task An_unreachable_origin_is_refused_with_607()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/nobody-listens.bin";

        Assert.Contains("not reachable", Expect.Refused(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), 607));
        await NothingIsServedAsync(ExpectedTaskId.Of(url));
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task An_origin_500_at_the_probe_registers_with_unknown_length_and_the_copy_fails()
    {
        sn.Origin.Serve("/broken.bin", SeededContent.Bytes(100, seed: 500), new OriginFileOptions { ForcedStatus = 500 });
        var url = sn.Origin.Url("/broken.bin");
        var taskId = ExpectedTaskId.Of(url);

        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), taskId, fileLength: -1);

        var task = await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        Assert.Equal("FAILED", task.GetProperty("cdnStatus").GetString());
        NotCompleteOnDisk(taskId);
        await sn.AssertAliveAsync();
    }

    [Fact]
    public async Task A_registered_md5_that_the_content_does_not_match_fails_the_copy_cleanly()
    {
        var content = SeededContent.Bytes(4194300, seed: 5);
        sn.Origin.Serve("/other-md5.bin", content);
        var url = sn.Origin.Url("/other-md5.bin");
        var wrongMd5 = Wrapping.Md5(SeededContent.Bytes(4194300, seed: 6));
        var taskId = ExpectedTaskId.Of(url, md5: wrongMd5);

        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url) with { Md5 = wrongMd5 }), taskId, content.Length);

        var task = await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60));
        Assert.Equal("FAILED", task.GetProperty("cdnStatus").GetString());
        Assert.Equal(wrongMd5, task.GetProperty("md5").GetString());
        Assert.False(task.TryGetProperty("realMd5", out _), task.ToString());
        NotCompleteOnDisk(taskId);
        await sn.AssertAliveAsync();
    }

    /// <summary>No task, no copy: the task is unknown and the download port has no file for it.</summary>
    private async Task NothingIsServedAsync(string taskId)
    {
        Expect.Error(await sn.Client.GetTaskAsync(taskId), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await sn.Client.GetPieceAsync(taskId, 0, Expect.PieceSize)).Status);
        Assert.False(File.Exists(sn.Repo.MetaPath(taskId)));
        Assert.False(File.Exists(sn.Repo.DataPath(taskId)));
    }

    /// <summary>The copy ended and says it failed: <c>.meta</c> finished without success, and no <c>.md5</c> list.</summary>
    private void NotCompleteOnDisk(string taskId)
    {
        var meta = sn.Repo.Meta(taskId);
        Assert.True(meta.GetProperty("finish").GetBoolean(), meta.ToString());
        Assert.False(meta.GetProperty("success").GetBoolean(), meta.ToString());
        Assert.Equal("", meta.GetProperty("realMd5").GetString());
        Assert.False(File.Exists(sn.Repo.Md5Path(taskId)));
    }
}
