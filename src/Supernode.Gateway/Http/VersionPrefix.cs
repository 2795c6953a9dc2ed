using System.Text.RegularExpressions;

namespace Supernode.Gateway.Http;

/// <summary>
/// Every route also answers under <c>/v{version}</c> (e.g. <c>/v1.24/api/v1/peers</c>, <c>/v1/_ping</c>), the
/// version being ignored (docs/protocol.md). The prefix is stripped before routing, so metrics and logs see the
/// unversioned route.
/// </summary>
public static partial class VersionPrefix
{
    public static IApplicationBuilder UseVersionPrefix(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var path = http.Request.Path.Value;
        if (path is not null)
        {
            var m = Prefix().Match(path);
            if (m.Success) http.Request.Path = m.Groups[1].Value;
        }
        return next(http);
    });

    [GeneratedRegex(@"^/v[0-9.]+(/.*)$")]
    private static partial Regex Prefix();
}
