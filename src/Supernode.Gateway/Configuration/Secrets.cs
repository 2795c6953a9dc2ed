using System.Text.RegularExpressions;

namespace Supernode.Gateway.Configuration;

/// <summary>Masks credentials wherever the options are printed (logs, <c>config default</c>).</summary>
internal static partial class Secrets
{
    public const string Mask = "***";

    public static string MaskToken(string token) => token.Length == 0 ? token : Mask;

    /// <summary>The connection string as written, with the value of <c>Password</c> or <c>Pwd</c> masked.</summary>
    public static string MaskConnectionString(string connectionString) =>
        PasswordPattern().Replace(connectionString, match => match.Groups["key"].Value + Mask);

    [GeneratedRegex("""(?<key>(?:^|;)\s*(?:password|pwd)\s*=\s*)(?:"[^"]*"|'[^']*'|[^;]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
