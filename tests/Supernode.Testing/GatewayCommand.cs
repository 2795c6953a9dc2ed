using System.Diagnostics;

namespace Supernode.Testing;

/// <summary>How a run of the gateway executable that is expected to end by itself ended.</summary>
public sealed record GatewayRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the gateway executable with given arguments to its end (e.g. a refused configuration), within a deadline.</summary>
public static class GatewayCommand
{
    public static async Task<GatewayRun> RunAsync(IEnumerable<string> args, TimeSpan? within = null)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start the gateway");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the gateway did not exit within {within}: {string.Join(' ', args)}");
        }
        return new GatewayRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// <c>dotnet Supernode.Gateway.dll args…</c> with both output streams redirected; socket-activated on
    /// <paramref name="listeners"/> when given.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, HeldListeners? listeners = null)
    {
        string[] command = [RepoPaths.GatewayDll, .. args];
        var (file, arguments) = listeners?.Wrap("dotnet", command) ?? ("dotnet", command);
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Workstation GC: several supernodes may share a small test machine.
        psi.Environment["DOTNET_gcServer"] = "0";
        return psi;
    }
}
