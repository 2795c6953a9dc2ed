using System.Diagnostics;

namespace Supernode.Testing;

/// <summary>How a run of the gateway executable that is expected to end by itself ended.</summary>
public sealed record GatewayRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the gateway executable with given arguments to its end (e.g. a refused configuration), within a deadline.</summary>
public static class GatewayCommand
{
    /// <param name="environment">Variables set for the process on top of this one's.</param>
    public static async Task<GatewayRun> RunAsync(IEnumerable<string> args, TimeSpan? within = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(args, environment: environment)) ?? throw new InvalidOperationException("could not start the gateway");
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
    /// <paramref name="listeners"/> when given; <paramref name="environment"/> set on top of this process's variables.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, HeldListeners? listeners = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] command = [RepoPaths.GatewayDll, .. args];
        var (file, arguments) = listeners?.Wrap("dotnet", command) ?? ("dotnet", command);
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Workstation GC: several supernodes may share a small test machine.
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        return psi;
    }
}
