using Prometheus;

namespace Supernode.Actors.Metrics;

/// <summary>
/// The Go supernode's task, dfget-task and scheduler series (docs/protocol.md), per replica. The gauges count what
/// the task entities living on this replica hold, so summed over the replicas they count the cluster's live tasks
/// and clients whatever the shard hand-offs (Go's task gauge never decreases; ours drops a task that is deleted,
/// expired or stopped).
/// </summary>
public static class TaskMetrics
{
    public static readonly Gauge Tasks = Prometheus.Metrics.CreateGauge(
        "dragonfly_supernode_tasks", "Tasks held by the task entities of this replica, by CDN status.", "cdnstatus");

    public static readonly Counter TasksRegistered = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_tasks_registered_total", "Registrations accepted by this replica.");

    public static readonly Gauge DfgetTasks = Prometheus.Metrics.CreateGauge(
        "dragonfly_supernode_dfgettasks", "Clients (dfget tasks) of the task entities of this replica, by status.", "callsystem", "status");

    public static readonly Counter DfgetTasksRegistered = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_dfgettasks_registered_total", "Client registrations recorded by the task entities of this replica.", "callsystem");

    public static readonly Counter DfgetTasksFailed = Prometheus.Metrics.CreateCounter(
        "dragonfly_supernode_dfgettasks_failed_total", "Clients that ended their download as failed.", "callsystem");

    /// <summary>
    /// Pulls and piece reports the task entities of this replica answered: across replicas, where a hot task's work
    /// is done (docs/scheduling.md, one hot task).
    /// </summary>
    public static readonly Counter CallsAnswered = Prometheus.Metrics.CreateCounter(
        "supernode_task_calls_answered_total", "Pulls and piece reports answered by the task and task group entities of this replica, by call.", "call");

    public static readonly Counter.Child PullsAnswered = CallsAnswered.WithLabels("pull");

    public static readonly Counter.Child PieceReportsAnswered = CallsAnswered.WithLabels("piece_report");

    public static readonly Counter SiblingPieces = Prometheus.Metrics.CreateCounter(
        "supernode_task_sibling_pieces_total", "Pieces a hot task's group handed to its clients from holders of another group (the exchange between groups).");

    public static readonly Counter PullsHeld = Prometheus.Metrics.CreateCounter(
        "supernode_task_pulls_held_total", "Pulls held by their task because a piece might soon be free for them, instead of a wait answered at once.");

    public static readonly Counter HeldPullsServed = Prometheus.Metrics.CreateCounter(
        "supernode_task_held_pulls_served_total", "Held pulls answered with pieces before their hold ran out (the rest are answered with a wait).");

    public static readonly Counter PausedPulls = Prometheus.Metrics.CreateCounter(
        "supernode_task_paused_pulls_total", "Pulls answered with a wait because their task is paused by an operator (PUT /api/v1/tasks/{id}).");

    public static readonly Counter Splits = Prometheus.Metrics.CreateCounter(
        "supernode_task_splits_total", "Tasks this replica split into groups as they became hot.");

    public static readonly Histogram ScheduleDuration = Prometheus.Metrics.CreateHistogram(
        "dragonfly_supernode_schedule_duration_milliseconds", "Time to answer a pull for pieces, in milliseconds.",
        new HistogramConfiguration { LabelNames = ["peer"], Buckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64] });
}
