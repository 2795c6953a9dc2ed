using System.Diagnostics;
using Supernode.Actors.Scheduling;
using Supernode.ScaleSimulator.Engine;
using Supernode.ScaleSimulator.Network;
using Supernode.ScaleSimulator.Service;

namespace Supernode.ScaleSimulator.Fleet;

/// <summary>
/// N dfget clients fetching one file through one supernode whose CDN copy is complete, with the real
/// <see cref="PieceScheduler"/> answering every pull. Nodes 0…N−1 are the clients, node N the supernode.
/// Without a <see cref="SupernodeModel"/> the supernode handles a pull or a report at the moment it is sent and all
/// latency sits on the way back; with one, each call waits for a core of its replica and for its entity (one per
/// group of the task's clients, each with its own scheduler, groups sharing holders with each other).
/// </summary>
public sealed class FleetSimulation
{
    private readonly SimOptions _options;
    private readonly Policy _policy;
    private readonly EventQueue<SimEvent> _queue = new();
    private readonly FairShareNetwork _network;
    private readonly PieceScheduler[] _schedulers;
    private readonly int[] _groupOf;
    private readonly SupernodeModel? _service;
    private readonly ServiceQueues? _queues;
    private readonly IReadOnlyList<SiblingHolder>[] _lastShare;
    private readonly List<double> _pullLatencies = [];
    private readonly SimClient[] _clients;
    private readonly Dictionary<string, int> _nodeByCid = new(StringComparer.Ordinal);
    private readonly Random _random;
    private readonly int _supernode;
    private readonly double _latency;
    private readonly List<double> _completions = [];
    private readonly List<double> _firstPieces = [];
    private long _supernodeBytes;
    private long _peerBytes;
    private long _duplicates;
    private long _pulls;
    private long _waits;
    private int _peakSupernodeUploads;

    private FleetSimulation(SimOptions options, Policy policy)
    {
        options.Validate();
        _options = options;
        _policy = policy;
        _latency = options.LatencySeconds;
        _random = new Random(options.Seed);
        _service = options.Service;
        var groups = _service?.Groups ?? 1;
        _queues = _service is null ? null : new ServiceQueues(_service);
        var settings = policy.SettingsFor(options.Clients);
        settings = TaskGroups.SettingsOfGroup(settings, groups);
        _schedulers = [.. Enumerable.Range(0, groups).Select(g => new PieceScheduler(settings, new Random(options.Seed * 31 + g)))];
        foreach (var scheduler in _schedulers) scheduler.UpdateCdnCopy(options.Pieces, complete: true);
        _lastShare = new IReadOnlyList<SiblingHolder>[groups];
        _groupOf = new int[options.Clients];
        _supernode = options.Clients;
        _network = new FairShareNetwork(options.Clients + 1,
            (transfer, version, at) => _queue.Schedule(at, new SimEvent(EventKind.TransferEnd, transfer, version)));

        var up = SimOptions.BytesPerSecond(options.ClientUpMbps);
        var down = SimOptions.BytesPerSecond(options.ClientDownMbps);
        var supernodeUp = SimOptions.BytesPerSecond(options.SupernodeUpMbps);
        // The supernode never downloads; its download capacity is never used.
        _network.SetCapacity(_supernode, supernodeUp, supernodeUp);
        _clients = new SimClient[options.Clients];
        for (var i = 0; i < options.Clients; i++)
        {
            var cid = DfgetIds.Cid(i);
            var arrival = options.ArrivalWindowSeconds > 0 ? _random.NextDouble() * options.ArrivalWindowSeconds : 0;
            _clients[i] = new SimClient(cid, arrival, options.Pieces);
            _groupOf[i] = ClientGroup.Of(cid, groups);
            _nodeByCid.Add(cid, i);
            _network.SetCapacity(i, up, down);
            _queue.Schedule(arrival, new SimEvent(EventKind.Arrive, i));
        }
        // Groups share in turn, spread over the interval.
        if (groups > 1)
            for (var g = 0; g < groups; g++)
                _queue.Schedule(TaskGroups.ShareInterval.TotalSeconds * (g + 1) / groups, new SimEvent(EventKind.Share, g));
    }

    public static RunResult Run(SimOptions options, Policy policy) => new FleetSimulation(options, policy).Execute();

    private RunResult Execute()
    {
        var wall = Stopwatch.StartNew();
        while (_completions.Count < _clients.Length && _queue.TryNext(out var e) && _queue.Now <= _options.MaxVirtualSeconds)
        {
            switch (e.Kind)
            {
                case EventKind.Arrive:
                    OnArrive(e.Subject);
                    break;
                case EventKind.Answer:
                    OnAnswer(e.Subject);
                    break;
                case EventKind.WakeUp:
                    OnWakeUp(e.Subject, e.A);
                    break;
                case EventKind.TransferStart:
                    OnTransferStart(e.Subject, e.A, e.B);
                    break;
                case EventKind.TransferEnd:
                    if (_network.IsCurrent(e.Subject, e.A)) OnTransferEnd(e.Subject);
                    break;
                case EventKind.EntityPull:
                    HandlePull(e.Subject);
                    break;
                case EventKind.EntityReport:
                    HandleReport(e.Subject, e.A, e.B);
                    break;
                case EventKind.Share:
                    OnShare(e.Subject);
                    break;
                case EventKind.ShareTaken:
                    _schedulers[e.Subject].UpdateSiblingHolders(e.A, _lastShare[e.A], TaskGroups.SiblingUploadLimit);
                    break;
                default:
                    throw new UnreachableException(e.Kind.ToString());
            }
        }
        _completions.Sort();
        _firstPieces.Sort();
        _pullLatencies.Sort();
        return new RunResult
        {
            Policy = _policy.Name,
            Clients = _clients.Length,
            SupernodeBudget = _schedulers.Sum(s => s.SupernodeBudget),
            Groups = _schedulers.Length,
            SiblingPieces = _schedulers.Sum(s => s.SiblingPiecesAssigned),
            PullLatencyP99Seconds = RunResult.Percentile(_pullLatencies, 0.99),
            PeakEntityUtilisation = _queues?.PeakEntityUtilisation(_queue.Now) ?? 0,
            ReplicaShares = _queues?.ReplicaShares() ?? [1.0],
            CompletionSeconds = [.. _completions],
            FirstPieceSeconds = [.. _firstPieces],
            SupernodeBytes = _supernodeBytes,
            PeerBytes = _peerBytes,
            DuplicatePieces = _duplicates,
            PeakSupernodeUploads = _peakSupernodeUploads,
            Pulls = _pulls,
            Waits = _waits,
            Events = _queue.Processed,
            VirtualSeconds = _queue.Now,
            WallSeconds = wall.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The client registers (<c>/peer/registry</c>) and pulls.</summary>
    private void OnArrive(int node)
    {
        SchedulerOf(node).AddClient(_clients[node].Cid, servesPieces: true);
        Pull(node);
    }

    private PieceScheduler SchedulerOf(int node) => _schedulers[_groupOf[node]];


    /// <summary>A <c>/peer/task</c>: the result it carries, then the scheduling; the answer arrives one latency later.</summary>
    private void Pull(int node)
    {
        var c = _clients[node];
        (c.InFlightPiece, c.InFlightSource, c.CarriedPiece, c.PullSentAt) = (c.CarriedPiece, c.CarriedSource, -1, _queue.Now);
        c.State = SimClient.LoopState.Pulling;
        if (_queues is null)
        {
            HandlePull(node);
            return;
        }
        var group = _groupOf[node];
        var handled = _queues.Answer(_queue.Now, group, _service!.PullMicros);
        _queue.Schedule(handled, new SimEvent(EventKind.EntityPull, node));
    }

    /// <summary>The entity handles the pull: the result it carries, then the scheduling; the answer arrives one latency later.</summary>
    private void HandlePull(int node)
    {
        var c = _clients[node];
        var now = _queue.Now;
        var scheduler = SchedulerOf(node);
        if (c.InFlightPiece >= 0)
        {
            scheduler.ReportResult(c.Cid, c.InFlightPiece, c.InFlightSource, PieceResult.SemiSuccess);
            c.InFlightPiece = -1;
        }
        _pulls++;
        var outcome = scheduler.Pull(c.Cid, (long)(now * 1000));
        if (outcome is PullOutcome.Assigned assigned)
        {
            foreach (var a in assigned.Pieces)
            {
                var source = a.SourceCid is null ? _supernode : _nodeByCid[a.SourceCid];
                // The answer travels back, then the client asks the source for the piece.
                _queue.Schedule(now + 2 * _latency, new SimEvent(EventKind.TransferStart, node, a.PieceNum, source));
            }
        }
        else if (outcome is PullOutcome.Wait)
        {
            _waits++;
        }
        else if (outcome is PullOutcome.UnknownClient)
        {
            throw new InvalidOperationException($"{c.Cid} is registered but unknown to the scheduler");
        }
        c.Answer = outcome;
        _queue.Schedule(now + _latency, new SimEvent(EventKind.Answer, node));
    }

    private void OnAnswer(int node)
    {
        var c = _clients[node];
        c.State = SimClient.LoopState.Idle;
        _pullLatencies.Add(_queue.Now - c.PullSentAt);
        if (c.Answer is PullOutcome.Finished)
        {
            _completions.Add(_queue.Now - c.Arrival);
            return;
        }
        // A result that arrived while the pull was on its way goes out at once, also after a 602 (dfget breaks
        // out of its retry loop when a result is queued).
        if (c.CarriedPiece >= 0)
        {
            Pull(node);
            return;
        }
        if (c.Answer is PullOutcome.Wait)
        {
            c.State = SimClient.LoopState.Sleeping;
            _queue.Schedule(_queue.Now + c.Backoff.Next(_random), new SimEvent(EventKind.WakeUp, node, ++c.SleepToken));
        }
    }

    private void OnWakeUp(int node, int token)
    {
        var c = _clients[node];
        if (c.State == SimClient.LoopState.Sleeping && c.SleepToken == token) Pull(node);
    }

    private void OnTransferStart(int node, int piece, int source)
    {
        _network.Start(_queue.Now, source, node, _options.BytesOf(piece), piece);
        if (source == _supernode) _peakSupernodeUploads = Math.Max(_peakSupernodeUploads, _network.Uploads(_supernode));
    }

    /// <summary>dfget reports the piece (<c>/peer/piece/suc</c>) and queues its result for the next pull, which goes now unless one is on its way.</summary>
    private void OnTransferEnd(int transfer)
    {
        var t = _network.Complete(transfer, _queue.Now);
        var c = _clients[t.Receiver];
        var piece = t.Tag;
        var bytes = _options.BytesOf(piece);
        string source;
        if (t.Sender == _supernode)
        {
            _supernodeBytes += bytes;
            source = DfgetIds.SuperCid;
        }
        else
        {
            _peerBytes += bytes;
            source = _clients[t.Sender].Cid;
        }
        if (!c.HasFirstPiece)
        {
            c.HasFirstPiece = true;
            _firstPieces.Add(_queue.Now - c.Arrival);
        }
        if (c.Held[piece]) _duplicates++;
        c.Held[piece] = true;
        if (_queues is null)
        {
            HandleReport(t.Receiver, piece, t.Sender);
        }
        else
        {
            var group = _groupOf[t.Receiver];
            var handled = _queues.Answer(_queue.Now, group, _service!.ReportMicros);
            _queue.Schedule(handled, new SimEvent(EventKind.EntityReport, t.Receiver, piece, t.Sender));
        }
        c.CarriedPiece = piece;
        c.CarriedSource = source;
        if (c.State != SimClient.LoopState.Pulling) Pull(t.Receiver);
    }

    /// <summary><c>/peer/piece/suc</c> handled by the client's entity: the client becomes a holder.</summary>
    private void HandleReport(int node, int piece, int sender) =>
        SchedulerOf(node).ReportSuccess(_clients[node].Cid, piece, sender == _supernode ? DfgetIds.SuperCid : _clients[sender].Cid);

    /// <summary>
    /// Group <paramref name="group"/>'s entity tells each sibling its holders; a sibling's entity takes them in its
    /// turn, one latency later. Both cost entity time.
    /// </summary>
    private void OnShare(int group)
    {
        var made = _queues!.Handle(_queue.Now, group, _service!.ShareMicros);
        _lastShare[group] = _schedulers[group].ShareHolders(TaskGroups.SharePerPiece);
        foreach (var sibling in TaskGroups.SharesWith(group, _schedulers.Length))
        {
            var taken = _queues.Handle(made + _latency, sibling, _service.ShareMicros);
            _queue.Schedule(taken, new SimEvent(EventKind.ShareTaken, sibling, group));
        }
        _queue.Schedule(_queue.Now + TaskGroups.ShareInterval.TotalSeconds, new SimEvent(EventKind.Share, group));
    }
}
