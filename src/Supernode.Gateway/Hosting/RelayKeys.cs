namespace Supernode.Gateway.Hosting;

/// <summary>Registry key of this replica's relay of peer records (<see cref="Supernode.Actors.Protocol.EntityRelay"/>).</summary>
public sealed class PeerRecordRelay;

/// <summary>
/// Registry key of this replica's relay of dfget's calls that were answered without their task, to the task: piece
/// reports, and registrations answered from the task's announcement.
/// </summary>
public sealed class TaskCommandRelay;
