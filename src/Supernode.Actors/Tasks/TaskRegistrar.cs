using Akka.Actor;
using Akka.Event;
using Supernode.Actors.Cdn;
using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tasks;

/// <summary>
/// A task's registrations, dfget's and preheats': each is decided by <see cref="RegisterRules"/>, after probing the
/// source or having the holder revalidate the copy when the rules say so (then decided again), written, and answered
/// once written. Refusals are answered at once; a source that answered 404 is refused for a while without asking it.
/// </summary>
public sealed class TaskRegistrar(
    ITaskJournal journal, ITaskMailbox mailbox, TaskCopy copy, TaskActivity activity, TaskEntitySettings settings, IActorRef localCdn,
    ILoggingAdapter log)
{
    private readonly RegistrationTally _tally = new();

    /// <summary>A stop the shard asks for waits for the registrations in hand.</summary>
    public DeferredStop Stop { get; } = new();

    /// <summary>Until when a source that answered 404 is refused without asking it again.</summary>
    public DateTimeOffset NotFoundUntil { get; private set; } = DateTimeOffset.MinValue;

    private TaskState State => journal.State;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private static long NowMs => Environment.TickCount64;

    public void Register(ITaskRegistration cmd, IActorRef replyTo)
    {
        activity.Touch(cmd.Client?.Cid, NowMs);
        copy.RegistrationSeen();
        settings.ReplicaRegistrations?.Seen(NowMs);
        switch (State.Decide(cmd, Now, NotFoundUntil, copy.Check(remade: copy.EnsureChecked())))
        {
            case RegisterDecision.Refuse r:
                Refuse(cmd, r, replyTo);
                break;
            case RegisterDecision.ProbeFirst:
                localCdn.Tell(new CdnCommands.ProbeSource(State.TaskId, cmd.Source));
                mailbox.AwaitCdn(m => m is CdnReplies.SourceProbed, (answer, burst) => AfterProbe(cmd, replyTo, burst,
                    answer as CdnReplies.SourceProbed
                    ?? new CdnReplies.SourceProbed(State.TaskId, SourceProbeOutcome.Unreachable, -1, 0, "no probe answer in time")));
                break;
            case RegisterDecision.LengthDeclared:
                AfterProbe(cmd, replyTo, burst: 0, RegisterDecision.LengthDeclared.AsProbe(State.TaskId, cmd.Source.DeclaredLength));
                break;
            case RegisterDecision.RemakeCopyFirst:
                copy.RemakeHere();
                DecideAgain(cmd, replyTo);
                break;
            case RegisterDecision.RevalidateCopyFirst:
                Revalidate(cmd, replyTo);
                break;
            case RegisterDecision.Accept a:
                Write(a, cmd, replyTo, duringBurst: false);
                break;
        }
    }

    /// <summary>A registration sent back through the mailbox (<see cref="DecideAgain"/>) is decided again.</summary>
    public void Continue(ITaskRegistration cmd, IActorRef replyTo)
    {
        Stop.Continued();
        Register(cmd, replyTo);
    }

    private void AfterProbe(ITaskRegistration cmd, IActorRef replyTo, int burst, CdnReplies.SourceProbed probe)
    {
        var decision = State.DecideAfterProbe(cmd, probe, settings.LocalCdn, CopyHolder.NewCopyId(), Now);
        if (decision is RegisterDecision.Refuse r)
        {
            if (r.Reason == RegistrationFailure.SourceNotFound) NotFoundUntil = Now + settings.FailAccessInterval;
            Refuse(cmd, r, replyTo);
        }
        else
        {
            Write((RegisterDecision.Accept)decision, cmd, replyTo, duringBurst: burst > 0);
        }
    }

    /// <summary>The holder revalidates the finished copy; the registration waits for its report (or the reply timeout).</summary>
    private void Revalidate(ITaskRegistration cmd, IActorRef replyTo)
    {
        if (copy.AskHolderOrRemakeHere())
        {
            DecideAgain(cmd, replyTo);
            return;
        }
        var holder = State.CdnLocation?.NodeAddress;
        mailbox.AwaitCdn(m => m is TaskCommands.CdnCopyFinished f && f.CopyId == State.CopyId
                              || m is TaskCommands.CdnPiecesWritten p && p.CopyId == State.CopyId, (answer, _) =>
        {
            if (answer is TaskCommands.CdnCopyFinished finished) copy.Finished(finished);
            else if (answer is TaskCommands.CdnPiecesWritten written) copy.PiecesWritten(written);
            else log.Warning("Task {TaskId}: the CDN holder {Holder} did not answer the revalidation in time; keeping the copy", State.TaskId, holder);
            DecideAgain(cmd, replyTo);
        });
    }

    /// <summary>
    /// Decided again once the events just issued are applied: through the mailbox, which the pending persists hold
    /// back. (Not with DeferAsync: a Persist inside its handler leaves the entity stashing every later message for
    /// good, akka/akka-core#23781.) The copy is checked by now, so it is not asked again.
    /// </summary>
    private void DecideAgain(ITaskRegistration cmd, IActorRef replyTo)
    {
        Stop.Continuing();
        mailbox.DecideAgain(cmd, replyTo);
    }

    private void Write(RegisterDecision.Accept accept, ITaskRegistration cmd, IActorRef replyTo, bool duringBurst)
    {
        if (accept.Events.IsEmpty)
        {
            replyTo.Tell(Answer(cmd));
            return;
        }
        var remaining = accept.Events.Length;
        // A client joining a known task changes nothing the next command decides on before its answer, so the entity
        // goes on meanwhile and the journal writes joins in batches: a thousand hosts starting at once are answered
        // at the journal's batch rate, not one write after another. Creating a task or starting a copy still waits.
        var batched = !accept.StartsCopy && accept.Events.All(e => e is TaskEvents.ClientRegistered);
        journal.PersistForAnswer(accept.Events, replyTo, batched, e =>
        {
            if (e is TaskEvents.ClientRegistered) _tally.Recorded(NowMs);
            if (e is TaskEvents.TaskCreated created)
                log.Info("Task {TaskId} created for {Url}: length {Length}, piece size {PieceSize}",
                    created.TaskId, created.Source.SafeUrl, created.HttpFileLength, created.PieceSize);
            if (--remaining > 0) return;
            replyTo.Tell(Answer(cmd));
            // A registration written is one answered: the burst a held copy waits for still goes on.
            copy.RegistrationSeen();
            // Others registering while it was decided on: a fleet, whose registrations the copy should not slow.
            if (accept.StartsCopy) copy.BeginDecided(duringBurst);
        });
    }

    /// <summary>
    /// One line for the registrations recorded since the last (every soft-state tick, and when the entity stops): a
    /// fleet's rollout is a thousand in a second, whose request lines are therefore at Debug.
    /// </summary>
    public void LogTally()
    {
        if (_tally.Take() is not { } tally) return;
        log.Info("Task {TaskId}: {Registrations} client registrations recorded within {Seconds} s; {Clients} clients now",
            State.TaskId, tally.Count, Math.Round(tally.Within.TotalSeconds, 1), State.Clients.Count);
    }

    /// <summary>A dfget learns the task's length and piece size; a preheat job follows the copy.</summary>
    private ISupernodeMessage Answer(ITaskRegistration cmd) => cmd is TaskCommands.Preheat
        ? State.View(settings.LocalCdn.NodeAddress)
        : new TaskReplies.Registered(State.TaskId, State.HttpFileLength, State.PieceSize);

    private void Refuse(ITaskRegistration cmd, RegisterDecision.Refuse r, IActorRef replyTo)
    {
        log.Info("Task {TaskId}: registration of {Client} refused ({Reason}): {Message}",
            State.TaskId, cmd.Client is { } client ? "client " + client.Cid : "a preheat", r.Reason, r.Message);
        replyTo.Tell(new TaskReplies.RegistrationRefused(State.TaskId, r.Reason, r.Message));
        mailbox.Refused();
    }
}
