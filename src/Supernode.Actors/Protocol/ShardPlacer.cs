using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Supernode.Actors.Protocol;

/// <summary>
/// Places this replica's share of a region's shards (<see cref="ShardPlacement"/>) whenever the Up members have settled
/// after a change: as a cluster starts, and after a replica left or died (its shards, handed off or lost, are placed on
/// the others before the first task of theirs arrives). A lone replica places nothing: there a placement is a local
/// write, cheap enough on demand, and placing every shard on the first replica of a starting cluster would leave Akka's
/// rebalancing to move most of them once the others join. An ask of <see cref="WhenPlaced"/> is answered with
/// <see cref="Placed"/> once the placement for the current members is done.
/// </summary>
public sealed class ShardPlacer : ReceiveActor, IWithTimers
{
    /// <summary>How long the Up members must stay unchanged: replicas started together join within about a second.</summary>
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(2);

    /// <summary>How long an entity asked gets to answer; one that does not (its replica away) leaves its shard to first use.</summary>
    public static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly IActorRef _region;
    private readonly IReadOnlyDictionary<string, string> _entityInEachShard;
    private readonly Func<string, object> _message;
    private readonly TimeSpan _settleTime;
    private readonly TimeSpan _answerTimeout;
    private readonly bool _followCluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiting = [];
    private readonly Dictionary<Address, MemberStatus> _view = [];
    private MembersChanged? _members;
    private bool _placed;
    private int _round;
    private int _unanswered;
    private int _failed;
    private long _startedMs;

    /// <param name="region">The shard region whose entities are asked for.</param>
    /// <param name="entityInEachShard">An entity id per shard (<see cref="ShardPlacement.EntityInEachShard"/>).</param>
    /// <param name="message">The message asking an entity of an id for something harmless (a read).</param>
    /// <param name="followCluster">Whether the members come from this replica's cluster (tests send <see cref="MembersChanged"/>).</param>
    public ShardPlacer(IActorRef region, IReadOnlyDictionary<string, string> entityInEachShard, Func<string, object> message,
        TimeSpan settleTime, TimeSpan answerTimeout, bool followCluster)
    {
        _region = region;
        _entityInEachShard = entityInEachShard;
        _message = message;
        _settleTime = settleTime;
        _answerTimeout = answerTimeout;
        _followCluster = followCluster;

        // From the events themselves: the cluster's read view may not show an event yet when it arrives here.
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var m in state.Members) _view[m.Address] = m.Status;
            OnMembersChanged(MembersOfView());
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e is ClusterEvent.MemberRemoved) _view.Remove(e.Member.Address);
            else _view[e.Member.Address] = e.Member.Status;
            OnMembersChanged(MembersOfView());
        });
        Receive<MembersChanged>(m => OnMembersChanged(m with { Up = m.Up.Order(StringComparer.Ordinal).ToArray() }));
        Receive<Settled>(_ => Place());
        Receive<Answered>(OnAnswered);
        Receive<WhenPlaced>(_ =>
        {
            if (_placed) Sender.Tell(Placed.Instance);
            else _waiting.Add(Sender);
        });
    }

    public static Props Props(IActorRef region, IReadOnlyDictionary<string, string> entityInEachShard, Func<string, object> message) =>
        Akka.Actor.Props.Create(() => new ShardPlacer(region, entityInEachShard, message, DefaultSettleTime, DefaultAnswerTimeout, true));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_followCluster) Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop()
    {
        if (_followCluster) Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private MembersChanged MembersOfView() => new(
        _view.Where(m => m.Value == MemberStatus.Up).Select(m => m.Key.ToString()).Order(StringComparer.Ordinal).ToArray(),
        Cluster.Get(Context.System).SelfAddress.ToString());

    private void OnMembersChanged(MembersChanged members)
    {
        if (_members is { } known && known.Self == members.Self && known.Up.SequenceEqual(members.Up)) return;
        _members = members;
        _round++;
        _placed = false;
        // Not Up yet (joining): not placed, so not ready, until it is Up and has placed its share. Alone: nothing to
        // place until another replica is there.
        if (!members.Up.Contains(members.Self)) Timers.Cancel(nameof(Settled));
        else if (members.Up.Count < 2)
        {
            Timers.Cancel(nameof(Settled));
            Done();
        }
        else Timers.StartSingleTimer(nameof(Settled), Settled.Instance, _settleTime);
    }

    private void Place()
    {
        var up = _members!.Up;
        var share = ShardPlacement.ShareOf(_entityInEachShard, up.ToList().IndexOf(_members.Self), up.Count);
        _startedMs = Environment.TickCount64;
        _unanswered = share.Count;
        _failed = 0;
        if (share.Count == 0)
        {
            Done();
            return;
        }
        var round = _round;
        foreach (var id in share)
            _region.Ask<object>(_message(id), _answerTimeout)
                .PipeTo(Self, success: _ => new Answered(round, true), failure: _ => new Answered(round, false));
    }

    private void OnAnswered(Answered a)
    {
        if (a.Round != _round || _placed) return;
        if (!a.Ok) _failed++;
        if (--_unanswered > 0) return;
        if (_failed == 0)
            _log.Info("Placed this replica's share of the {Region} shards in {Ms} ms ({Replicas} replicas)",
                _region.Path.Name, Environment.TickCount64 - _startedMs, _members!.Up.Count);
        else
            _log.Info("Placed this replica's share of the {Region} shards ({Replicas} replicas) but {Failed}, whose entities did not " +
                "answer within {Seconds} s: those are placed on first use",
                _region.Path.Name, _members!.Up.Count, _failed, _answerTimeout.TotalSeconds);
        Done();
    }

    private void Done()
    {
        _placed = true;
        foreach (var waiting in _waiting) waiting.Tell(Placed.Instance);
        _waiting.Clear();
    }

    /// <summary>The Up members' addresses and this replica's.</summary>
    public sealed record MembersChanged(IReadOnlyList<string> Up, string Self);

    public sealed class WhenPlaced
    {
        public static readonly WhenPlaced Instance = new();
    }

    public sealed class Placed
    {
        public static readonly Placed Instance = new();
    }

    private sealed class Settled
    {
        public static readonly Settled Instance = new();
    }

    private sealed record Answered(int Round, bool Ok);
}
