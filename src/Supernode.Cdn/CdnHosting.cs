using Akka.Actor;
using Akka.Hosting;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn;

/// <summary>The CDN manager of a replica, at the path every task entity reaches it by (<see cref="TaskEntity.CdnManagerName"/>).</summary>
public static class CdnHosting
{
    /// <param name="settings">The replica's CDN settings, made once the actor system is up.</param>
    public static AkkaConfigurationBuilder WithCdnManager(this AkkaConfigurationBuilder b, Func<ActorSystem, CdnSettings> settings) =>
        b.WithActors((system, registry) => registry.Register<CdnManagerActor>(
            system.ActorOf(CdnManager.Props(settings(system), registry.Get<TaskRegion>()), TaskEntity.CdnManagerName)));
}
