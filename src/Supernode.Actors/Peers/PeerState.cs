using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Peers;

/// <summary>A peer's durable record: who it is and which tasks it joined (task id → its client id there).</summary>
public sealed record PeerState(
    string PeerId,
    string Ip,
    string HostName,
    int Port,
    string Version,
    DateTimeOffset Created,
    ImmutableSortedDictionary<string, string> Tasks) : ISupernodeMessage
{
    public static PeerState Empty(string peerId) =>
        new(peerId, "", "", 0, "", DateTimeOffset.MinValue, ImmutableSortedDictionary<string, string>.Empty);

    public bool Exists => Created != DateTimeOffset.MinValue;

    public RegisterOutcome Decide(PeerCommands.Register cmd, DateTimeOffset now)
    {
        var events = ImmutableArray.CreateBuilder<IPeerEvent>(2);
        if (!Exists || Ip != cmd.Ip || HostName != cmd.HostName || Port != cmd.Port || Version != cmd.Version)
            events.Add(new PeerEvents.PeerRegistered(cmd.PeerId, cmd.Ip, cmd.HostName, cmd.Port, cmd.Version, Exists ? Created : now));
        if (cmd.TaskId.Length > 0 && (!Tasks.TryGetValue(cmd.TaskId, out var cid) || cid != cmd.Cid))
            events.Add(new PeerEvents.PeerJoinedTask(cmd.TaskId, cmd.Cid, now));
        return new RegisterOutcome(events.ToImmutable());
    }

    public PeerState Apply(IPeerEvent e) => e switch
    {
        PeerEvents.PeerRegistered r => this with { Ip = r.Ip, HostName = r.HostName, Port = r.Port, Version = r.Version, Created = r.At },
        PeerEvents.PeerJoinedTask j => this with { Tasks = Tasks.SetItem(j.TaskId, j.Cid) },
        PeerEvents.PeerDeleted => Empty(PeerId),
        _ => this,
    };

    public PeerReplies.PeerView View() => new(PeerId, Ip, HostName, Port, Version, Created, Tasks);

    /// <summary>The events a registration produces (none when nothing changed).</summary>
    public sealed record RegisterOutcome(ImmutableArray<IPeerEvent> Events);
}
