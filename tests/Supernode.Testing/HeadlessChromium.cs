using System.Diagnostics;

namespace Supernode.Testing;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by test.sh) without a screen: the page a URL shows once its
/// scripts have run (<c>--dump-dom</c>), or a screenshot of it. Each call is a fresh browser with a profile of its own.
/// </summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>How long the page's scripts may run (in the browser's virtual time) before the page is taken.</summary>
    private const int ScriptBudgetMs = 2500;

    /// <summary>The document as the page's scripts left it.</summary>
    public static async Task<string> DumpDomAsync(string url) => (await RunAsync("--dump-dom", url)).StandardOutput;

    /// <summary>A PNG of the page, <paramref name="width"/> × <paramref name="height"/> CSS pixels.</summary>
    public static async Task ScreenshotAsync(string url, string pngPath, int width = 1280, int height = 900)
    {
        var run = await RunAsync($"--screenshot={pngPath}", $"--window-size={width},{height}", url);
        if (!File.Exists(pngPath)) throw new InvalidOperationException($"chromium wrote no screenshot:\n{run.StandardError}");
    }

    private static async Task<(string StandardOutput, string StandardError)> RunAsync(params string[] args)
    {
        using var profile = new TempDir("supernode-chromium");
        // --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start.
        var start = new ProcessStartInfo(Path,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.Path}",
                $"--virtual-time-budget={ScriptBudgetMs}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within 60 s: {string.Join(' ', args)}");
        }
        return (await stdout, await stderr);
    }
}
