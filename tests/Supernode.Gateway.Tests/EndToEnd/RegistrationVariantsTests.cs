using System.Text;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The other shapes a registration takes: the swagger's key casing, a form body, headers for the
/// source (credentials, a Range that makes its own task), each giving the answer and the copy dfget expects.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class RegistrationVariantsTests(SupernodeFixture sn)
{
    [Fact]
    public async Task Swagger_key_casing_and_a_form_body_register_like_dfget_json()
    {
        var content = SeededContent.Bytes(1000, seed: 77);
        sn.Origin.Serve("/shapes.bin", content);
        var url = sn.Origin.Url("/shapes.bin");
        var taskId = ExpectedTaskId.Of(url);

        var swagger = $"{{\"rawURL\":\"{url}\",\"taskURL\":\"{url}\",\"cID\":\"127.0.0.1-1-1.000\",\"IP\":\"127.0.0.1\",\"hostName\":\"vm\","
                      + "\"port\":15001,\"path\":\"/peer/file/shapes.bin-1-1.000\",\"version\":\"1.0.6\",\"superNodeIP\":\"127.0.0.1\"}";
        Expect.Registered(await sn.Client.PostRegistryAsync(Encoding.UTF8.GetBytes(swagger), "application/json"), taskId, content.Length);

        var form = $"rawurl={Uri.EscapeDataString(url)}&cid=127.0.0.1-2-1.000&ip=127.0.0.1&path=%2Fpeer%2Ffile%2Fshapes.bin-2-1.000&hostname=vm";
        Expect.Registered(await sn.Client.PostRegistryAsync(Encoding.ASCII.GetBytes(form), "application/x-www-form-urlencoded"),
            taskId, content.Length);

        Expect.CopySucceeded(await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        await Expect.ServedExactly(sn.Client, taskId, content);
    }

    [Fact]
    public async Task Registered_headers_reach_the_source_for_the_probe_and_the_copy()
    {
        var content = SeededContent.Bytes(4194300, seed: 78);
        sn.Origin.Serve("/with-credentials.bin", content,
            new OriginFileOptions { RequiredHeader = new("Authorization", "Bearer s3cret") });
        var url = sn.Origin.Url("/with-credentials.bin");
        var taskId = ExpectedTaskId.Of(url);

        var registration = DfgetRegistration.For(url) with { Headers = ["Authorization: Bearer s3cret"] };
        Expect.Registered(await sn.Client.RegisterAsync(registration), taskId, content.Length);

        var task = await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60));
        Expect.CopySucceeded(task, taskId, content);
        Assert.DoesNotContain("s3cret", task.ToString());
        await Expect.ServedExactly(sn.Client, taskId, content);
        Expect.FetchedOnce(sn.Origin.Stats("/with-credentials.bin"), content.Length);
        Assert.DoesNotContain("s3cret", sn.Process.Output);
    }

    [Fact]
    public async Task A_range_header_makes_its_own_task_of_that_range_of_the_source()
    {
        var whole = SeededContent.Bytes(1000, seed: 79);
        sn.Origin.Serve("/ranged.bin", whole);
        var url = sn.Origin.Url("/ranged.bin");
        var taskId = ExpectedTaskId.Of(url, range: "bytes=100-199");
        var content = whole[100..200];

        var registration = DfgetRegistration.For(url) with { Headers = ["Range: bytes=100-199"] };
        Expect.Registered(await sn.Client.RegisterAsync(registration), taskId, content.Length);

        Expect.CopySucceeded(await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(60)), taskId, content);
        await Expect.ServedExactly(sn.Client, taskId, content);
        Expect.CompleteOnDisk(sn.Repo, taskId, url, content);
    }
}
