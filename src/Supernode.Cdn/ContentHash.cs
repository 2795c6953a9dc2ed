using System.Security.Cryptography;

namespace Supernode.Cdn;

/// <summary>
/// The hashes of a copy's content as it streams by: always its md5 (dfget checks the file against it), and its sha256
/// when the task is named by its digest (<see cref="Supernode.Actors.Tasks.TaskDigest"/>), which the copy must match.
/// </summary>
internal sealed class ContentHash(bool withSha256) : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha256 = withSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    public void Append(byte[] data, int offset, int count)
    {
        _md5.AppendData(data, offset, count);
        _sha256?.AppendData(data, offset, count);
    }

    /// <summary>The md5 of everything appended (lowercase hex); the hashes start over.</summary>
    public string TakeMd5() => Convert.ToHexStringLower(_md5.GetHashAndReset());

    /// <summary>The sha256 of everything appended (lowercase hex), or "" when not computed; it starts over.</summary>
    public string TakeSha256() => _sha256 is null ? "" : Convert.ToHexStringLower(_sha256.GetHashAndReset());

    public void Dispose()
    {
        _md5.Dispose();
        _sha256?.Dispose();
    }
}
