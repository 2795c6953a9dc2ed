using Akka.Actor;

namespace Supernode.Actors.Tasks;

/// <summary>The messages a task entity sends itself: its timers, and a registration to be decided again.</summary>
internal static class TaskEntityTimers
{
    /// <summary>The CDN manager's probe or revalidation did not come in time.</summary>
    internal sealed class ReplyTimedOut : INoSerializationVerificationNeeded
    {
        public static readonly ReplyTimedOut Instance = new();
    }

    /// <summary>Changed soft state (bitmaps, CDN progress) is snapshotted, and the registrations tally logged.</summary>
    internal sealed class SoftStateTick : INoSerializationVerificationNeeded
    {
        public static readonly SoftStateTick Instance = new();
    }

    /// <summary>The meta GC looks at the task and its clients.</summary>
    internal sealed class ExpiryTick : INoSerializationVerificationNeeded
    {
        public static readonly ExpiryTick Instance = new();
    }

    /// <summary>A copy held back for a burst of registrations may begin.</summary>
    internal sealed class CopyStartDue : INoSerializationVerificationNeeded
    {
        public static readonly CopyStartDue Instance = new();
    }

    /// <summary>Held pulls whose time is up are answered (<see cref="HeldPulls"/>); runs while any is held.</summary>
    internal sealed class HoldTick : INoSerializationVerificationNeeded
    {
        public static readonly HoldTick Instance = new();
    }

    /// <summary>Held pulls ask again (<see cref="HeldPulls"/>): something may have freed a piece.</summary>
    internal sealed class RetryHeldDue : INoSerializationVerificationNeeded
    {
        public static readonly RetryHeldDue Instance = new();
    }

    /// <summary>A client registered: the task may have become hot enough to split.</summary>
    internal sealed class SplitDue : INoSerializationVerificationNeeded
    {
        public static readonly SplitDue Instance = new();
    }

    /// <summary>A registration decided again once what it waited for is applied, sent by the entity to itself.</summary>
    internal sealed record RegistrationContinued(ITaskRegistration Registration) : INoSerializationVerificationNeeded;
}
