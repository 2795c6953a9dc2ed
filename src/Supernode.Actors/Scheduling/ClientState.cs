namespace Supernode.Actors.Scheduling;

/// <summary>One registration of a client on the task: its progress, its running pieces, and its standing as a source.</summary>
internal sealed class ClientState(string cid, int index, int generation, bool servesPieces, int sibling = ClientState.OwnGroup)
{
    public const int OwnGroup = -1;

    public string Cid { get; } = cid;

    public ClientRef Ref { get; } = new(index, generation);

    /// <summary>It has an uploader (p2p pattern); cdn-pattern clients never serve.</summary>
    public bool ServesPieces { get; } = servesPieces;

    /// <summary>
    /// The group of the task it belongs to when it is a <see cref="SiblingHolder"/> (a source only: it never pulls
    /// and is not one of this group's clients); <see cref="OwnGroup"/> for this group's own clients.
    /// </summary>
    public int Sibling { get; } = sibling;

    public bool IsSibling => Sibling != OwnGroup;

    /// <summary>Pieces this group may fetch from it at once: a sibling also serves its own group and the others.</summary>
    public int UploadLimit { get; set; }

    /// <summary>Its uploader stopped (<c>/peer/service/down</c>): never a source again.</summary>
    public bool Down { get; set; }

    /// <summary>Pieces it finished (success or semi-success).</summary>
    public PieceBitmap Has { get; init; } = new();

    /// <summary>Pieces it announced with <c>/peer/piece/suc</c> while serving: exactly the pieces it is a holder of.</summary>
    public PieceBitmap Shared { get; init; } = new();

    /// <summary>Its running pieces: at most <see cref="SchedulerSettings.PeerDownLimit"/>, so searched linearly.</summary>
    public List<RunningPiece> Assignments { get; } = [];

    /// <summary>Failed pieces from peers since its last success from a peer.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Pieces other clients are fetching from it now.</summary>
    public int ProducerLoad { get; set; }

    /// <summary>Clients it failed, since a client last fetched a piece from it successfully.</summary>
    public int ServiceErrors { get; set; }

    /// <summary>Its last pull, when that was answered with pieces (<see cref="PieceScheduler.TryRepeat"/>).</summary>
    public PullKey LastPull { get; set; }

    /// <summary>The pieces its last pull was answered with; default when that answer had none.</summary>
    public System.Collections.Immutable.ImmutableArray<PieceAssignment> LastAnswer { get; set; }

    /// <summary>Sources that failed it; created on its first failure, most clients never need one.</summary>
    public List<ClientRef>? Blacklist { get; set; }

    public bool HasBlacklisted(ClientRef source)
    {
        if (Blacklist is null) return false;
        foreach (var r in Blacklist)
            if (r == source) return true;
        return false;
    }

    /// <summary>False when the source was already blacklisted.</summary>
    public bool AddToBlacklist(ClientRef source)
    {
        if (HasBlacklisted(source)) return false;
        (Blacklist ??= []).Add(source);
        return true;
    }

    public int IndexOfAssignment(int piece)
    {
        for (var i = 0; i < Assignments.Count; i++)
            if (Assignments[i].Piece == piece) return i;
        return -1;
    }

    /// <summary>Bits of the running pieces among pieces 64·word … 64·word+63.</summary>
    public ulong RunningWord(int word)
    {
        ulong bits = 0;
        foreach (var a in Assignments)
            if (a.Piece >> 6 == word) bits |= 1UL << a.Piece;
        return bits;
    }

    public int IndexOfAssignment(long id)
    {
        for (var i = 0; i < Assignments.Count; i++)
            if (Assignments[i].Id == id) return i;
        return -1;
    }
}
