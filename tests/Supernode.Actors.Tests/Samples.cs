using System.Collections.Immutable;
using Supernode.Actors.Cdn;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests;

/// <summary>Small valid domain values for tests.</summary>
internal static class Samples
{
    public const string Url = "http://127.0.0.1:8009/normal.txt";

    public static TaskSource Source(string url = Url, string md5 = "", string identifier = "") => new(
        url, url, md5, identifier,
        ImmutableSortedDictionary<string, string>.Empty.Add("Authorization", "Bearer secret"),
        Insecure: false, RootCAs: ImmutableArray<string>.Empty);

    public static TaskClient Client(string cid = "127.0.0.1-1-1.000", int port = 15001) => new(
        cid, $"host-127.0.0.1-{port}", "127.0.0.1", "host", port, $"/peer/file/out-{cid}", "1.0.6", "p2p", "127.0.0.1", "", "");

    public static string TaskId(string url = Url) => TaskIdentity.Compute(url, null, null, (string?)null);

    public static TaskCommands.Register Register(string cid = "127.0.0.1-1-1.000", string url = Url, string md5 = "") =>
        new(TaskId(url), Source(url, md5), Client(cid));

    public static CdnLocation Here => new("akka.tcp://supernode@127.0.0.1:4053", "127.0.0.1", 8001);
}
