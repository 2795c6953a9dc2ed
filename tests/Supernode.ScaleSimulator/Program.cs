using Supernode.ScaleSimulator.Fleet;

foreach (var n in new[] { 100, 1000, 10000 })
    foreach (var p in new[] { Policy.Go, Policy.Ours(32) })
    {
        var r = FleetSimulation.Run(new SimOptions { Clients = n }, p);
        Console.WriteLine($"{r.Policy,-5} N={n,6} min {r.Min:F1} p50 {r.Median:F1} p90 {r.P90:F1} max {r.Max:F1} share {r.SupernodeShare:P2} peak {r.PeakSupernodeUploads} pulls {r.Pulls} waits {r.Waits} events {r.Events} dup {r.DuplicatePieces} unfinished {r.Unfinished} wall {r.WallSeconds:F1}s");
    }
