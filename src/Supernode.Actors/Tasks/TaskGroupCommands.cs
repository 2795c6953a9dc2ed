using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>Routed to the group entity <c>{taskId}/{group}</c> of a hot task (<see cref="TaskGroupId"/>).</summary>
public interface IWithGroupId
{
    string GroupId { get; }
}

/// <summary>A client's call, wrapped for the group that schedules the client; the group region hands the group <see cref="Command"/>.</summary>
public interface IToGroup : ISupernodeMessage, IWithGroupId
{
    ITaskCommand Command { get; }
}

/// <summary>What a hot task's group entity is sent: its clients' calls, the task's facts, its siblings' holders.</summary>
public static class TaskGroupCommands
{
    public sealed record Pull(int Group, TaskCommands.PullPieceTask Call) : IToGroup
    {
        public string GroupId => TaskGroupId.Of(Call.TaskId, Group);

        public ITaskCommand Command => Call;
    }

    public sealed record PieceSuccess(int Group, TaskCommands.ReportPieceSuccess Call) : IToGroup
    {
        public string GroupId => TaskGroupId.Of(Call.TaskId, Group);

        public ITaskCommand Command => Call;
    }

    public sealed record PieceError(int Group, TaskCommands.ReportPieceError Call) : IToGroup
    {
        public string GroupId => TaskGroupId.Of(Call.TaskId, Group);

        public ITaskCommand Command => Call;
    }

    /// <summary>
    /// The task's facts for one group, from the task entity, numbered per group within the task entity's incarnation
    /// (<paramref name="Epoch"/>): a group that sees a gap or another incarnation asks for a <paramref name="Baseline"/> again.
    /// A baseline comes in <paramref name="Pages"/> pages of at most <see cref="TaskGroupFeeds.ClientsPerPage"/> clients,
    /// each under the remote transport's frame size, all with the same sequence number.
    /// </summary>
    /// <param name="Task">
    /// The task without its clients (source, length, the CDN copy and its pieces) when that changed; with
    /// <paramref name="Baseline"/>, the whole task as the group needs it: every client of the group.
    /// </param>
    /// <param name="Joined">Clients of the group that registered (again).</param>
    /// <param name="Down">Clients of the group whose uploader stopped.</param>
    /// <param name="Left">Clients of the group the task forgot.</param>
    /// <param name="Repaired">A piece of the CDN copy checked by the CDN and served again; −1 for none.</param>
    public sealed record Feed(
        string TaskId,
        int Group,
        int Groups,
        string Epoch,
        long Seq,
        bool Baseline,
        TaskState? Task,
        ImmutableArray<TaskClient> Joined,
        ImmutableArray<string> Down,
        ImmutableArray<string> Left,
        int Repaired = -1,
        int Page = 0,
        int Pages = 1) : ISupernodeMessage, IWithGroupId
    {
        public string GroupId => TaskGroupId.Of(TaskId, Group);
    }

    /// <summary>The task is forgotten (expired, deleted) or was never split: the group forgets itself and stops.</summary>
    public sealed record Dissolve(string TaskId, int Group) : ISupernodeMessage, IWithGroupId
    {
        public string GroupId => TaskGroupId.Of(TaskId, Group);
    }

    /// <summary>
    /// Holders of group <paramref name="From"/> offered to group <paramref name="Group"/>'s clients, page
    /// <paramref name="Page"/> of <paramref name="Pages"/> (at most <see cref="TaskScheduling.HoldersPerPage"/> each,
    /// under the remote transport's frame size).
    /// </summary>
    public sealed record SiblingHolders(string TaskId, int Group, int From, int Page, int Pages, ImmutableArray<SharedHolder> Holders)
        : ISupernodeMessage, IWithGroupId
    {
        public string GroupId => TaskGroupId.Of(TaskId, Group);
    }

    /// <summary>A holder as a sibling needs it: where it serves, and the pieces it is named for (<see cref="Scheduling.PieceBitmap.ToWords"/>).</summary>
    public sealed record SharedHolder(string Cid, string Ip, int Port, string Path, ulong[] Pieces);

    /// <summary>The group's clients of peer <paramref name="PeerId"/> hold every piece (<see cref="TaskCommands.UpdateTask"/>).</summary>
    public sealed record PeerHoldsAll(string TaskId, int Group, string PeerId) : ISupernodeMessage, IWithGroupId
    {
        public string GroupId => TaskGroupId.Of(TaskId, Group);
    }

    /// <summary>The group's piece map, for the task's merged one (ops).</summary>
    public sealed record GetPieceMap(string TaskId, int Group) : ISupernodeMessage, IWithGroupId
    {
        public string GroupId => TaskGroupId.Of(TaskId, Group);
    }
}
