using System.Collections.Immutable;
using System.Security.Cryptography;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Cdn.Tests;

/// <summary>A scratch directory removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("supernode-cdn-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

internal static class Sources
{
    public static TaskSource Of(string url, string md5 = "", IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(url, url, md5, "", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, headers ?? []), false, []);

    public static CdnCommands.StartCopy Copy(TaskSource source, long httpFileLength = -1, string copyId = "c1") =>
        new(TaskIdentity.Compute(source.TaskUrl, source.Md5, source.Identifier, (string?)null), copyId, source,
            PieceLayout.PieceSizeFor(httpFileLength), httpFileLength);
}

/// <summary>The wrapping of a content, computed independently of the code under test (docs/protocol.md).</summary>
internal static class ExpectedWrapping
{
    public static IEnumerable<(byte[] Piece, string Md5)> Pieces(byte[] content, int pieceSize)
    {
        var per = pieceSize - 5;
        var count = content.Length == 0 ? 1 : (content.Length + per - 1) / per;
        for (var n = 0; n < count; n++)
        {
            var len = Math.Min(per, content.Length - n * per);
            var piece = new byte[len + 5];
            var header = (uint)len | ((uint)pieceSize << 4);
            piece[0] = (byte)(header >> 24);
            piece[1] = (byte)(header >> 16);
            piece[2] = (byte)(header >> 8);
            piece[3] = (byte)header;
            Array.Copy(content, n * per, piece, 4, len);
            piece[^1] = 0x7F;
            yield return (piece, Convert.ToHexStringLower(MD5.HashData(piece)) + ":" + piece.Length);
        }
    }

    public static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
