using System.Collections.Immutable;
using Supernode.Actors.Cdn;

namespace Supernode.Actors.Tasks;

/// <summary>What a task does with a registration: refuse it, measure the source first, or record it.</summary>
public abstract record RegisterDecision
{
    public sealed record Refuse(RegistrationFailure Reason, string Message) : RegisterDecision;

    public sealed record ProbeFirst : RegisterDecision;

    /// <summary>
    /// As <see cref="ProbeFirst"/>, but the client declared the length: taken as the source's answer without asking it
    /// (the copy checks it, <see cref="TaskSource.DeclaredLength"/>).
    /// </summary>
    public sealed record LengthDeclared : RegisterDecision
    {
        public static CdnReplies.SourceProbed AsProbe(string taskId, long length) =>
            new(taskId, SourceProbeOutcome.Reachable, length, 0, "length declared by the client");
    }

    /// <summary>
    /// A preheat of a copy whose holder is gone: it has no pulls to notice that, it waits on the copy, so the copy is
    /// made again here first.
    /// </summary>
    public sealed record RemakeCopyFirst : RegisterDecision;

    /// <summary>
    /// The first registration of this incarnation on a finished copy: the holder revalidates it with the source
    /// (a conditional GET) before anyone is answered, so a changed source is not served from a stale copy.
    /// </summary>
    public sealed record RevalidateCopyFirst : RegisterDecision;

    /// <param name="StartsCopy">The events start a CDN copy that the entity must now ask for.</param>
    public sealed record Accept(ImmutableArray<ITaskEvent> Events, bool StartsCopy) : RegisterDecision;
}

/// <summary>What a task entity's incarnation knows of its copy's holder when a registration comes.</summary>
/// <param name="Checked">The holder was asked about the copy since the entity recovered.</param>
/// <param name="HolderGone">The copy is under way or made on a replica that died or left (<see cref="CopyHolder.IsGone"/>).</param>
public readonly record struct CopyCheck(bool Checked, bool HolderGone);

/// <summary>The pure registration rules of a task (docs/protocol.md), tested without actors.</summary>
public static class RegisterRules
{
    /// <summary>
    /// The one decision on a registration; a registration that must wait for the source or the copy's holder is
    /// decided again, by this same rule, once they have answered.
    /// </summary>
    public static RegisterDecision Decide(this TaskState s, ITaskRegistration cmd, DateTimeOffset now, DateTimeOffset notFoundUntil, CopyCheck copy)
    {
        if (s.Exists && !s.Source!.IsSameTaskAs(cmd.Source))
            return new RegisterDecision.Refuse(RegistrationFailure.TaskConflict,
                $"taskId conflict: task {s.TaskId} was registered with another task URL or md5/identifier");
        if (s.Exists && cmd.Source.DeclaredLength > 0 && s.HttpFileLength >= 0 && s.CdnStatus != CdnStatus.Failed
            && cmd.Source.DeclaredLength != s.HttpFileLength)
            return new RegisterDecision.Refuse(RegistrationFailure.TaskConflict,
                $"fileLength {cmd.Source.DeclaredLength} disagrees with the length of task {s.TaskId}, {s.HttpFileLength} bytes");
        if (now < notFoundUntil)
            return new RegisterDecision.Refuse(RegistrationFailure.SourceNotFound,
                $"source answered 404 recently; refused until {notFoundUntil:O}");
        if (!s.Exists || s.CdnStatus == CdnStatus.Waiting || (s.CdnStatus == CdnStatus.Failed && cmd.RetriesFailedCopy))
            return cmd.Source.DeclaredLength > 0 ? new RegisterDecision.LengthDeclared() : new RegisterDecision.ProbeFirst();
        if (cmd is TaskCommands.Preheat && copy.HolderGone) return new RegisterDecision.RemakeCopyFirst();
        if (s.CdnStatus == CdnStatus.Success && !copy.Checked) return new RegisterDecision.RevalidateCopyFirst();
        return new RegisterDecision.Accept(cmd.Client is { } client ? [new TaskEvents.ClientRegistered(client, now)] : [], StartsCopy: false);
    }

    public static RegisterDecision DecideAfterProbe(
        this TaskState s, ITaskRegistration cmd, CdnReplies.SourceProbed probe, CdnLocation local, string copyId, DateTimeOffset now)
    {
        switch (probe.Outcome)
        {
            case SourceProbeOutcome.NotFound:
                return new RegisterDecision.Refuse(RegistrationFailure.SourceNotFound, $"source answered {probe.StatusCode}: {probe.Detail}");
            case SourceProbeOutcome.AuthRequired:
                return new RegisterDecision.Refuse(RegistrationFailure.SourceAuthRequired, $"source answered {probe.StatusCode}: authentication required");
            case SourceProbeOutcome.Unreachable:
                return new RegisterDecision.Refuse(RegistrationFailure.SourceUnreachable, $"source not reachable: {probe.Detail}");
            case SourceProbeOutcome.Denied:
                return new RegisterDecision.Refuse(RegistrationFailure.SourceDenied, $"source not allowed: {probe.Detail}");
        }

        var events = ImmutableArray.CreateBuilder<ITaskEvent>(3);
        if (!s.Exists)
            events.Add(new TaskEvents.TaskCreated(s.TaskId, cmd.Source, probe.ContentLength, PieceLayout.PieceSizeFor(probe.ContentLength), now));
        if (cmd.Client is { } client) events.Add(new TaskEvents.ClientRegistered(client, now));
        events.Add(new TaskEvents.CdnCopyStarted(copyId, local, probe.ContentLength, now));
        return new RegisterDecision.Accept(events.ToImmutable(), StartsCopy: true);
    }
}
