namespace Supernode.Cdn.Guard;

/// <summary>
/// Where cloud providers serve instance metadata, which hands out credentials to whoever asks from the instance:
/// the classic SSRF target, denied unless an operator allows it by name. Link-local blocks are denied whole, as
/// nothing a client may name as a source lives there.
/// </summary>
public static class CloudMetadata
{
    public static readonly IReadOnlyList<NetworkRange> Networks =
    [
        // IPv4 link-local: AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean metadata at 169.254.169.254; Tencent at 169.254.0.23.
        NetworkRange.Parse("169.254.0.0/16"),
        // IPv6 link-local.
        NetworkRange.Parse("fe80::/10"),
        // AWS IMDS over IPv6 (Nitro).
        NetworkRange.Parse("fd00:ec2::254/128"),
        // Alibaba Cloud.
        NetworkRange.Parse("100.100.100.200/32"),
        // Azure WireServer (VM agent, extensions).
        NetworkRange.Parse("168.63.129.16/32"),
        // 169.254.169.254 through a NAT64 gateway.
        NetworkRange.Parse("64:ff9b::a9fe:a9fe/128"),
    ];

    public static readonly IReadOnlyList<HostPattern> HostNames =
    [
        HostPattern.Parse("metadata.google.internal"),
        HostPattern.Parse("metadata.goog"),
        HostPattern.Parse("metadata"),
        HostPattern.Parse("instance-data"),
        HostPattern.Parse("instance-data.ec2.internal"),
        HostPattern.Parse("metadata.tencentyun.com"),
    ];
}
