using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

public sealed class SupernodeDemandTests
{
    [Theory]
    [InlineData(4, 1, 1, 4)]      // one replica: the configured budget, whatever the demand
    [InlineData(4, 1000, 1, 4)]
    [InlineData(4, 8, 3, 4)]      // little demand: the floor
    [InlineData(4, 30, 3, 8)]     // a quarter of the clients, rounded up
    [InlineData(4, 1000, 3, 12)]  // capped at budget × Up replicas
    [InlineData(8, 1000, 0, 8)]   // no replica known: one
    public void The_budget_follows_demand_between_the_configured_floor_and_a_ceiling_per_replica(int configured, int clients, int replicas, int expected) =>
        Assert.Equal(expected, SupernodeDemand.Budget(configured, clients, replicas));
}
