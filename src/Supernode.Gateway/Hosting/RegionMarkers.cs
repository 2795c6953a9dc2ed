namespace Supernode.Gateway.Hosting;

/// <summary>Registry key of the task shard region.</summary>
public sealed class TaskRegion;

/// <summary>Registry key of the peer shard region.</summary>
public sealed class PeerRegion;

/// <summary>Registry key of this replica's CDN manager (<c>/user/cdn</c>).</summary>
public sealed class CdnManagerActor;

/// <summary>Registry key of the preheat shard region.</summary>
public sealed class PreheatRegion;

/// <summary>Registry key of the proxy of the preheat keeper (a cluster singleton).</summary>
public sealed class PreheatKeeperActor;

/// <summary>Registry key of this replica's relay of peer records (<see cref="Supernode.Actors.Protocol.EntityRelay"/>).</summary>
public sealed class PeerRecordRelay;

/// <summary>
/// Registry key of this replica's relay of dfget's calls that were answered without their task, to the task: piece
/// reports, and registrations answered from the task's announcement.
/// </summary>
public sealed class TaskCommandRelay;
