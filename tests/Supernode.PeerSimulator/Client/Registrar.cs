using System.Text.Json;
using Supernode.PeerSimulator.Wire;

namespace Supernode.PeerSimulator.Client;

/// <summary>
/// dfget's static supernode locator: a cursor over the node list that only moves forward, one entry per
/// <c>--node</c>. A fleet lists one address (its load balancer): a failed registration, or a migration after a
/// bad pull, then ends the download. Unlike dfget the list is not shuffled: tests choose the order.
/// </summary>
internal sealed class Locator
{
    private readonly SupernodeNode[] _nodes;
    private int _index = -1;

    public Locator(IReadOnlyList<string> nodes)
    {
        if (nodes.Count == 0) throw new ArgumentException("at least one supernode is needed", nameof(nodes));
        _nodes = nodes.Select(SupernodeNode.Parse).ToArray();
    }

    /// <summary>The current entry; null before the first <see cref="Next"/> and once the list is exhausted.</summary>
    public SupernodeNode? Get() => _index >= 0 && _index < _nodes.Length ? _nodes[_index] : null;

    public SupernodeNode? Next()
    {
        if (_index >= _nodes.Length) return null;
        _index++;
        return Get();
    }
}

internal sealed record RegisterResult(SupernodeNode Node, string TaskId, long FileLength, int PieceSize, string CdnSource);

/// <summary>Registration failed: <see cref="Code"/> is the body code, or -100 (dfget's HTTPError) for transport/HTTP failures.</summary>
internal sealed class RegisterFailedException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>dfget's supernodeRegister: walks the locator until a node accepts, with dfget's stop/retry rules.</summary>
internal sealed class Registrar(Locator locator, Func<SupernodeNode, string> body, CallTimes times)
{
    private const int HttpError = -100;
    private SupernodeNode? _lastRegistered;

    public async Task<RegisterResult> RegisterAsync(CancellationToken ct)
    {
        ResultInfo? res = null;
        string? error = null;
        var waitAuthRetries = 0;
        SupernodeNode? node;
        for (node = locator.Next(); node is not null; node = await NextOrRetryAsync())
        {
            if (ReferenceEquals(node, _lastRegistered)) continue;
            try
            {
                res = await SupernodeApi.RegisterAsync(node, body(node), ct, times);
                error = null;
            }
            catch (SupernodeApiException e)
            {
                (res, error) = (null, e.Message);
                continue;
            }
            // 200 registered; 607 (source unreachable) and 608 (needs auth) would fail on every node alike.
            if (res.Code is 200 or 607 or 608) break;
        }
        _lastRegistered = node;

        if (error is not null) throw new RegisterFailedException(HttpError, error);
        if (res is null) throw new RegisterFailedException(HttpError, "empty response, unknown error");
        if (res.Code != 200) throw new RegisterFailedException(res.Code, $"code {res.Code}: {res.Msg}");
        try
        {
            var data = res.Data;
            var taskId = GoJsonReader.Str(data, "taskId");
            // dfget would crash on a success without data; treat it as a failed registration.
            if (taskId.Length == 0) throw new FormatException("no taskId");
            return new RegisterResult(node!, taskId, GoJsonReader.Int(data, "fileLength"),
                (int)GoJsonReader.Int(data, "pieceSize"), GoJsonReader.Str(data, "cdnSource"));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new RegisterFailedException(HttpError, $"undecodable registration data: {e.Message}");
        }

        async Task<SupernodeNode?> NextOrRetryAsync()
        {
            // 609 (wait auth): the same node again after 1 s, at most 3 times.
            if (res is { Code: 609 } && waitAuthRetries < 3)
            {
                waitAuthRetries++;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return locator.Get();
            }
            return locator.Next();
        }
    }
}
