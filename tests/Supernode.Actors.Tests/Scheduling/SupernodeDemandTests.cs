using Supernode.Actors.Scheduling;

namespace Supernode.Actors.Tests.Scheduling;

public sealed class SupernodeDemandTests
{
    [Theory]
    [InlineData(4, 40, 1, 1, 4)]        // little demand: the configured floor
    [InlineData(4, 40, 80, 1, 4)]
    [InlineData(4, 40, 81, 1, 5)]       // one piece per 20 clients, rounded up
    [InlineData(4, 40, 10_000, 1, 40)]  // capped at the ceiling of one replica
    [InlineData(4, 40, 10_000, 3, 120)] // … times the Up replicas
    [InlineData(4, 40, 10_000, 0, 40)]  // no replica known: one
    [InlineData(50, 40, 10, 1, 50)]     // a floor above the ceiling wins
    public void The_budget_follows_demand_between_the_configured_floor_and_a_ceiling_per_replica(
        int configured, int ceiling, int clients, int replicas, int expected) =>
        Assert.Equal(expected, SupernodeDemand.Budget(configured, ceiling, clients, replicas));
}
