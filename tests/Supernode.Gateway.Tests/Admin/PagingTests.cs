using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Supernode.Gateway.Admin;

namespace Supernode.Gateway.Tests.Admin;

public sealed class PagingTests
{
    private static IQueryCollection Query(params (string, string)[] pairs) =>
        new QueryCollection(pairs.ToDictionary(p => p.Item1, p => new StringValues(p.Item2)));

    [Theory]
    [InlineData("0", "0", "", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("1", "2", "asc", new[] { 3, 4 })]
    [InlineData("2", "2", "ASC", new[] { 5 })]
    [InlineData("3", "2", "", new int[0])]
    [InlineData("0", "2", "desc", new[] { 5, 4 })]
    public void Pages_of_the_sorted_list(string num, string size, string direct, int[] expected)
    {
        Assert.True(Paging.TryRead(Query(("pageNum", num), ("pageSize", size), ("sortDirect", direct), ("sortKey", "ignored")), out var paging, out _));
        Assert.Equal(expected, paging.Apply(new[] { 3, 1, 5, 2, 4 }, x => x));
    }

    [Theory]
    [InlineData("pageNum", "-1")]
    [InlineData("pageSize", "x")]
    [InlineData("sortDirect", "UP")]
    public void Bad_values_are_refused_with_the_reason(string name, string value)
    {
        Assert.False(Paging.TryRead(Query((name, value)), out _, out var problem));
        Assert.Contains(name, problem);
    }
}
