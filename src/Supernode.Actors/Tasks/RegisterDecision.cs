using System.Collections.Immutable;
using Supernode.Actors.Cdn;

namespace Supernode.Actors.Tasks;

/// <summary>What a task does with a registration: refuse it, measure the source first, or record it.</summary>
public abstract record RegisterDecision
{
    public sealed record Refuse(RegistrationFailure Reason, string Message) : RegisterDecision;

    public sealed record ProbeFirst : RegisterDecision;

    /// <param name="StartsCopy">The events start a CDN copy that the entity must now ask for.</param>
    public sealed record Accept(ImmutableArray<ITaskEvent> Events, bool StartsCopy) : RegisterDecision;
}

/// <summary>The pure registration rules of a task (docs/dfget-protocol.md), tested without actors.</summary>
public static class RegisterRules
{
    public static RegisterDecision Decide(this TaskState s, ITaskRegistration cmd, DateTimeOffset now, DateTimeOffset notFoundUntil)
    {
        if (s.Exists && !s.Source!.IsSameTaskAs(cmd.Source))
            return new RegisterDecision.Refuse(RegistrationFailure.TaskConflict,
                $"taskId conflict: task {s.TaskId} was registered with another task URL or md5/identifier");
        if (now < notFoundUntil)
            return new RegisterDecision.Refuse(RegistrationFailure.SourceNotFound,
                $"source answered 404 recently; refused until {notFoundUntil:O}");
        if (!s.Exists || s.CdnStatus == CdnStatus.Waiting || (s.CdnStatus == CdnStatus.Failed && cmd.RetriesFailedCopy))
            return new RegisterDecision.ProbeFirst();
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
