using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Supernode.PeerSimulator;
using Supernode.Testing;
using Xunit.Abstractions;

namespace Supernode.Gateway.Tests.EndToEnd;

/// <summary>
/// The status page in a real browser (Debian's headless Chromium) against a real supernode while clients download:
/// it shows the cluster and the task, and the task's piece grid fills as pieces arrive. A screenshot is kept.
/// </summary>
public sealed partial class StatusPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long FileLength = 48L * 1024 * 1024;
    private readonly TempDir _dir = new("supernode-status-page");
    private readonly LoopbackOrigin _origin = new();
    private SupernodeProcess _sn = null!;

    public async Task InitializeAsync()
    {
        await _origin.StartAsync();
        // The copy from the source at 8 MiB/s, the clients at 4 MiB/s each: the download lasts about 12 s.
        _sn = new SupernodeProcess(_dir.Combine("home"), "--max-bandwidth", "28MB", "--system-bandwidth", "20MB");
        await _sn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sn.DisposeAsync();
        await _origin.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_page_shows_the_cluster_and_the_task_and_its_grid_fills_as_pieces_arrive()
    {
        var file = _dir.Combine("layer.bin");
        SeededContent.WriteFile(file, FileLength, seed: 12);
        _origin.ServeFile("/layer.bin", file, new OriginFileOptions());
        var url = _origin.Url("/layer.bin");
        var taskId = ExpectedTaskId.Of(url);

        await using var fleet = await PeerFleet.StartAsync(3, i => new PeerOptions
        {
            Supernodes = [_sn.ApiUrl],
            Url = url,
            OutputDirectory = _dir.Path,
            OutputFileName = $"peer{i}.bin",
            LocalLimit = 4 * 1024 * 1024,
            Seed = i,
        });
        var downloads = fleet.DownloadAllAsync();
        var page = $"{_sn.ApiUrl}/status#task={taskId}";

        await Poll.UntilAsync(async () => HeldCells(await HeadlessChromium.DumpDomAsync(page)) > 0, TimeSpan.FromSeconds(30), "a held piece on the page");
        var early = await HeadlessChromium.DumpDomAsync(page);
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        await HeadlessChromium.ScreenshotAsync(page, Path.Combine(artifacts, "status-page-during.png"));
        var result = await downloads;
        Assert.Equal(3, result.Succeeded);
        var late = await HeadlessChromium.DumpDomAsync(page);

        Assert.Contains(taskId, late);
        Assert.Contains("this replica, leader", late);
        var pieces = (await new SupernodeClient(_sn).GetTaskAsync(taskId)).Json.GetProperty("pieceTotal").GetInt32();
        var rows = RowPattern().Matches(GridOf(late)).Count;
        output.WriteLine($"held cells: {HeldCells(early)} early, {HeldCells(late)} once done ({rows} rows × {pieces} pieces)");
        Assert.Equal(4, rows);
        Assert.True(HeldCells(early) < HeldCells(late), "the grid did not fill");
        Assert.Equal(rows * pieces, HeldCells(late));

        var shot = Path.Combine(artifacts, "status-page.png");
        await HeadlessChromium.ScreenshotAsync(page, shot);
        output.WriteLine($"screenshots: {artifacts}");
        Assert.True(new FileInfo(shot).Length > 10_000);
    }

    [Fact]
    public async Task With_an_admin_token_the_page_asks_the_browser_for_it()
    {
        await using var guarded = new SupernodeProcess(_dir.Combine("guarded"), "--admin-token", "status-token-41");
        await guarded.StartAsync();
        using var http = new HttpClient();

        var refused = await http.GetAsync($"{guarded.ApiUrl}/status");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("Basic ", refused.Headers.WwwAuthenticate.ToString());

        var request = new HttpRequestMessage(HttpMethod.Get, $"{guarded.ApiUrl}/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:status-token-41")));
        var page = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The page's data stays readable by the API's rules: reads need no token.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{guarded.ApiUrl}/api/v1/cluster/members")).StatusCode);
    }

    private static int HeldCells(string dom) => CellPattern().Matches(GridOf(dom)).Count(m => m.Groups[1].Value == "held");

    private static string GridOf(string dom)
    {
        var start = dom.IndexOf("<div id=\"grid\"", StringComparison.Ordinal);
        return start < 0 ? "" : dom[start..dom.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("class=\"cell (held|running|missing)\"")]
    private static partial Regex CellPattern();

    [GeneratedRegex("class=\"row-label ")]
    private static partial Regex RowPattern();
}
