using System.Net;
using System.Security.Cryptography.X509Certificates;
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
    /// <param name="tls">The certificate the arguments make both ports serve TLS with, trusted by <see cref="Client"/>.</param>
    /// <param name="environment">Variables of the process (secrets kept off its command line).</param>
    protected SupernodeFixture(Func<TempDir, string[]> extraArgs, X509Certificate2? tls = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Process = new SupernodeProcess(_home.Path, extraArgs(_home))
        {
            TlsCertificate = tls,
            Environment = environment ?? new Dictionary<string, string>(),
        };
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

    public virtual async Task InitializeAsync()
    {
        await Origin.StartAsync();
        await Process.StartAsync();
    }

    public virtual async Task DisposeAsync()
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
