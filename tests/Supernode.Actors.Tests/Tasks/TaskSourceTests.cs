using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Tasks;

public sealed class TaskSourceTests
{
    [Theory]
    [InlineData("http://h/p?q=1", "http://h/p?q=1")]
    [InlineData("http://user:pw@h:80/p?q=1", "http://user:***@h:80/p?q=1")]
    [InlineData("http://user@h/p", "http://user@h/p")]
    [InlineData("https://u:p@ss@h/x@y", "https://u:***@h/x@y")]
    [InlineData("http://u:pw@h", "http://u:***@h")]
    [InlineData("no scheme", "no scheme")]
    public void A_password_in_the_user_info_is_masked(string url, string shown) => Assert.Equal(shown, TaskSource.WithoutPassword(url));

    [Fact]
    public void The_log_form_has_neither_user_info_nor_query() =>
        Assert.Equal("http://h/p", Samples.Source("http://user:pw@h/p?sig=abc").SafeUrl);
}
