using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>Ten dfgets registering one new URL at once start exactly one fetch of the source.</summary>
[Collection(SharedSupernode.Name)]
public sealed class ConcurrentRegistrationTests(SupernodeFixture sn)
{
    [Fact]
    public async Task Ten_concurrent_registrations_of_a_new_url_get_ten_identical_answers_and_one_origin_fetch()
    {
        var content = SeededContent.Bytes(2 * 4194299 + 1000, seed: 10);
        // Slow enough that the copy is still running while the registrations arrive.
        sn.Origin.Serve("/concurrent.bin", content, new OriginFileOptions { BytesPerSecond = 16 * 1024 * 1024 });
        var url = sn.Origin.Url("/concurrent.bin");
        var taskId = ExpectedTaskId.Of(url);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => sn.Client.RegisterAsync(DfgetRegistration.For(url, n))));

        Assert.All(answers, a => Expect.Registered(a, taskId, content.Length));
        Expect.CopySucceeded(await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        var stats = sn.Origin.Stats("/concurrent.bin");
        Expect.FetchedOnce(stats, content.Length);
        // The first registration probed the source; the other nine joined the task without asking it again.
        Assert.Equal(2, stats.Requests.Count);
        await Expect.ServedExactly(sn.Client, taskId, content);
    }
}
