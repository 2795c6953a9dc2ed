using Supernode.Gateway.Tests.EndToEnd.Support;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// A dfget-shaped registration of a new URL is answered as docs/protocol.md says, the CDN copies
/// the source once, and every piece read back through the download port is the independent wrapping of the source.
/// </summary>
[Collection(SharedSupernode.Name)]
public sealed class RegistrationAndCdnTests(SupernodeFixture sn)
{
    private static readonly TimeSpan CopyDeadline = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(0)] // one empty piece, 5 bytes on disk
    [InlineData(1)]
    [InlineData(4194299)] // exactly one full piece
    [InlineData(4194300)] // one full piece and a 1-byte piece
    [InlineData(8388598)] // exactly two full pieces
    public async Task A_registered_file_is_copied_once_and_every_piece_is_served_byte_exact(int length)
    {
        var path = $"/sizes/{length}.bin";
        sn.Origin.Serve(path, SeededContent.Bytes(length, seed: length));
        await RoundTripAsync(path, SeededContent.Bytes(length, seed: length));
    }

    [Fact]
    public async Task A_50_MiB_file_served_from_disk_is_copied_once_and_served_byte_exact()
    {
        const int length = 50 * 1024 * 1024;
        var content = SeededContent.Bytes(length, seed: 50);
        using var dir = new TempDir("supernode-e2e-origin");
        var file = dir.Combine("file50m.bin");
        await File.WriteAllBytesAsync(file, content);
        sn.Origin.ServeFile("/file50m.bin", file);
        await RoundTripAsync("/file50m.bin", content);
    }

    private async Task RoundTripAsync(string path, byte[] content)
    {
        var url = sn.Origin.Url(path);
        var taskId = ExpectedTaskId.Of(url);

        Expect.Registered(await sn.Client.RegisterAsync(DfgetRegistration.For(url)), taskId, content.Length);

        var task = await sn.Client.WaitForCdnAsync(taskId, CopyDeadline);
        Expect.CopySucceeded(task, taskId, content);
        await Expect.ServedExactly(sn.Client, taskId, content);
        Expect.CompleteOnDisk(sn.Repo, taskId, url, content);
        Expect.FetchedOnce(sn.Origin.Stats(path), content.Length);
    }
}
