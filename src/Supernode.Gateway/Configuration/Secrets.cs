using System.Data.Common;

namespace Supernode.Gateway.Configuration;

/// <summary>Masks credentials wherever the options are printed (logs, <c>config default</c>).</summary>
internal static class Secrets
{
    public const string Mask = "***";

    public static string MaskToken(string token) => token.Length == 0 ? token : Mask;

    /// <summary>The connection string with its password (<c>Password</c> or <c>Pwd</c>) masked.</summary>
    public static string MaskConnectionString(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try { builder.ConnectionString = connectionString; }
        catch (ArgumentException) { return Mask; }
        var passwordKeys = builder.Keys.Cast<string>()
            .Where(key => key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("Pwd", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (passwordKeys.Count == 0) return connectionString;
        foreach (var key in passwordKeys) builder[key] = Mask;
        return builder.ConnectionString;
    }
}
