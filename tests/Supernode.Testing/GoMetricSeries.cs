namespace Supernode.Testing;

/// <summary>The series of the Go supernode that dashboards and alerts rely on.</summary>
public static class GoMetricSeries
{
    /// <summary>docs/protocol.md: name and type of every Go series.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["dragonfly_supernode_build_info"] = "gauge",
        ["dragonfly_supernode_http_requests_total"] = "counter",
        ["dragonfly_supernode_http_request_duration_seconds"] = "histogram",
        ["dragonfly_supernode_http_request_size_bytes"] = "histogram",
        ["dragonfly_supernode_http_response_size_bytes"] = "histogram",
        ["dragonfly_supernode_pieces_downloaded_size_bytes_total"] = "counter",
        ["dragonfly_dfget_download_duration_seconds"] = "histogram",
        ["dragonfly_dfget_download_size_bytes_total"] = "counter",
        ["dragonfly_dfget_download_total"] = "counter",
        ["dragonfly_dfget_download_failed_total"] = "counter",
        ["dragonfly_supernode_tasks"] = "gauge",
        ["dragonfly_supernode_tasks_registered_total"] = "counter",
        ["dragonfly_supernode_cdn_trigger_total"] = "counter",
        ["dragonfly_supernode_cdn_trigger_failed_total"] = "counter",
        ["dragonfly_supernode_schedule_duration_milliseconds"] = "histogram",
        ["dragonfly_supernode_peers"] = "gauge",
        ["dragonfly_supernode_dfgettasks"] = "gauge",
        ["dragonfly_supernode_dfgettasks_registered_total"] = "counter",
        ["dragonfly_supernode_dfgettasks_failed_total"] = "counter",
        ["dragonfly_supernode_cdn_cache_hit_total"] = "counter",
        ["dragonfly_supernode_cdn_download_total"] = "counter",
        ["dragonfly_supernode_cdn_download_size_bytes_total"] = "counter",
        ["dragonfly_supernode_cdn_download_failed_total"] = "counter",
        ["dragonfly_supernode_gc_tasks_total"] = "counter",
        ["dragonfly_supernode_gc_peers_total"] = "counter",
        ["dragonfly_supernode_gc_disks_total"] = "counter",
        ["dragonfly_supernode_last_gc_disks_timestamp_seconds"] = "gauge",
    };
}
