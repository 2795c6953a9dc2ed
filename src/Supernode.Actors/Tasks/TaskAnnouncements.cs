using System.Collections.Immutable;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>
/// What a task tells every replica about itself: that it exists with this length and piece size (what a
/// registration's answer needs) and this source (what tells it from another task of the same id), or that it was
/// forgotten. A replica whose ask of a task goes unanswered, because the replica running the task was lost and the
/// cluster is replacing it, answers a registration of a task it knows from this and hands the registration on.
/// </summary>
public static class TaskAnnouncements
{
    public interface IAnnouncement : ISupernodeMessage
    {
        string TaskId { get; }
    }

    /// <param name="Source">The task's source without its headers and CAs: they may carry credentials.</param>
    /// <param name="Groups">The task's group entities, by which a replica routes its clients' calls (<see cref="TaskState.Groups"/>).</param>
    public sealed record Known(string TaskId, TaskSource Source, long HttpFileLength, int PieceSize, int Groups = 1) : IAnnouncement
    {
        public static Known Of(TaskState task) => new(task.TaskId,
            task.Source! with { Headers = ImmutableSortedDictionary<string, string>.Empty, RootCAs = ImmutableArray<string>.Empty },
            task.HttpFileLength, task.PieceSize, task.Groups);
    }

    public sealed record Forgotten(string TaskId) : IAnnouncement;
}
