using System.Net;
using Supernode.Testing;

namespace Supernode.Gateway.Tests.EndToEnd.Support;

/// <summary>
/// One real supernode process (own home dir, loopback ports) and one loopback origin, shared by the test classes
/// of <see cref="SharedSupernode"/>; each test uses its own origin paths, hence its own tasks.
/// </summary>
public class SupernodeFixture : IAsyncLifetime
{
    private readonly TempDir _home = new("supernode-e2e");

    public SupernodeFixture() : this(_ => [])
    {
    }

    /// <param name="extraArgs">Command-line arguments of the process, given its home dir (e.g. a config file written there).</param>
    protected SupernodeFixture(Func<TempDir, string[]> extraArgs)
    {
        Process = new SupernodeProcess(_home.Path, extraArgs(_home));
        Client = new SupernodeClient(Process);
    }

    public LoopbackOrigin Origin { get; } = new();
    public SupernodeProcess Process { get; }
    public SupernodeClient Client { get; }
    public Repo Repo => new(Process.HomeDir);

    /// <summary>The process still runs and answers <c>/_ping</c> as the Go supernode does.</summary>
    public async Task AssertAliveAsync()
    {
        Assert.True(Process.IsRunning, Process.Output);
        var ping = await Client.GetAsync("/_ping");
        Assert.Equal(HttpStatusCode.OK, ping.Status);
        Assert.Equal("OK", ping.Text);
    }

    public async Task InitializeAsync()
    {
        await Origin.StartAsync();
        await Process.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Process.KillAsync();
        await Origin.DisposeAsync();
        _home.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSupernode : ICollectionFixture<SupernodeFixture>
{
    public const string Name = "one shared supernode";
}
