using System.Security.Cryptography;
using System.Text;

namespace Supernode.Testing;

/// <summary>
/// The taskId of docs/protocol.md, computed independently of the code under test:
/// lowercase hex SHA-256 of key + taskURL + (md5, else identifier) + [Range header] + key.
/// </summary>
public static class ExpectedTaskId
{
    private const string Key = ">I$pg-~AS~sP'rqu_`Oh&lz#9]\"=;nE%";

    public static string Of(string taskUrl, string md5 = "", string identifier = "", string? range = null)
    {
        var sign = md5.Length > 0 ? md5 : identifier;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key + taskUrl + sign + (range ?? "") + Key)));
    }
}
