using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests;

/// <summary>the piece vectors of docs/protocol.md.</summary>
public sealed class TaskIdentityTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8009/normal.txt", null, null, null, "f4ebff40fb4fb2bb2659c12e8cfcf8d7197dde43c28a96c672f736a604883db6")]
    [InlineData("http://a.b.com/file", null, null, null, "20baf20533f5ac30bbe43485b96d4a977089aaf89e7fd7e5111d3c60ee3bdde9")]
    [InlineData("http://a.b.com/file", null, "abc", null, "20626a9b60b5c19d4dcc9b91fd375f723c97f4a64643f0ee5a679c3a471a4e30")]
    [InlineData("http://a.b.com/file", "d41d8cd98f00b204e9800998ecf8427e", "abc", null, "e10969decd5d8190030dcd91d594f0d355098e7a128bb160d4efd07912a10b91")]
    [InlineData("http://a.b.com/file", null, null, "bytes=0-99", "954c1d888f5d3498e2be6a85c8cb0f90c16d13d3994b1b711857a2bd18869966")]
    public void TaskId_matches_the_go_supernode(string url, string? md5, string? identifier, string? range, string expected) =>
        Assert.Equal(expected, TaskIdentity.Compute(url, md5, identifier, range));

    [Fact]
    public void Key_is_the_documented_bytes() =>
        Assert.Equal("3e492470672d7e41537e7350277271755f604f68266c7a23395d223d3b6e4525",
            Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(TaskIdentity.Key)));

    [Fact]
    public void Range_comes_from_the_converted_header_map()
    {
        var headers = TaskIdentity.ConvertHeaders(["Range: bytes=0-99"]);
        Assert.Equal("954c1d888f5d3498e2be6a85c8cb0f90c16d13d3994b1b711857a2bd18869966",
            TaskIdentity.Compute("http://a.b.com/file", null, null, headers));
    }

    [Theory]
    [InlineData("http://www.a.b.com", new string[0], "http://www.a.b.com")]
    [InlineData("http://www.a.b.com?key1=value1", new[] { "key1" }, "http://www.a.b.com")]
    [InlineData("http://www.a.b.com?key1=value1", new[] { "key2" }, "http://www.a.b.com?key1=value1")]
    [InlineData("http://www.a.b.com?key1=value1&key2=value2&key3=value3", new[] { "key2" }, "http://www.a.b.com?key1=value1&key3=value3")]
    [InlineData("http://www.a.b.com?key1=value1&key2=value2&key3=value3", new[] { "key2", "key3" }, "http://www.a.b.com?key1=value1")]
    [InlineData("http://www.a.b.com?key1=value1&key2=value2&key3=value3", new[] { "key2 ", "key3" }, "http://www.a.b.com?key1=value1&key2=value2")]
    [InlineData("http://www.a.b.com?key1=value1&key2=value2&key1=value3", new[] { "key1" }, "http://www.a.b.com?key2=value2")]
    public void FilterUrl_matches_go(string url, string[] filter, string expected) =>
        Assert.Equal(expected, TaskIdentity.FilterUrl(url, filter));

    [Fact]
    public void ConvertHeaders_matches_go()
    {
        var map = TaskIdentity.ConvertHeaders(["a:1", "a:2", "b:", "b", "c:3"]);
        Assert.NotNull(map);
        Assert.Equal(2, map!.Count);
        Assert.Equal("1,2", map["a"]);
        Assert.Equal("3", map["c"]);
        Assert.Null(TaskIdentity.ConvertHeaders([]));
    }
}
