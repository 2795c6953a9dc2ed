using System.Text;
using Supernode.Cdn.Serving;

namespace Supernode.Cdn.Tests.Serving;

public sealed class RequestHeadTests
{
    private static readonly ConnectionLimits Limits = new(64, 128, 4, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15));

    private static (RequestHead.Outcome Outcome, RequestHead? Head) Read(string text) =>
        (RequestHead.TryRead(Encoding.Latin1.GetBytes(text), Limits, out var head), head);

    [Fact]
    public void A_dfget_piece_request_is_read_with_its_range_and_length()
    {
        const string text = "GET /download/f4e/f4eb HTTP/1.1\r\nHost: 127.0.0.1:8001\r\nRange: bytes=0-4194303\r\n\r\nGET /next";

        var (outcome, head) = Read(text);

        Assert.Equal(RequestHead.Outcome.Complete, outcome);
        Assert.Equal(new RequestHead("GET", "/download/f4e/f4eb", "bytes=0-4194303", false, true, false, text.IndexOf("GET /next", StringComparison.Ordinal)), head);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r")]
    public void A_head_not_yet_ended_asks_for_more(string text) => Assert.Equal(RequestHead.Outcome.Incomplete, Read(text).Outcome);

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: a\n\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nconnection: Upgrade, Close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true)]
    public void The_connection_stays_open_as_the_version_and_Connection_say(string text, bool keepAlive)
    {
        var (outcome, head) = Read(text);
        Assert.Equal(RequestHead.Outcome.Complete, outcome);
        Assert.Equal(keepAlive, head!.KeepAlive);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", true)]
    public void A_body_is_noticed_never_read(string text, bool hasBody) => Assert.Equal(hasBody, Read(text).Head!.HasBody);

    [Fact]
    public void Two_range_fields_are_read_as_one_list() =>
        Assert.Equal("bytes=0-1,bytes=2-3", Read("GET / HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1\r\nRange: bytes=2-3\r\n\r\n").Head!.Range);

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", RequestHead.Outcome.BadRequest)]                       // no Host
    [InlineData("GET /\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET  HTTP/1.1\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET /a\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\n: a\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET / FTP/1.1\r\nHost: a\r\n\r\n", RequestHead.Outcome.BadRequest)]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", RequestHead.Outcome.VersionNotSupported)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", RequestHead.Outcome.VersionNotSupported)]
    public void Malformed_heads_are_refused(string text, RequestHead.Outcome outcome) => Assert.Equal(outcome, Read(text).Outcome);

    [Fact]
    public void Heads_over_the_limits_are_refused_before_they_end()
    {
        Assert.Equal(RequestHead.Outcome.LineTooLong, Read("GET /" + new string('a', 64)).Outcome);
        Assert.Equal(RequestHead.Outcome.LineTooLong, Read("GET /" + new string('a', 60) + " HTTP/1.1\r\n\r\n").Outcome);
        Assert.Equal(RequestHead.Outcome.HeadersTooLarge, Read("GET / HTTP/1.1\r\nX: " + new string('a', 130)).Outcome);
        Assert.Equal(RequestHead.Outcome.HeadersTooLarge, Read("GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n").Outcome);
    }
}
