namespace Supernode.Gateway.Http;

/// <summary>Go's <c>path.Clean</c>, as gorilla/mux's <c>cleanPath</c> applies it to request paths.</summary>
public static class GoPath
{
    /// <summary>The cleaned path; a trailing slash of a non-root path is kept, as mux keeps it.</summary>
    public static string CleanRequestPath(string p)
    {
        if (p.Length == 0) return "/";
        if (p[0] != '/') p = "/" + p;
        var clean = Clean(p);
        return p.Length > 1 && p[^1] == '/' && clean != "/" ? clean + "/" : clean;
    }

    /// <summary>Shortest equivalent of a rooted path: repeated slashes, <c>.</c> and <c>..</c> elements removed.</summary>
    public static string Clean(string rooted)
    {
        var parts = new List<string>();
        foreach (var element in rooted.Split('/'))
        {
            if (element is "" or ".") continue;
            if (element == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(element);
        }
        return "/" + string.Join('/', parts);
    }
}
