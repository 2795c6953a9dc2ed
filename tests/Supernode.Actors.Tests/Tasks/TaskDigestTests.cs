using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class TaskDigestTests
{
    private static readonly string Hex = new string('0', 32) + "0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_sha256_digest_names_the_task_by_its_hex_digits()
    {
        Assert.True(TaskDigest.TryTaskId("sha256:" + Hex, out var id, out _));
        Assert.Equal(Hex, id);
        Assert.Equal("sha256:" + Hex, TaskDigest.Of(Hex));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("sha512:0123")]
    [InlineData("SHA256:00000000000000000000000000000000000000000000000000000000000000aa")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000AA")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000a")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000aaa")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000/..")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000aa")]
    public void Anything_else_is_refused_with_the_form_expected(string taskId)
    {
        Assert.False(TaskDigest.TryTaskId(taskId, out _, out var problem));
        Assert.Contains("sha256: and 64 lowercase hex digits", problem);
    }
}
