using Supernode.ScaleSimulator.Fleet;

namespace Supernode.ScaleSimulator.Tests;

/// <summary>Tiny fleets end to end through the real scheduler.</summary>
public sealed class FleetSimulationTests
{
    /// <summary>10 MiB and a byte: 11 pieces of 1 MiB, the last one a single byte.</summary>
    private static readonly SimOptions Small = new() { FileBytes = (10L << 20) + 1, PieceBytes = 1 << 20 };

    [Theory]
    [InlineData("go")]
    [InlineData("ours")]
    public void Two_clients_get_every_byte_exactly_once(string policy)
    {
        var r = FleetSimulation.Run(Small with { Clients = 2 }, Policy.Named(policy));

        Assert.Equal(11, Small.Pieces);
        Assert.Equal(0, r.Unfinished);
        Assert.Equal(0, r.DuplicatePieces);
        Assert.Equal(2 * Small.FileBytes, r.SupernodeBytes + r.PeerBytes);
        // The supernode is the only origin: every piece leaves it at least once.
        Assert.InRange(r.SupernodeBytes, Small.FileBytes, 2 * Small.FileBytes);
        Assert.InRange(r.PeakSupernodeUploads, 1, 4);
    }

    [Fact]
    public void A_lone_client_finishes_just_after_the_file_over_its_download_rate()
    {
        var r = FleetSimulation.Run(Small with { Clients = 1 }, Policy.Go);

        var floor = Small.FileBytes / SimOptions.BytesPerSecond(Small.ClientDownMbps);
        var only = Assert.Single(r.CompletionSeconds);
        // Above the floor by the round trips of its pulls (a few ms each), never below it.
        Assert.InRange(only, floor, floor + 0.05);
        // Its first pieces are any four (equally rare ones come in random order), the file's one-byte last piece maybe.
        Assert.InRange(Assert.Single(r.FirstPieceSeconds), 0, only);
        Assert.Equal(Small.FileBytes, r.SupernodeBytes);
        Assert.Equal(0, r.PeerBytes);
    }

    [Fact]
    public void The_go_cap_holds_and_peers_serve_most_bytes()
    {
        var r = FleetSimulation.Run(Small with { Clients = 30 }, Policy.Go);

        Assert.Equal(0, r.Unfinished);
        Assert.Equal(4, r.PeakSupernodeUploads);
        Assert.True(r.PeerBytes > r.SupernodeBytes, $"{r.PeerBytes} from peers, {r.SupernodeBytes} from the supernode");
        Assert.True(r.Waits > 0, "30 clients and 4 supernode slots: some pulls must wait");
    }

    [Fact]
    public void A_run_is_reproducible_from_its_seed()
    {
        var options = Small with { Clients = 20, ArrivalWindowSeconds = 2, Seed = 7 };
        var a = FleetSimulation.Run(options, Policy.Ours);
        var b = FleetSimulation.Run(options, Policy.Ours);

        Assert.Equal(a.CompletionSeconds, b.CompletionSeconds);
        Assert.Equal((a.SupernodeBytes, a.Pulls, a.Waits, a.Events), (b.SupernodeBytes, b.Pulls, b.Waits, b.Events));
    }

    [Fact]
    public void A_run_stops_at_its_virtual_time_limit()
    {
        var r = FleetSimulation.Run(Small with { Clients = 5, MaxVirtualSeconds = 0.1 }, Policy.Go);

        Assert.Equal(5, r.Unfinished);
        Assert.Empty(r.CompletionSeconds);
        Assert.True(double.IsNaN(r.Median));
    }
}
