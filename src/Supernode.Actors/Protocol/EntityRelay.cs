using Akka.Actor;
using Akka.Event;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Delivers messages to the entities of a shard region behind the answers of the requests that carried them, one
/// relay per replica and kind: a few at a time, each tried again later until its entity answers (any answer counts)
/// or its attempts run out. For what a client sends once and does not wait for: the peer record of a registration
/// (ops bookkeeping, so a thousand hosts registering at once are answered first and their records follow at a pace
/// that leaves the database to the registrations), and the piece reports dfget never sends twice (so a report made
/// while its task's replica is being replaced reaches the task once it is back).
/// </summary>
public sealed class EntityRelay : ReceiveActor, IWithTimers
{
    private readonly IActorRef _region;
    private readonly EntityRelaySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Pending> _waiting = new();

    /// <summary>Keys of what was delivered lately (see <see cref="EntityRelaySettings.KeyOf"/>): not sent again.</summary>
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);

    private int _inFlight;
    private int _droppedSinceLog;

    /// <summary>The burst deliveries wait for (<see cref="EntityRelaySettings.Hold"/>).</summary>
    private readonly BurstHold _hold;

    /// <summary>A burst outlasted the longest hold: what waits is delivered before another burst holds deliveries back.</summary>
    private bool _drainingBacklog;

    public EntityRelay(IActorRef region, EntityRelaySettings settings)
    {
        _region = region;
        _settings = settings;
        _hold = new BurstHold(settings.Hold, settings.MaxHold);
        Receive<Pending>(p =>
        {
            Enqueue(p);
            Pump();
        });
        Receive<Delivered>(d =>
        {
            _inFlight--;
            if (d.Key is not null)
            {
                // Bounded: a long-running replica forgets what it delivered long ago (entities dedupe anyway).
                if (_delivered.Count >= _settings.MaxWaiting) _delivered.Clear();
                _delivered.Add(d.Key);
            }
            Pump();
        });
        Receive<NotDelivered>(n =>
        {
            _inFlight--;
            if (n.Pending.Attempt + 1 < _settings.Attempts)
                Timers.StartSingleTimer(n.Pending, n.Pending with { Attempt = n.Pending.Attempt + 1 }, _settings.RetryAfter);
            else
                _log.Warning("{Message} not delivered after {Attempts} attempts: {Reason}", n.Pending.Message, _settings.Attempts, n.Reason);
            Pump();
        });
        Receive<HoldOver>(_ => Pump());
        ReceiveAny(message =>
        {
            if (_settings.KeyOf(message) is { } key && _delivered.Contains(key)) return;
            if (_settings.Hold > TimeSpan.Zero && !_drainingBacklog) _hold.Arrived(Environment.TickCount64);
            Enqueue(new Pending(message, 0));
            Pump();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, EntityRelaySettings settings) => Akka.Actor.Props.Create(() => new EntityRelay(region, settings));

    private void Enqueue(Pending pending)
    {
        if (_waiting.Count < _settings.MaxWaiting)
        {
            _waiting.Enqueue(pending);
            return;
        }
        if (_droppedSinceLog++ == 0)
            _log.Warning("{Waiting} messages wait for delivery; new ones are dropped until the backlog drains", _waiting.Count);
    }

    private void Pump()
    {
        if (_waiting.Count == 0) (_droppedSinceLog, _drainingBacklog) = (0, false);
        if (HeldBack()) return;
        while (_inFlight < _settings.Concurrency && _waiting.TryDequeue(out var next))
        {
            _inFlight++;
            _region.Ask<object>(next.Message, _settings.AskTimeout).PipeTo(Self,
                success: _ => new Delivered(_settings.KeyOf(next.Message)),
                failure: e => new NotDelivered(next, e.Message));
        }
    }

    /// <summary>
    /// Whether deliveries wait: while messages keep arriving less than <see cref="EntityRelaySettings.Hold"/> apart, for
    /// at most <see cref="EntityRelaySettings.MaxHold"/>; a backlog left by an earlier burst waits too. A burst that
    /// outlasts the longest hold lets go of everything waiting, so a steady stream cannot hold deliveries back for good.
    /// </summary>
    private bool HeldBack()
    {
        if (!_hold.IsHolding) return false;
        var now = Environment.TickCount64;
        var left = _hold.Left(now);
        if (left <= TimeSpan.Zero)
        {
            _drainingBacklog = _hold.Outlasted(now);
            _hold.Release();
            return false;
        }
        if (!Timers.IsTimerActive(nameof(HoldOver))) Timers.StartSingleTimer(nameof(HoldOver), HoldOver.Instance, left);
        return true;
    }

    private sealed class HoldOver : INoSerializationVerificationNeeded
    {
        public static readonly HoldOver Instance = new();
    }

    private sealed record Pending(object Message, int Attempt) : INoSerializationVerificationNeeded;

    private sealed record Delivered(string? Key) : INoSerializationVerificationNeeded;

    private sealed record NotDelivered(Pending Pending, string Reason) : INoSerializationVerificationNeeded;
}

/// <param name="Concurrency">Messages on their way at once.</param>
/// <param name="AskTimeout">How long one delivery may take before it counts as not taken.</param>
/// <param name="Attempts">How often a message is tried in all.</param>
/// <param name="RetryAfter">The pause before a message not taken is tried again.</param>
/// <param name="MaxWaiting">Messages waiting beyond this are dropped (logged once per burst).</param>
/// <param name="Hold">
/// Deliveries wait while messages keep arriving less than this apart (zero: they do not wait): what a burst of
/// requests leaves behind follows the burst instead of competing with it.
/// </param>
/// <param name="MaxHold">The longest deliveries wait for a burst to end.</param>
/// <param name="KeyOfMessage">
/// What makes a message the same as one delivered before, which is then not sent again; null for none.
/// </param>
public sealed record EntityRelaySettings(int Concurrency, TimeSpan AskTimeout, int Attempts, TimeSpan RetryAfter, int MaxWaiting = 100_000,
    Func<object, string?>? KeyOfMessage = null, TimeSpan Hold = default, TimeSpan MaxHold = default)
{
    public string? KeyOf(object message) => KeyOfMessage?.Invoke(message);
}
