using Supernode.Cdn.Registry;

namespace Supernode.Cdn.Tests.Registry;

public sealed class AuthChallengeTests
{
    [Fact]
    public void A_bearer_challenge_gives_the_token_url_with_service_and_scope()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"")!;
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.docker.io/token", c.Realm);
        Assert.Equal("https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Falpine%3Apull", c.TokenUrl());
    }

    [Fact]
    public void Quoted_values_keep_their_commas_and_equal_signs_unlike_go()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://h/token?a=b\",scope=\"repository:x:pull,push\", error=\"invalid_token\"")!;
        Assert.Equal("https://h/token?a=b", c.Realm);
        Assert.Equal("repository:x:pull,push", c.Parameters["scope"]);
        // The error parameters describe the failure; they are not sent to the token service.
        Assert.Equal("https://h/token?a=b&scope=repository%3Ax%3Apull%2Cpush", c.TokenUrl());
    }

    [Theory]
    [InlineData("Basic realm=\"Registry Realm\"", "Basic", "Registry Realm")]
    [InlineData("bearer realm=https://h/t", "bearer", "https://h/t")]
    [InlineData("Bearer realm=\"a\", Basic realm=\"b\"", "Bearer", "a")]
    public void The_scheme_and_realm_of_the_first_challenge(string header, string scheme, string realm)
    {
        var c = AuthChallenge.Parse(header)!;
        Assert.Equal((scheme, realm), (c.Scheme, c.Realm));
        Assert.Single(c.Parameters);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_header_no_challenge(string? header) => Assert.Null(AuthChallenge.Parse(header));
}
