using Supernode.Actors.Protocol;

namespace Supernode.Actors.Tests.Protocol;

public sealed class ShardPlacementTests
{
    private static readonly IReadOnlyDictionary<string, string> TaskShards =
        ShardPlacement.EntityInEachShard(EntityMessageExtractors.Tasks(), "warmup");

    [Fact]
    public void Every_shard_gets_an_entity_id_that_the_extractor_routes_to_it()
    {
        var extractor = EntityMessageExtractors.Tasks();

        Assert.Equal(ShardNames.ShardCount, TaskShards.Count);
        Assert.All(TaskShards, s => Assert.Equal(s.Key, extractor.ShardId(s.Value)));
        Assert.All(TaskShards.Values, id => Assert.StartsWith("warmup-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void The_ids_are_the_same_in_every_process()
    {
        Assert.Equal(TaskShards, ShardPlacement.EntityInEachShard(EntityMessageExtractors.Tasks(), "warmup"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void The_shares_of_the_replicas_place_every_shard_once(int replicas)
    {
        var shares = Enumerable.Range(0, replicas).Select(i => ShardPlacement.ShareOf(TaskShards, i, replicas)).ToArray();

        var all = shares.SelectMany(s => s).ToArray();
        Assert.Equal(TaskShards.Count, all.Length);
        Assert.Equal(TaskShards.Values.Order(), all.Order());
        Assert.All(shares, s => Assert.InRange(s.Count, TaskShards.Count / replicas, TaskShards.Count / replicas + 1));
    }

    [Fact]
    public void A_replica_count_of_zero_or_a_negative_index_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardPlacement.ShareOf(TaskShards, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardPlacement.ShareOf(TaskShards, -1, 3));
    }
}
