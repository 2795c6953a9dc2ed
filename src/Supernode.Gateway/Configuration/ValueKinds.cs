using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Supernode.Cdn;
using Supernode.Cdn.Guard;

namespace Supernode.Gateway.Configuration;

/// <summary>The value formats of the settings, with the ranges the supernode can work with.</summary>
internal static class ValueKinds
{
    public static readonly ValueKind<int> Port = Integer("port", 1, 65535, "not a port number 1-65535");
    public static readonly ValueKind<int> PortOrZero = Integer("port", 0, 65535, "not a port number 0-65535 (0 = any free port)");
    public static readonly ValueKind<int> Limit = Integer("int", 1, int.MaxValue, "not a whole number of at least 1");
    public static readonly ValueKind<int> LimitOrZero = Integer("int", 0, int.MaxValue, "not a whole number of at least 0");
    public static readonly ValueKind<int> Tenths = Integer("int", 1, 10, "not a whole number 1-10");

    public static readonly ValueKind<bool> Switch = new("bool", ParseBool, value => value);

    public static readonly ValueKind<long> Rate = new("rate", ByteQuantity.ParseRate, value => ByteQuantity.Format(value));

    /// <summary>A disk GC threshold: a size, or a share of the volume such as <c>20%</c>.</summary>
    public static readonly ValueKind<DiskThreshold> SizeOrShare = new("size|percent", ParseDiskThreshold,
        value => value.Percent > 0 ? $"{value.Percent.ToString(CultureInfo.InvariantCulture)}%" : ByteQuantity.Format(value.Bytes));

    /// <summary>A wait that may be zero.</summary>
    public static readonly ValueKind<TimeSpan> Delay = Duration(allowZero: true);

    /// <summary>The period of a timer, which must be positive.</summary>
    public static readonly ValueKind<TimeSpan> Period = Duration(allowZero: false);

    public static readonly ValueKind<string> IPv4 = new("ip", text =>
        HostAddress.IsIPv4(text) ? text : throw new FormatException("not an IPv4 address like 192.168.1.10"), Text);

    /// <summary>An address to bind to: IPv4, or IPv6 such as <c>::</c> (all interfaces) or <c>::1</c>.</summary>
    public static readonly ValueKind<string> BindAddress = new("ip", text =>
        HostAddress.IsIPv4(text) || IsIPv6(text) ? text : throw new FormatException("not an IPv4 or IPv6 address"), Text);

    public static readonly ValueKind<string> HostName = new("host", text =>
        Uri.CheckHostName(text) != UriHostNameType.Unknown ? text : throw new FormatException("not a host name or IP address"), Text);

    public static readonly ValueKind<string> Directory = new("path", text =>
        text.Length > 0 ? text : throw new FormatException("not a directory path"), Text);

    /// <summary>A file named by path, empty for none; whether it exists and what it holds is checked once the settings are combined.</summary>
    public static readonly ValueKind<string> FilePath = new("path", text => text, Text);

    public static readonly ValueKind<string> AnyText = new("string", text => text, Text);

    public static readonly ValueKind<string> CdnPattern = new("string", text => text switch
    {
        "local" => text,
        "source" => throw new FormatException("the \"source\" pattern is not implemented; only \"local\" is supported"),
        _ => throw new FormatException("not a CDN pattern; only \"local\" is supported"),
    }, Text);

    public static readonly ValueKind<DatabaseProvider> Provider = new("string", text => text.ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" => DatabaseProvider.PostgreSql,
        _ => throw new FormatException("not a database provider: sqlite or postgresql"),
    }, value => value.ToString().ToLowerInvariant());

    /// <summary>Comma-separated (or a YAML list) <c>akka.tcp://supernode@host:port</c> addresses.</summary>
    public static readonly ValueKind<IReadOnlyList<string>> SeedNodes = List("addresses", address =>
        IsSeedNode(address) ? null : $"\"{address}\" is not an address akka.tcp://{ClusterOptions.SystemName}@host:port");

    /// <summary>Comma-separated (or a YAML list) role names.</summary>
    public static readonly ValueKind<IReadOnlyList<string>> Roles = List("roles", role =>
        role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? null : $"\"{role}\" is not a role name (letters, digits, '-', '_', '.')");

    /// <summary>Comma-separated (or a YAML list) addresses and CIDR blocks.</summary>
    public static readonly ValueKind<IReadOnlyList<string>> Networks = List("cidrs", block =>
        NetworkRange.TryParse(block, out _) ? null : $"\"{block}\" is not an IP address or a CIDR block like 10.0.0.0/8");

    /// <summary>Comma-separated (or a YAML list) host names, <c>*.domain</c> for every name under a domain.</summary>
    public static readonly ValueKind<IReadOnlyList<string>> HostPatterns = List("hosts", host =>
    {
        try
        {
            HostPattern.Parse(host);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    });

    private static object Text(string value) => value;

    private static ValueKind<int> Integer(string name, int min, int max, string expected) => new(name, text =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException(expected), value => value);

    private static ValueKind<TimeSpan> Duration(bool allowZero) => new("duration", text =>
    {
        var value = GoDuration.Parse(text);
        if (value < TimeSpan.Zero) throw new FormatException("must not be negative");
        if (value == TimeSpan.Zero && !allowZero) throw new FormatException("must be longer than 0");
        return value;
    }, value => GoDuration.Format(value));

    /// <param name="problem">The reason an item is rejected, or null when it is fine.</param>
    private static ValueKind<IReadOnlyList<string>> List(string name, Func<string, string?> problem) => new(name, text =>
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
            if (problem(item) is { } reason) throw new FormatException(reason);
        return items;
    }, value => value);

    private static DiskThreshold ParseDiskThreshold(string text)
    {
        if (!text.EndsWith('%')) return DiskThreshold.OfBytes(ByteQuantity.ParseFileSize(text));
        return double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
               && percent is > 0 and <= 100
            ? DiskThreshold.OfPercent(percent)
            : throw new FormatException("not a share of the volume above 0% and at most 100%, like 20% or 2.5%");
    }

    /// <summary>Go's <c>strconv.ParseBool</c> spellings plus YAML's yes/no/on/off.</summary>
    private static bool ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "t" or "1" or "yes" or "on" => true,
        "false" or "f" or "0" or "no" or "off" => false,
        _ => throw new FormatException("not true or false"),
    };

    private static bool IsIPv6(string text) =>
        text.Contains(':') && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsSeedNode(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
        uri.Scheme == "akka.tcp" &&
        uri.UserInfo == ClusterOptions.SystemName &&
        uri.Host.Length > 0 &&
        uri.Port is > 0 and <= 65535 &&
        !address.EndsWith('/') && uri.PathAndQuery == "/" && uri.Fragment.Length == 0;
}
