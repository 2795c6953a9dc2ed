using System.Globalization;

namespace Supernode.Gateway.Admin;

/// <summary>
/// The list query of the Go supernode (docs/protocol.md): <c>pageNum</c> (default 0), <c>pageSize</c> (default 0 = all),
/// <c>sortDirect</c> ASC/DESC (case-insensitive, default ASC); <c>sortKey</c> is accepted and ignored, as in Go.
/// </summary>
public sealed record Paging(int PageNum, int PageSize, bool Descending)
{
    /// <summary>Go's checks: non-negative integers and a known direction; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryRead(IQueryCollection query, out Paging paging, out string problem)
    {
        paging = new Paging(0, 0, false);
        problem = "";
        if (!TryCount(query, "pageNum", out var num, ref problem) || !TryCount(query, "pageSize", out var size, ref problem)) return false;
        var direct = query["sortDirect"].ToString();
        if (direct.Length > 0 && !direct.Equals("ASC", StringComparison.OrdinalIgnoreCase) && !direct.Equals("DESC", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"sortDirect {direct} is not ASC or DESC";
            return false;
        }
        paging = new Paging(num, size, direct.Equals("DESC", StringComparison.OrdinalIgnoreCase));
        return true;
    }

    /// <summary>Items <c>[pageNum·pageSize, (pageNum+1)·pageSize)</c> of the list sorted by <paramref name="key"/>; all when pageSize is 0.</summary>
    public IReadOnlyList<T> Apply<T, TKey>(IEnumerable<T> items, Func<T, TKey> key)
    {
        var sorted = Descending ? items.OrderByDescending(key) : items.OrderBy(key);
        return PageSize == 0 ? sorted.ToList() : sorted.Skip((int)Math.Min(int.MaxValue, (long)PageNum * PageSize)).Take(PageSize).ToList();
    }

    private static bool TryCount(IQueryCollection query, string name, out int value, ref string problem)
    {
        value = 0;
        var text = query[name].ToString();
        if (text.Length == 0 || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) return true;
        problem = $"{name} {text} is not a non-negative integer";
        return false;
    }
}
