using Akka.Actor;

namespace Supernode.Gateway.Admin;

/// <summary>
/// A member named in a path: its whole address (<c>akka.tcp://supernode@10.0.0.5:4053</c>, slashes percent-encoded)
/// or just <c>host:port</c>, which needs no encoding and cannot be "cleaned" into another path.
/// </summary>
public static class MemberAddress
{
    public static Address? Find(IEnumerable<Address> members, string name) =>
        members.FirstOrDefault(a => a.ToString() == name || $"{a.Host}:{a.Port}" == name);
}
