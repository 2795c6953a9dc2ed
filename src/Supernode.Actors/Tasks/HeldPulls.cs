using Akka.Actor;
using Supernode.Actors.Metrics;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>
/// Pulls that would be answered "wait" while a piece may soon be free for them (the copy is being written, other clients
/// are fetching), held by their task or group for up to <see cref="MaxHold"/> and answered the moment a piece is free
/// (docs/scheduling.md, "Held pulls"). dfget sleeps after each 602, doubling its sleep up to 0.8–1.6 s and never
/// resetting it: a 602 early in a download makes every later wait longer, so a pull answered with pieces a few hundred
/// milliseconds later is worth more than a 602 at once. The entity owns one and serializes the calls; while pulls are
/// held, its <see cref="TaskEntityTimers.HoldTick"/> comes every <see cref="ReleaseCheck"/> to call <see cref="Release"/>.
/// </summary>
/// <param name="timers">The owning entity's timers (read when first needed); null: no ticks (tests call Release).</param>
public sealed class HeldPulls(Func<ITimerScheduler>? timers = null)
{
    /// <summary>The longest a pull is held: well inside dfget's 5 s, and about one step of its back-off.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(1);

    /// <summary>Holding a pull for less than this is not worth it: it is answered at once.</summary>
    private static readonly TimeSpan MinHold = TimeSpan.FromMilliseconds(50);

    /// <summary>Time kept free before the pull's <see cref="TaskCommands.PullPieceTask.AnswerBy"/> for the answer's way back.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>How often an entity holding pulls looks for those whose time is up: how late past it one may be answered.</summary>
    private static readonly TimeSpan ReleaseCheck = TimeSpan.FromMilliseconds(50);

    /// <summary>The answer of a held pull whose time ran out.</summary>
    public static readonly TaskReplies.PeerWait NoPieceCame = new("peer should wait");

    private readonly List<Held> _held = [];

    /// <param name="Pull">The pull as it came.</param>
    /// <param name="ReplyTo">Who waits for its answer.</param>
    /// <param name="ReleaseAtMs">When (monotonic ms) it is answered "wait" if no piece came.</param>
    private readonly record struct Held(TaskCommands.PullPieceTask Pull, IActorRef ReplyTo, long ReleaseAtMs);

    public int Count => _held.Count;

    /// <summary>
    /// Holds <paramref name="pull"/> when its scheduler's <paramref name="reply"/> is a wait a piece may end and the
    /// answer may wait long enough to be worth it; otherwise answers it now. True: held.
    /// </summary>
    public bool HoldOrAnswer(ISupernodeMessage reply, TaskCommands.PullPieceTask pull, IActorRef replyTo, long nowMs, DateTimeOffset now)
    {
        if (reply is TaskReplies.PeerWait { PieceMayCome: true } && TryHold(pull, replyTo, nowMs, now)) return true;
        Answer(replyTo, reply);
        return false;
    }

    /// <summary>Holds <paramref name="pull"/> when its answer may wait long enough to be worth it; false: answer it now.</summary>
    public bool TryHold(TaskCommands.PullPieceTask pull, IActorRef replyTo, long nowMs, DateTimeOffset now)
    {
        var hold = MaxHold;
        if (pull.AnswerBy != default && pull.AnswerBy - Margin - now < hold) hold = pull.AnswerBy - Margin - now;
        if (hold < MinHold) return false;
        _held.Add(new Held(pull, replyTo, nowMs + (long)hold.TotalMilliseconds));
        TaskMetrics.PullsHeld.Inc();
        if (_held.Count == 1) timers?.Invoke().StartPeriodicTimer(TickKey, TaskEntityTimers.HoldTick.Instance, ReleaseCheck);
        return true;
    }

    /// <summary>
    /// Asks again for the held pulls, oldest first, with <paramref name="schedule"/> and answers each that now gets
    /// something other than a wait a piece may end; stops at the first still waiting, since what it lacks (a free piece,
    /// a source with a free slot) the younger ones most likely lack too. A pull whose time is up (its entity was busy
    /// past it) is answered "wait" and handed nothing: its caller may have answered the client already.
    /// </summary>
    public void Retry(long nowMs, Func<TaskCommands.PullPieceTask, ISupernodeMessage> schedule)
    {
        if (_held.Count == 0) return;
        while (_held.Count > 0)
        {
            var held = _held[0];
            var reply = held.ReleaseAtMs <= nowMs ? null : schedule(held.Pull);
            if (reply is TaskReplies.PeerWait { PieceMayCome: true }) return;
            _held.RemoveAt(0);
            if (reply is TaskReplies.PiecesAssigned) TaskMetrics.HeldPullsServed.Inc();
            Answer(held.ReplyTo, reply ?? NoPieceCame);
        }
        StopTicks();
    }

    /// <summary>The pulls whose time is up (or all, <paramref name="all"/>) are answered "wait".</summary>
    public void Release(long nowMs, bool all = false)
    {
        var due = all ? [.. _held] : _held.Where(h => h.ReleaseAtMs <= nowMs).ToList();
        _held.RemoveAll(h => all || h.ReleaseAtMs <= nowMs);
        foreach (var held in due) Answer(held.ReplyTo, NoPieceCame);
        if (_held.Count == 0) StopTicks();
    }

    private const string TickKey = nameof(TaskEntityTimers.HoldTick);

    private void StopTicks() => timers?.Invoke().Cancel(TickKey);

    /// <summary>A pull's answer, held or not, counted.</summary>
    private static void Answer(IActorRef replyTo, ISupernodeMessage reply)
    {
        TaskMetrics.PullsAnswered.Inc();
        replyTo.Tell(reply);
    }
}
