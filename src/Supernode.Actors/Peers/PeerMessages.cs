using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Peers;

public interface IPeerCommand : ISupernodeMessage, IWithPeerId;

public interface IPeerEvent : ISupernodeMessage;

public static class PeerCommands
{
    /// <summary>
    /// A host announced itself: by a dfget registration (with the task it joins) or through the peer API
    /// (<paramref name="TaskId"/> and <paramref name="Cid"/> empty).
    /// </summary>
    public sealed record Register(string PeerId, string Ip, string HostName, int Port, string Version, string TaskId, string Cid)
        : IPeerCommand;

    public sealed record GetPeer(string PeerId) : IPeerCommand;

    /// <summary><c>DELETE /api/v1/peers/{id}</c>: forget the peer record (not its clients on tasks, as Go).</summary>
    public sealed record Delete(string PeerId) : IPeerCommand;
}

public static class PeerEvents
{
    public sealed record PeerRegistered(string PeerId, string Ip, string HostName, int Port, string Version, DateTimeOffset At) : IPeerEvent;

    public sealed record PeerJoinedTask(string TaskId, string Cid, DateTimeOffset At) : IPeerEvent;

    public sealed record PeerDeleted(DateTimeOffset At) : IPeerEvent;
}

public static class PeerReplies
{
    public sealed record PeerView(
        string PeerId,
        string Ip,
        string HostName,
        int Port,
        string Version,
        DateTimeOffset Created,
        ImmutableSortedDictionary<string, string> Tasks) : ISupernodeMessage;

    public sealed record PeerUnknown(string PeerId) : ISupernodeMessage;

    public sealed record PeerDeleted(string PeerId) : ISupernodeMessage;
}
