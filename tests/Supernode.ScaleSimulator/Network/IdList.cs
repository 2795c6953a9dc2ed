namespace Supernode.ScaleSimulator.Network;

/// <summary>A small unordered set of transfer ids (a node has a handful in flight): linear search, swap-remove.</summary>
internal sealed class IdList
{
    private int[] _ids = new int[4];

    public int Count { get; private set; }

    public int this[int i] => _ids[i];

    public void Add(int id)
    {
        if (Count == _ids.Length) Array.Resize(ref _ids, Count * 2);
        _ids[Count++] = id;
    }

    public void Remove(int id)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_ids[i] != id) continue;
            _ids[i] = _ids[--Count];
            return;
        }
        throw new InvalidOperationException($"transfer {id} is not on this node");
    }
}
