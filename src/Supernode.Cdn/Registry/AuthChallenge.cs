using System.Text;

namespace Supernode.Cdn.Registry;

/// <summary>
/// One <c>WWW-Authenticate</c> challenge of a registry (RFC 7235): its scheme and parameters, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry",scope="repository:app:pull"</c>. Unlike Go's
/// preheat (which strips quotes and cuts at commas and '='), quoted values keep their commas and '=' signs.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    /// <summary>The first challenge of a header value; null when there is none.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var s = header.Trim();
        var space = s.IndexOf(' ');
        var scheme = space < 0 ? s : s[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? s.Length : space + 1;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ',')) i++;
            var eq = s.IndexOf('=', i);
            if (eq < 0) break;
            var name = s[i..eq].Trim();
            i = eq + 1;
            var value = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                for (i++; i < s.Length && s[i] != '"'; i++)
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    value.Append(s[i]);
                }
                i++;
            }
            else
            {
                for (; i < s.Length && s[i] != ','; i++) value.Append(s[i]);
            }
            // A second scheme starts where a name contains a space ("…", Basic realm=…): only the first counts.
            if (name.Contains(' ')) break;
            if (name.Length > 0) parameters.TryAdd(name, value.ToString().Trim());
        }
        return new AuthChallenge(scheme, parameters);
    }

    /// <summary>The token request of a bearer challenge: the realm with <c>service</c> and <c>scope</c> as the query.</summary>
    public string TokenUrl()
    {
        var realm = Realm ?? throw new InvalidOperationException("a bearer challenge without a realm");
        var query = Parameters.Where(p => !p.Key.Equals("realm", StringComparison.OrdinalIgnoreCase) && p.Key is not "error" and not "error_description")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}");
        var joined = string.Join('&', query);
        return joined.Length == 0 ? realm : realm + (realm.Contains('?') ? "&" : "?") + joined;
    }
}
