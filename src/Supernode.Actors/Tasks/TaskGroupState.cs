using Supernode.Actors.Protocol;
using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tasks;

/// <summary>
/// What a hot task's group entity keeps in its snapshots: the piece maps of its clients, which only it knows. The
/// task's facts (its copy, its clients) it gets from the task again when it starts.
/// </summary>
public sealed record TaskGroupState(string TaskId, int Group, SchedulerSnapshot Scheduling) : ISupernodeMessage;
