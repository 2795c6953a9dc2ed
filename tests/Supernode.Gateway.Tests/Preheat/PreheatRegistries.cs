using Supernode.Testing;

namespace Supernode.Gateway.Tests.Preheat;

/// <summary>
/// Three real registries on loopback, one per auth kind, each holding <see cref="Name"/>:<see cref="Tag"/>, a
/// two-platform image (an OCI index over linux/amd64 and linux/arm64, two layers each) built and pushed here.
/// </summary>
public sealed class PreheatRegistries : IAsyncLifetime
{
    public const string Name = "demo/app";
    public const string Tag = "v1";

    public static readonly string[] Platforms = ["linux/amd64", "linux/arm64"];

    public RegistryServer Anonymous { get; private set; } = null!;
    public RegistryServer Basic { get; private set; } = null!;
    public RegistryServer Token { get; private set; } = null!;

    public PushedImage AnonymousImage { get; private set; } = null!;
    public PushedImage BasicImage { get; private set; } = null!;
    public PushedImage TokenImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(RegistryServer.StartAsync(), RegistryServer.StartAsync(RegistryAuth.Htpasswd),
            RegistryServer.StartAsync(RegistryAuth.Token));
        (Anonymous, Basic, Token) = (started[0], started[1], started[2]);
        AnonymousImage = await Anonymous.PushAsync(Name, Tag, Platforms, seed: 1);
        BasicImage = await Basic.PushAsync(Name, Tag, Platforms, seed: 2);
        TokenImage = await Token.PushAsync(Name, Tag, Platforms, seed: 3);
    }

    public async Task DisposeAsync()
    {
        foreach (var registry in new[] { Anonymous, Basic, Token })
            if (registry is not null) await registry.DisposeAsync();
    }
}
