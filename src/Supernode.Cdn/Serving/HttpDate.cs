namespace Supernode.Cdn.Serving;

/// <summary>The <c>Date</c> of an answer (RFC 9110 §6.6.1), formatted once a second rather than per answer.</summary>
public static class HttpDate
{
    private sealed record Stamp(long Second, string Text);

    private static Stamp _current = new(-1, "");

    public static string Now()
    {
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        var stamp = _current;
        if (stamp.Second == second) return stamp.Text;
        stamp = new Stamp(second, now.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
        _current = stamp;
        return stamp.Text;
    }
}
