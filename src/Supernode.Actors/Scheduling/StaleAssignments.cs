namespace Supernode.Actors.Scheduling;

/// <summary>
/// Assignments in the order they were made with the time they go stale, so the ones whose client vanished
/// mid-piece are found without scanning clients. Entries of assignments already reported are simply skipped
/// when they come due.
/// </summary>
internal sealed class StaleAssignments
{
    private readonly Queue<Entry> _queue = new();

    public void Track(ClientRef client, long id, long dueMs) => _queue.Enqueue(new Entry(client, id, dueMs));

    public bool TryTakeDue(long nowMs, out ClientRef client, out long id)
    {
        if (_queue.TryPeek(out var head) && head.DueMs <= nowMs)
        {
            _queue.Dequeue();
            (client, id) = (head.Client, head.Id);
            return true;
        }
        (client, id) = (default, 0);
        return false;
    }

    private readonly record struct Entry(ClientRef Client, long Id, long DueMs);
}
