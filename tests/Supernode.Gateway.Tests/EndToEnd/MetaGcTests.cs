using System.Net;
using Microsoft.Data.Sqlite;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The meta GC end to end on the embedded database: an idle task and its peer record are forgotten after their expiry,
/// and their events and snapshots leave the journal, however the shard passivates idle entities.
/// </summary>
public sealed class MetaGcTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LoopbackOrigin _origin = new();
    private readonly TempDir _home = new("supernode-e2e-metagc");
    private SupernodeProcess? _supernode;

    public Task InitializeAsync() => _origin.StartAsync();

    public async Task DisposeAsync()
    {
        if (_supernode is not null)
        {
            await _supernode.DisposeAsync();
            output.WriteLine(_supernode.Output);
        }
        await _origin.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task An_idle_task_and_its_peer_are_forgotten_and_leave_no_row_in_the_journal()
    {
        var config = Path.Combine(_home.Path, "supernode.yml");
        await File.WriteAllTextAsync(config, """
            base:
              gcInitialDelay: 0s
              gcMetaInterval: 500ms
              taskExpireTime: 2s
              peerGCDelay: 1s
            """);
        _supernode = new SupernodeProcess(_home.Combine("home"), "--config", config);
        await _supernode.StartAsync();
        var client = new SupernodeClient(_supernode);
        var url = _origin.Url("/idle.bin");
        _origin.Serve("/idle.bin", SeededContent.Bytes(100_000, seed: 5));
        var taskId = ExpectedTaskId.Of(url);

        Assert.Equal(HttpStatusCode.OK, (await client.RegisterAsync(DfgetRegistration.For(url))).Status);
        await client.WaitForCdnAsync(taskId, TimeSpan.FromSeconds(30));
        var peers = await client.WaitForAsync("/api/v1/peers", p => p.GetArrayLength() == 1, TimeSpan.FromSeconds(30));
        var peerId = peers[0].GetProperty("ID").GetString()!;
        Assert.True(JournalRows($"task-{taskId}") > 0);
        Assert.True(JournalRows($"peer-{peerId}") > 0);

        await Poll.UntilAsync(async () => (await client.GetTaskAsync(taskId)).Status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "task forgotten");
        await Poll.UntilAsync(async () => (await client.GetAsync($"/api/v1/peers/{peerId}")).Status == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "peer forgotten");
        await Poll.UntilAsync(() => JournalRows($"task-{taskId}") == 0 && JournalRows($"peer-{peerId}") == 0, TimeSpan.FromSeconds(30),
            "their events and snapshots deleted");
    }

    /// <summary>
    /// Live rows of <paramref name="persistenceId"/> in the journal and snapshot store. (The journal keeps the row of
    /// an entity's highest sequence number, marked deleted, so that a new incarnation goes on numbering from there.)
    /// </summary>
    private long JournalRows(string persistenceId)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(_supernode!.HomeDir, "supernode.db")};Mode=ReadOnly");
        db.Open();
        var tables = new List<(string Name, bool MarksDeleted)>();
        using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name, sql LIKE '%deleted%' FROM sqlite_master WHERE type = 'table' AND sql LIKE '%persistence_id%'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add((reader.GetString(0), reader.GetBoolean(1)));
        }
        Assert.NotEmpty(tables);
        long rows = 0;
        foreach (var (table, marksDeleted) in tables)
        {
            using var count = db.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE persistence_id = $id{(marksDeleted ? " AND deleted = 0" : "")}";
            count.Parameters.AddWithValue("$id", persistenceId);
            rows += (long)count.ExecuteScalar()!;
        }
        return rows;
    }
}
