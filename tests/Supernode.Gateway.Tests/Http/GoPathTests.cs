using Supernode.Gateway.Http;

namespace Supernode.Gateway.Tests.Http;

/// <summary>gorilla/mux's cleanPath on Go's path.Clean.</summary>
public sealed class GoPathTests
{
    [Theory]
    [InlineData("/_ping", "/_ping")]
    [InlineData("//_ping", "/_ping")]
    [InlineData("/a/../_ping", "/_ping")]
    [InlineData("/../../_ping", "/_ping")]
    [InlineData("/api/v1/./peers/", "/api/v1/peers/")]
    [InlineData("/api//v1/", "/api/v1/")]
    [InlineData("/", "/")]
    [InlineData("/./", "/")]
    [InlineData("", "/")]
    public void Paths_are_cleaned_as_mux_cleans_them(string path, string clean) => Assert.Equal(clean, GoPath.CleanRequestPath(path));
}
