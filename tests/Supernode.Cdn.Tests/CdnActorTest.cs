using Akka.Actor;
using Akka.TestKit;
using Supernode.Testing;

namespace Supernode.Cdn.Tests;

/// <summary>
/// What a test of the CDN manager needs: a scratch home, a running loopback origin, and a probe standing for the
/// sharding region of task entities, which receives the copy reports.
/// </summary>
public abstract class CdnActorTest : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected readonly Supernode.Testing.TempDir Home = new("supernode-cdn");
    protected readonly LoopbackOrigin Origin = new();
    protected readonly TestProbe Region;

    protected CdnActorTest() => Region = CreateTestProbe();

    public Task InitializeAsync() => Origin.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Origin.DisposeAsync();
        Home.Dispose();
    }

    protected CdnSettings Settings => new(Home.Path);

    protected IActorRef NewManager(CdnSettings? settings = null) => Sys.ActorOf(CdnManager.Props(settings ?? Settings, Region.Ref));
}
