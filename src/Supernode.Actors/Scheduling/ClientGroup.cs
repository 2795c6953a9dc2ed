namespace Supernode.Actors.Scheduling;

/// <summary>
/// Which group of a hot task schedules a client: a hash of its cid, so every replica routes the client's calls to the
/// same group without asking anyone. Stable across processes and runtimes (string.GetHashCode is randomised per process).
/// </summary>
public static class ClientGroup
{
    public static int Of(string cid, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (groups == 1) return 0;
        // FNV-1a over the UTF-16 code units: cheap, and spreads dfget's cids (ip-pid-timestamp) evenly.
        var hash = 2166136261u;
        foreach (var c in cid) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)groups);
    }
}
