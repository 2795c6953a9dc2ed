using System.Diagnostics;
using System.Net;
using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Hardening;

/// <summary>
/// A real supernode serving the API and the download port over TLS from its configuration; plain HTTP
/// to either port gets its connection closed without a byte (Kestrel sees no TLS handshake) and harms nothing.
/// </summary>
[Collection(HardenedSupernodes.Name)]
public sealed class TlsTests(HardenedSupernode sn)
{
    [Fact]
    public async Task Ping_registration_and_ranged_piece_reads_work_over_tls()
    {
        Assert.StartsWith("https://", sn.Process.ApiUrl);
        await sn.AssertAliveAsync();
        var content = SeededContent.Bytes(300_000, seed: 91);
        sn.Origin.Serve("/tls/file.bin", content);
        var url = sn.Origin.Url("/tls/file.bin");
        var taskId = ExpectedTaskId.Of(url);

        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), taskId, content.Length);
        Expect.CopySucceeded(await sn.Client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30)), taskId, content);
        await Expect.ServedExactly(sn.Client, taskId, content);

        var range = await sn.Client.GetDownloadAsync($"/download/{taskId[..3]}/{taskId}", "bytes=4-103");
        Assert.Equal(HttpStatusCode.PartialContent, range.Status);
        Expect.SameBytes(Wrapping.Piece(content, 0, Expect.PieceSize)[4..104], range.Body, "bytes 4-103 of the CDN file");
    }

    [Fact]
    public async Task Plain_http_to_either_tls_port_gets_no_answer_and_the_ports_keep_serving()
    {
        foreach (var port in new[] { sn.Process.ApiPort, sn.Process.DownloadPort })
        {
            var watch = Stopwatch.StartNew();
            var (status, answer) = await PlainGetAsync(port);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"port {port} held a plain request for {watch.Elapsed}");
            Assert.True(status == 0, $"port {port} answered plain HTTP with {status}: {answer}");
            Assert.DoesNotContain("HTTP/1.1", answer);
        }
        await sn.AssertAliveAsync();
    }

    /// <summary>A plain-text GET; a connection the server closes or resets counts as no answer (status 0), a hang fails the test.</summary>
    private static async Task<(int Status, string Answer)> PlainGetAsync(int port)
    {
        try
        {
            return await RawHttp.GetAsync(port, "/_ping", TimeSpan.FromSeconds(10));
        }
        catch (IOException e)
        {
            return (0, e.Message);
        }
    }
}
