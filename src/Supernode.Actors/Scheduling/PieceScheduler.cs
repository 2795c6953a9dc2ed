using System.Collections.Immutable;
using System.Numerics;
using Supernode.Actors.Cdn;

namespace Supernode.Actors.Scheduling;

/// <summary>
/// Who has which piece of one task and who should fetch what from whom: the answer to every
/// <c>GET /peer/task</c> (docs/scheduling.md, with the load leaks and the fixed supernode limit of Go fixed).
/// Single-threaded: the task entity owning it serializes the calls. The pull path allocates only its answer.
/// </summary>
public sealed class PieceScheduler
{
    private readonly SchedulerSettings _settings;
    private readonly Random _random;
    private readonly long _timeoutMs;
    private readonly Dictionary<string, int> _slotByCid = new(StringComparer.Ordinal);
    private readonly List<ClientState?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly PieceHolders _holders;
    private readonly PieceBitmap _badCdnPieces = new();
    private readonly StaleAssignments _stale = new();
    private readonly PieceAssignment[] _picked;
    /// <summary>Per sibling group, the cids it shared; null until a task is split (most never are).</summary>
    private Dictionary<int, HashSet<string>>? _siblingCids;
    private int _siblingCount;
    /// <summary>
    /// The candidates of the pull being answered: one buffer per thread, not per task, since a pull runs to its end
    /// on one thread and thousands of small tasks would otherwise each keep one (a kilobyte at 64 pieces).
    /// </summary>
    [ThreadStatic] private static PieceCandidate[]? _candidates;
    private int _lastGeneration;
    private long _lastAssignmentId;
    private int _supernodeBudget;

    public PieceScheduler(SchedulerSettings settings, Random random)
    {
        settings.Validate();
        _settings = settings;
        _random = random;
        _timeoutMs = (long)settings.AssignmentTimeout.TotalMilliseconds;
        _picked = new PieceAssignment[settings.PeerDownLimit];
        _supernodeBudget = settings.EffectiveSupernodeBudget;
        _holders = new PieceHolders(IsHolder);
    }

    /// <summary>Pieces [0, n) of the CDN copy are written, and handed out from the supernode unless marked bad.</summary>
    public int PiecesWritten { get; private set; }

    /// <summary>The copy is complete: <see cref="PiecesWritten"/> is the piece total.</summary>
    public bool CopyComplete { get; private set; }

    /// <summary>Pieces of this task being fetched from the supernode now.</summary>
    public int SupernodeLoad { get; private set; }

    /// <summary>The most pieces of this task fetched from the supernode at once; 0 or less restores the default.</summary>
    public int SupernodeBudget
    {
        get => _supernodeBudget;
        set => _supernodeBudget = value > 0 ? value : _settings.EffectiveSupernodeBudget;
    }

    /// <summary>Holder-list entries looked at since creation: what a pull costs beyond the task's piece count.</summary>
    public long HoldersExamined { get; private set; }

    /// <summary>This group's own clients (<see cref="SiblingHolder"/>s are not counted).</summary>
    public int ClientCount => _slotByCid.Count - _siblingCount;

    /// <summary>Pieces handed out from a <see cref="SiblingHolder"/> since creation: the exchange between groups.</summary>
    public long SiblingPiecesAssigned { get; private set; }

    /// <summary>
    /// Registers a client; a re-registration of the same cid starts it over (Go replaces its progress), and
    /// anything that referred to the old registration (holder entries, blacklists, loads) goes stale.
    /// </summary>
    /// <param name="servesPieces">It has an uploader (p2p pattern, port ≠ 0).</param>
    public void AddClient(string cid, bool servesPieces)
    {
        var client = Place(cid, servesPieces, ClientState.OwnGroup);
        client.UploadLimit = _settings.PeerUpLimit;
    }

    /// <summary>A new state for <paramref name="cid"/> in its slot (the one it had, if any, is retired).</summary>
    private ClientState Place(string cid, bool servesPieces, int sibling)
    {
        if (_slotByCid.TryGetValue(cid, out var slot))
        {
            Retire(_slots[slot]!);
        }
        else
        {
            slot = _freeSlots.TryPop(out var free) ? free : _slots.Count;
            if (slot == _slots.Count) _slots.Add(null);
            _slotByCid.Add(cid, slot);
        }
        var client = new ClientState(cid, slot, ++_lastGeneration, servesPieces, sibling);
        if (client.IsSibling)
        {
            _siblingCount++;
            _siblingCids ??= [];
            if (!_siblingCids.TryGetValue(sibling, out var cids)) _siblingCids[sibling] = cids = new HashSet<string>(StringComparer.Ordinal);
            cids.Add(cid);
        }
        _slots[slot] = client;
        return client;
    }

    private void ForgetSibling(ClientState sibling)
    {
        _siblingCount--;
        _siblingCids![sibling.Sibling].Remove(sibling.Cid);
    }

    /// <summary>The client's uploader stopped: it is never chosen as a source again. False if unknown or already down.</summary>
    public bool MarkDown(string cid)
    {
        if (!TryGetClient(cid, out var client) || client.Down) return false;
        client.Down = true;
        ForgetHoldings(client);
        return true;
    }

    /// <summary>Forgets the client; what it was running is released. False if unknown.</summary>
    public bool RemoveClient(string cid)
    {
        if (!_slotByCid.Remove(cid, out var slot)) return false;
        Retire(_slots[slot]!);
        _slots[slot] = null;
        _freeSlots.Push(slot);
        return true;
    }

    /// <summary>
    /// The CDN copy as the task knows it: pieces [0, <paramref name="piecesWritten"/>) are written, and when
    /// <paramref name="complete"/> that is all of them. A smaller count than before means the copy started over.
    /// </summary>
    public void UpdateCdnCopy(int piecesWritten, bool complete)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(piecesWritten);
        // Every task has at least one piece (an empty file is one empty piece); 0 would finish every client at once.
        if (complete && piecesWritten == 0) throw new ArgumentException("a complete copy has at least one piece", nameof(piecesWritten));
        PiecesWritten = piecesWritten;
        CopyComplete = complete;
    }

    /// <summary>Every piece being fetched from the supernode's copy is released (the copy is gone or starts over).</summary>
    public void ReleaseSupernodeAssignments()
    {
        foreach (var client in _slots)
        {
            if (client is null) continue;
            for (var i = client.Assignments.Count - 1; i >= 0; i--)
                if (client.Assignments[i].Source.IsSupernode) Release(client, i);
        }
    }

    /// <summary>The supernode cannot serve this piece until <see cref="MarkCdnPieceGood"/> (it is being re-checked or re-written).</summary>
    public void MarkCdnPieceBad(int pieceNum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pieceNum);
        _badCdnPieces.Add(pieceNum);
    }

    public void MarkCdnPieceGood(int pieceNum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pieceNum);
        _badCdnPieces.Remove(pieceNum);
    }

    /// <summary>
    /// Answers a client's <c>GET /peer/task</c> (after <see cref="ReportResult"/> for the piece it carries, if any),
    /// and counts every piece it hands out as running for the client and as load on its source.
    /// </summary>
    /// <param name="key">The pull itself, remembered with its answer for <see cref="TryRepeat"/>.</param>
    /// <param name="maxPieces">The most pieces the client asked for (its running limit caps it further).</param>
    public PullOutcome Pull(string cid, long nowMs, PullKey key = default, int maxPieces = int.MaxValue)
    {
        var outcome = Answer(cid, nowMs, Math.Max(1, maxPieces));
        if (TryGetClient(cid, out var client))
            (client.LastPull, client.LastAnswer) = outcome is PullOutcome.Assigned a ? (key, a.Pieces) : (default, default);
        return outcome;
    }

    /// <summary>
    /// The pieces the client's last pull was answered with, when <paramref name="key"/> is that pull again and they
    /// are all still running for it: the answer was lost on its way (an HTTP retry after a replica died under the
    /// call, a load balancer trying the next replica), so the client never learned of them, and handing it other
    /// pieces would leave these taken until they time out. Asked after the pull's own result is applied: a client
    /// that fails a piece it was just given sends its last pull again word for word, and that piece is then no longer
    /// running, so the pull is answered anew.
    /// </summary>
    public bool TryRepeat(string cid, in PullKey key, out ImmutableArray<PieceAssignment> pieces)
    {
        pieces = default;
        if (!TryGetClient(cid, out var client) || client.LastAnswer.IsDefault || client.LastPull != key) return false;
        foreach (var p in client.LastAnswer)
            if (client.IndexOfAssignment(p.PieceNum) < 0) return false;
        pieces = client.LastAnswer;
        return true;
    }

    private PullOutcome Answer(string cid, long nowMs, int maxPieces)
    {
        ReleaseStaleAssignments(nowMs);
        if (!TryGetOwnClient(cid, out var client)) return PullOutcome.UnknownClient.Instance;
        if (CopyComplete && client.Has.CountBelow(PiecesWritten) == PiecesWritten) return PullOutcome.Finished.Instance;

        var running = client.Assignments.Count;
        if (running >= _settings.PeerDownLimit) return PullOutcome.Busy.Instance;

        var candidates = CollectCandidates(client);
        if (candidates.IsEmpty) return PullOutcome.Wait.Instance;
        candidates.Sort(PieceOrder.Comparison);

        var wanted = Math.Min(_settings.PeerDownLimit - running, maxPieces);
        var supernodeOnly = client.ConsecutiveFailures > _settings.FailureCountLimit;
        var probesLeft = supernodeOnly ? 0 : _settings.PullProbeLimit;
        var picked = 0;
        foreach (ref readonly var candidate in candidates)
        {
            var holder = probesLeft > 0 ? ChooseHolder(client, candidate.Piece, ref probesLeft) : null;
            if (holder is null && SupernodeLoad >= _supernodeBudget)
            {
                // Without probes left, every further piece would need the supernode too.
                if (probesLeft == 0) break;
                continue;
            }
            Assign(client, candidate.Piece, holder, nowMs);
            _picked[picked] = new PieceAssignment(candidate.Piece, holder?.Cid);
            if (++picked == wanted) break;
        }
        return picked == 0
            ? PullOutcome.Wait.Instance
            : new PullOutcome.Assigned(ImmutableArray.Create(_picked.AsSpan(0, picked)));
    }

    /// <summary>
    /// The result of a piece carried by the client's next <c>/peer/task</c>. Releases the assignment (once,
    /// whichever of this and <see cref="ReportSuccess"/> comes first); a success is final and a later failure
    /// of the same piece changes nothing. A failure from a peer blacklists it for this client.
    /// </summary>
    /// <param name="sourceCid">The <c>dstCid</c> the client fetched from (the supernode's cid for the CDN copy).</param>
    /// <returns>False when the client is unknown.</returns>
    public bool ReportResult(string cid, int pieceNum, string? sourceCid, PieceResult result)
    {
        if (!TryGetOwnClient(cid, out var client)) return false;
        Complete(client, pieceNum, sourceCid, result);
        return true;
    }

    /// <summary>
    /// <c>/peer/piece/suc</c>: like a successful <see cref="ReportResult"/>, and the client becomes a holder of
    /// the piece when it serves pieces (only this report does, as in Go).
    /// </summary>
    /// <returns>False when the client is unknown.</returns>
    public bool ReportSuccess(string cid, int pieceNum, string? sourceCid)
    {
        if (!TryGetOwnClient(cid, out var client)) return false;
        if (!Complete(client, pieceNum, sourceCid, PieceResult.Success)) return true;
        if (client.ServesPieces && !client.Down && client.Shared.Add(pieceNum)) _holders.Add(pieceNum, client.Ref);
        return true;
    }

    /// <summary>
    /// The client holds pieces [0, <paramref name="pieceTotal"/>), all of the task (it finished, <c>PUT /tasks/{id}</c>):
    /// it becomes a holder of each when it serves pieces. False when the client is unknown.
    /// </summary>
    public bool HoldsAll(string cid, int pieceTotal)
    {
        if (!TryGetOwnClient(cid, out var client)) return false;
        for (var piece = 0; piece < pieceTotal; piece++)
        {
            client.Has.Add(piece);
            if (client.ServesPieces && !client.Down && client.Shared.Add(piece)) _holders.Add(piece, client.Ref);
        }
        return true;
    }

    /// <summary>
    /// <c>/peer/piece/error</c> (FILE_NOT_EXIST or FILE_MD5_NOT_MATCH, handled alike here): the bad source is
    /// blacklisted for the reporting client, blamed, and no longer offered as a holder of that piece.
    /// </summary>
    /// <param name="cid">The reporting client (<c>srcCid</c>).</param>
    /// <param name="sourceCid">The source that served it badly (<c>dstCid</c>).</param>
    /// <returns>True when the bad source is the supernode: the caller then re-checks that CDN piece.</returns>
    public bool ReportPieceError(string cid, string sourceCid, int pieceNum)
    {
        if (CdnLocation.IsSuperCid(sourceCid)) return true;
        if (TryGetOwnClient(cid, out var client) && TryGetClient(sourceCid, out var source) && source != client)
        {
            Blame(client, source);
            if (IsWritten(pieceNum) && source.Shared.Remove(pieceNum)) _holders.Forget(pieceNum);
        }
        return false;
    }

    public ClientView? GetClient(string cid) =>
        TryGetOwnClient(cid, out var c)
            ? new ClientView(c.ServesPieces, c.Down, c.Has.Count, c.Assignments.Count, c.ProducerLoad, c.ConsecutiveFailures, c.ServiceErrors)
            : null;

    /// <summary>Every client's pieces held, shared and in flight, its blacklist and loads: the live piece map.</summary>
    /// <param name="supernodeCid">The cid pieces from the supernode's copy are named by.</param>
    public IReadOnlyList<ClientPieceMap> Map(string supernodeCid)
    {
        var map = new List<ClientPieceMap>(_slotByCid.Count);
        foreach (var c in _slots)
        {
            if (c is null || c.IsSibling) continue;
            var running = c.Assignments
                .Select(a => new RunningPieceView(a.Piece, a.Source.IsSupernode ? supernodeCid : TryGetClient(a.Source, out var s) ? s.Cid : ""))
                .OrderBy(r => r.Piece).ToList();
            var blacklist = (c.Blacklist ?? []).Select(r => TryGetClient(r, out var s) ? s.Cid : null).OfType<string>().Order(StringComparer.Ordinal).ToList();
            map.Add(new ClientPieceMap(c.Cid, c.ServesPieces, c.Down, c.Has.Count, PieceRanges.Format(PieceRanges.Of(c.Has)),
                PieceRanges.Format(PieceRanges.Of(c.Shared)), running, blacklist, c.ProducerLoad, c.ConsecutiveFailures, c.ServiceErrors));
        }
        return map.OrderBy(m => m.Cid, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What this group tells its siblings: for every written piece, up to <paramref name="perPiece"/> of its own
    /// holders, the least loaded of a few met from a random offset, each with all the pieces it is named for.
    /// </summary>
    public IReadOnlyList<SiblingHolder> ShareHolders(int perPiece)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPiece, 1);
        var named = new Dictionary<int, PieceBitmap>();
        Span<int> best = stackalloc int[perPiece];
        for (var piece = 0; piece < PiecesWritten; piece++)
        {
            var entries = _holders.Entries(piece);
            if (entries is null || entries.Count == 0) continue;
            var found = 0;
            var start = _random.Next(entries.Count);
            for (var k = 0; k < Math.Min(entries.Count, 4 * perPiece); k++)
            {
                var entry = entries[(start + k) % entries.Count];
                if (!IsHolder(entry, piece)) continue;
                var holder = _slots[entry.Index]!;
                if (holder.IsSibling || holder.ServiceErrors >= _settings.EliminationLimit) continue;
                // Kept ordered by load, least first; a full list takes a less loaded holder in place of its last.
                var at = found < perPiece ? found++ : perPiece;
                while (at > 0 && _slots[best[at - 1]]!.ProducerLoad > holder.ProducerLoad)
                {
                    if (at < perPiece) best[at] = best[at - 1];
                    at--;
                }
                if (at < perPiece) best[at] = entry.Index;
            }
            for (var i = 0; i < found; i++)
            {
                if (!named.TryGetValue(best[i], out var pieces)) named[best[i]] = pieces = new PieceBitmap();
                pieces.Add(piece);
            }
        }
        var shared = new List<SiblingHolder>(named.Count);
        foreach (var (slot, pieces) in named) shared.Add(new SiblingHolder(_slots[slot]!.Cid, pieces.ToWords()));
        return shared;
    }

    /// <summary>
    /// The holders group <paramref name="sibling"/> last shared replace those it shared before: each may serve up to
    /// <paramref name="uploadLimit"/> pieces to this group's clients at once. A cid that is one of this group's own
    /// clients is left as it is.
    /// </summary>
    public void UpdateSiblingHolders(int sibling, IReadOnlyList<SiblingHolder> holders, int uploadLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sibling);
        ArgumentOutOfRangeException.ThrowIfLessThan(uploadLimit, 1);
        var listed = new HashSet<string>(holders.Count, StringComparer.Ordinal);
        foreach (var h in holders) listed.Add(h.Cid);
        if (_siblingCids is not null && _siblingCids.TryGetValue(sibling, out var known))
            foreach (var cid in known.Where(c => !listed.Contains(c)).ToList()) RemoveClient(cid);
        foreach (var h in holders)
        {
            if (TryGetClient(h.Cid, out var client) && (client.Sibling != sibling)) continue;
            client ??= Place(h.Cid, servesPieces: true, sibling);
            client.UploadLimit = uploadLimit;
            var pieces = PieceBitmap.FromWords(h.Pieces);
            for (var p = client.Shared.Next(0); p >= 0; p = client.Shared.Next(p + 1))
                if (!pieces.Contains(p))
                {
                    client.Shared.Remove(p);
                    _holders.Forget(p);
                }
            for (var p = pieces.Next(0); p >= 0; p = pieces.Next(p + 1))
                if (client.Shared.Add(p)) _holders.Add(p, client.Ref);
        }
    }

    /// <summary>Pieces of the CDN copy withheld now (being checked or re-written), as <see cref="PieceRanges"/>.</summary>
    public string BadCdnPieces => PieceRanges.Format(PieceRanges.Of(_badCdnPieces));

    /// <summary>Clients that can serve the piece now (serving, up, announced it).</summary>
    public int HolderCount(int pieceNum) => _holders.Count(pieceNum);

    /// <summary>Entries of the piece's holder list, stale ones included (what the list costs in memory).</summary>
    internal int HolderEntries(int pieceNum) => _holders.Entries(pieceNum)?.Count ?? 0;

    /// <summary>The durable part of the state; see <see cref="SchedulerSnapshot"/> for what is left out.</summary>
    public SchedulerSnapshot Snapshot()
    {
        var clients = new SchedulerSnapshot.Client[ClientCount];
        var n = 0;
        foreach (var c in _slots)
        {
            if (c is null || c.IsSibling) continue;
            var blacklist = new List<string>();
            if (c.Blacklist is not null)
                foreach (var r in c.Blacklist)
                    if (TryGetClient(r, out var source)) blacklist.Add(source.Cid);
            clients[n++] = new SchedulerSnapshot.Client(
                c.Cid, c.ServesPieces, c.Down, c.Has.ToWords(), c.Shared.ToWords(), c.ConsecutiveFailures, c.ServiceErrors, [.. blacklist]);
        }
        return new SchedulerSnapshot(PiecesWritten, CopyComplete, [.. PieceRanges.Of(_badCdnPieces)], clients);
    }

    public static PieceScheduler Restore(SchedulerSnapshot snapshot, SchedulerSettings settings, Random random)
    {
        var s = new PieceScheduler(settings, random);
        s.PiecesWritten = snapshot.PiecesWritten;
        s.CopyComplete = snapshot.CopyComplete;
        foreach (var p in snapshot.BadCdnPieces) s._badCdnPieces.Add(p);
        foreach (var c in snapshot.Clients)
        {
            var slot = s._slots.Count;
            var client = new ClientState(c.Cid, slot, ++s._lastGeneration, c.ServesPieces)
            {
                Down = c.Down,
                Has = PieceBitmap.FromWords(c.Has),
                Shared = PieceBitmap.FromWords(c.Shared),
                ConsecutiveFailures = c.ConsecutiveFailures,
                ServiceErrors = c.ServiceErrors,
                UploadLimit = settings.PeerUpLimit,
            };
            s._slots.Add(client);
            s._slotByCid.Add(c.Cid, slot);
            for (var p = client.Shared.Next(0); p >= 0; p = client.Shared.Next(p + 1)) s._holders.Add(p, client.Ref);
        }
        foreach (var c in snapshot.Clients)
        {
            var client = s._slots[s._slotByCid[c.Cid]]!;
            foreach (var sourceCid in c.Blacklist)
                if (s.TryGetClient(sourceCid, out var source)) client.AddToBlacklist(source.Ref);
        }
        return s;
    }

    /// <summary>
    /// Pieces the client may be handed: written, not bad on the CDN, neither held nor running, with their
    /// sort keys. Works a word (64 pieces) at a time into a reused buffer.
    /// </summary>
    private Span<PieceCandidate> CollectCandidates(ClientState client)
    {
        var candidates = _candidates ??= new PieceCandidate[64];
        if (candidates.Length < PiecesWritten) _candidates = candidates = new PieceCandidate[Math.Max(PiecesWritten, candidates.Length * 2)];
        var n = 0;
        var words = (PiecesWritten + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var open = ~(client.Has.Word(w) | client.RunningWord(w) | _badCdnPieces.Word(w));
            var end = (w + 1) << 6;
            if (end > PiecesWritten) open &= (1UL << PiecesWritten) - 1;
            while (open != 0)
            {
                var piece = (w << 6) + BitOperations.TrailingZeroCount(open);
                open &= open - 1;
                candidates[n++] = new PieceCandidate(piece, _holders.Count(piece), _random.Next());
            }
        }
        return candidates.AsSpan(0, n);
    }

    /// <summary>
    /// The least loaded eligible holder among at most <see cref="SchedulerSettings.HolderProbeLimit"/> entries
    /// (and the pull's <paramref name="probesLeft"/>) from a random offset, or null. Ties go to the first met,
    /// so they are random too. Stale entries met on the way are dropped.
    /// </summary>
    private ClientState? ChooseHolder(ClientState client, int piece, ref int probesLeft)
    {
        var entries = _holders.Entries(piece);
        if (entries is null || entries.Count == 0) return null;
        ClientState? best = null;
        var i = _random.Next(entries.Count);
        var seen = 0;
        for (var probes = Math.Min(_settings.HolderProbeLimit, probesLeft); probes > 0 && seen < entries.Count; probes--)
        {
            if (i >= entries.Count) i = 0;
            var entry = entries[i];
            HoldersExamined++;
            probesLeft--;
            if (!IsHolder(entry, piece))
            {
                PieceHolders.DropAt(entries, i);
                continue;
            }
            var holder = _slots[entry.Index]!;
            seen++;
            i++;
            if (holder.ServiceErrors >= _settings.EliminationLimit
                || holder.ProducerLoad >= holder.UploadLimit
                || client.HasBlacklisted(entry)
                || (best is not null && holder.ProducerLoad >= best.ProducerLoad))
                continue;
            best = holder;
            if (best.ProducerLoad == 0) break;
        }
        return best;
    }

    /// <param name="source">The holder to fetch from, or null for the supernode.</param>
    private void Assign(ClientState client, int piece, ClientState? source, long nowMs)
    {
        if (source is null) SupernodeLoad++;
        else source.ProducerLoad++;
        if (source is { IsSibling: true }) SiblingPiecesAssigned++;
        var id = ++_lastAssignmentId;
        client.Assignments.Add(new RunningPiece(piece, source?.Ref ?? ClientRef.Supernode, id));
        _stale.Track(client.Ref, id, nowMs + _timeoutMs);
    }

    private void Release(ClientState client, int index)
    {
        var a = client.Assignments[index];
        client.Assignments.RemoveAt(index);
        if (a.Source.IsSupernode) SupernodeLoad--;
        else if (TryGetClient(a.Source, out var source)) source.ProducerLoad--;
    }

    private void ReleaseStaleAssignments(long nowMs)
    {
        while (_stale.TryTakeDue(nowMs, out var clientRef, out var id))
        {
            if (!TryGetClient(clientRef, out var client)) continue;
            var i = client.IndexOfAssignment(id);
            if (i >= 0) Release(client, i);
        }
    }

    /// <summary>
    /// Records a piece result once: releases its assignment, then applies it unless the piece already
    /// succeeded. Returns whether the piece is now held by the client.
    /// </summary>
    private bool Complete(ClientState client, int piece, string? reportedSource, PieceResult result)
    {
        // The assignment knows the source; without one (timed out, or lost in a restart) trust the report.
        // It is released first: a copy that started over since must not keep the client's slots taken.
        var sourceRef = ClientRef.Supernode;
        var fromPeer = false;
        var i = client.IndexOfAssignment(piece);
        if (i >= 0)
        {
            sourceRef = client.Assignments[i].Source;
            fromPeer = !sourceRef.IsSupernode;
            Release(client, i);
        }

        // A piece the CDN has not written (any more) is not recorded; ignoring it also bounds the bitmaps.
        if (!IsWritten(piece)) return false;
        if (client.Has.Contains(piece)) return true;
        if (i < 0 && !string.IsNullOrEmpty(reportedSource) && !CdnLocation.IsSuperCid(reportedSource))
        {
            fromPeer = true;
            if (TryGetClient(reportedSource, out var reported)) sourceRef = reported.Ref;
        }
        var source = fromPeer && TryGetClient(sourceRef, out var s) ? s : null;

        if (result == PieceResult.Failed)
        {
            // Failures from the supernode's copy are the CDN's business (piece errors), not the client's record.
            if (!fromPeer) return false;
            client.ConsecutiveFailures++;
            if (source is not null && source != client) Blame(client, source);
            return false;
        }
        client.Has.Add(piece);
        if (fromPeer)
        {
            // Only a peer success ends a failure streak, as in Go: a client served by the supernode alone
            // because peers keep failing it stays so for the rest of its download.
            client.ConsecutiveFailures = 0;
            if (source is not null) source.ServiceErrors = 0;
        }
        return true;
    }

    /// <summary>
    /// The source failed the client: blacklisted for it, and one service error against the source, counted
    /// once per client (dfget reports one failure both as a piece error and as a failed result).
    /// </summary>
    private static void Blame(ClientState client, ClientState source)
    {
        if (client.AddToBlacklist(source.Ref)) source.ServiceErrors++;
    }

    /// <summary>Releases everything a registration that is going away was running, and withdraws it as a holder.</summary>
    private void Retire(ClientState client)
    {
        while (client.Assignments.Count > 0) Release(client, client.Assignments.Count - 1);
        ForgetHoldings(client);
        if (client.IsSibling) ForgetSibling(client);
    }

    private void ForgetHoldings(ClientState client)
    {
        for (var p = client.Shared.Next(0); p >= 0; p = client.Shared.Next(p + 1))
        {
            client.Shared.Remove(p);
            _holders.Forget(p);
        }
    }

    /// <summary>A holder-list entry is valid while its registration lives and still shares the piece.</summary>
    private bool IsHolder(ClientRef r, int piece) => TryGetClient(r, out var c) && c.Shared.Contains(piece);

    private bool IsWritten(int piece) => piece >= 0 && piece < PiecesWritten;

    /// <summary>A client of this group, not a <see cref="SiblingHolder"/>.</summary>
    private bool TryGetOwnClient(string cid, out ClientState client) => TryGetClient(cid, out client) && !client.IsSibling;

    private bool TryGetClient(string cid, out ClientState client)
    {
        client = _slotByCid.TryGetValue(cid, out var slot) ? _slots[slot]! : null!;
        return client is not null;
    }

    private bool TryGetClient(ClientRef r, out ClientState client)
    {
        client = r.Index >= 0 && r.Index < _slots.Count && _slots[r.Index] is { } c && c.Ref.Generation == r.Generation ? c : null!;
        return client is not null;
    }
}
