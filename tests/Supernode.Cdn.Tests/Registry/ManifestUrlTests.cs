using Supernode.Cdn.Registry;

namespace Supernode.Cdn.Tests.Registry;

public sealed class ManifestUrlTests
{
    [Theory]
    [InlineData("https://registry.example.com/v2/library/alpine/manifests/3.6", "https://registry.example.com", "library/alpine", "3.6")]
    [InlineData("http://127.0.0.1:5000/v2/app/manifests/latest", "http://127.0.0.1:5000", "app", "latest")]
    [InlineData("https://harbor.local/v2/proj/sub/app/manifests/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "https://harbor.local", "proj/sub/app", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_manifest_url_names_its_registry_repository_and_reference(string url, string registry, string name, string reference)
    {
        Assert.True(ManifestUrl.TryParse(url, out var parsed));
        Assert.Equal(new ManifestUrl(registry, name, reference), parsed);
        Assert.Equal(url, parsed.Url);
        Assert.Equal($"{registry}/v2/{name}/blobs/sha256:ab", parsed.BlobOf("sha256:ab"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/files/app.tar")]
    [InlineData("http://127.0.0.1:5000/v2/app/blobs/sha256:ab")]
    [InlineData("http://127.0.0.1:5000/v2/App/manifests/v1")]
    [InlineData("http://127.0.0.1:5000/v2/app/manifests/")]
    [InlineData("http://127.0.0.1:5000/v2/app/manifests/v1?x=1")]
    [InlineData("ftp://127.0.0.1/v2/app/manifests/v1")]
    [InlineData("http://user:pw@127.0.0.1/v2/app/manifests/v1")]
    [InlineData("not a url")]
    public void Anything_else_is_not_a_manifest_url(string url) => Assert.False(ManifestUrl.TryParse(url, out _));
}
