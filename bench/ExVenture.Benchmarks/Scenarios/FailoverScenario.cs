using System.Globalization;
using ExVenture.Bots;
using ExVenture.TestSupport.Cluster;

namespace ExVenture.Benchmarks.Scenarios;

/// <summary>
/// Benchmark 5: three real nodes on the durable PostgreSQL, players spread over all of them at 1 command/s, then
/// one node is SIGKILLed. Every player whose commands then fail (its socket was on the dead node, or its character
/// or room lived there) is in an outage until a command of its is answered again. The figure is the time from the
/// kill to the last affected player playing again.
/// </summary>
public static class FailoverScenario
{
    public static async Task RunAsync(BenchEnvironment bench, int players)
    {
        await using var cluster = await LocalCluster.CreateAsync(
            "failover",
            line => Console.Error.WriteLine(line),
            new Dictionary<string, string?>(BenchEnvironment.NodeTuning.Concat(bench.SpreadWorld)) { ["LOG_LEVEL"] = "Warning" });
        await cluster.StartAsync(3);

        var options = BenchEnvironment.Bots(
            cluster.Nodes.Select(n => (n.BaseUri, n.ProcessId!.Value)),
            "--profiles", "mixed-no-who", "--rate", "1", "--wander", "40");
        await using var swarm = new Swarm(options, Console.Error);
        await swarm.AddBotsAsync(players, CancellationToken.None);
        var calm = await swarm.MeasureAsync("before the crash", TimeSpan.FromSeconds(10), CancellationToken.None);
        Console.WriteLine(calm);

        var killedAt = swarm.Stats.Now;
        await cluster.KillNodeAsync(3);
        var measuring = swarm.MeasureAsync("after the crash", TimeSpan.FromSeconds(90), CancellationToken.None);
        // Done when, for 10 s in a row after the first outage, no player is in one (at most the 90 s measured).
        var quietSince = (TimeSpan?)null;
        while (!measuring.IsCompleted)
        {
            await Task.WhenAny(measuring, Task.Delay(TimeSpan.FromSeconds(1)));
            var anyoneOut = swarm.Bots.Any(b => b.InOutage);
            var anyOutageYet = swarm.Stats.Outages.Any(o => o.Start >= killedAt);
            quietSince = anyoneOut || !anyOutageYet ? null : quietSince ?? swarm.Stats.Now;
            if (quietSince is { } since && swarm.Stats.Now - since > TimeSpan.FromSeconds(10))
            {
                break;
            }
        }

        var outages = swarm.Stats.Outages.Where(o => o.Start >= killedAt).ToList();
        var stillOut = swarm.Bots.Count(b => b.InOutage);
        var last = outages.Count == 0 ? TimeSpan.Zero : outages.Max(o => o.End) - killedAt;
        var affected = outages.Select(o => o.Bot).Distinct().Count();
        var median = outages.Count == 0 ? TimeSpan.Zero : outages.Select(o => o.End - killedAt).Order().ElementAt(outages.Count / 2);
        foreach (var cause in outages.GroupBy(o => o.Cause).OrderByDescending(g => g.Count()))
        {
            var ends = cause.Select(o => (o.End - killedAt).TotalSeconds).Order().ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"  began with {cause.Key}: {cause.Count()} outages; playing again after {ends[0]:F1} s (first), {ends[ends.Count / 2]:F1} s (median), {ends[^1]:F1} s (last)"));
        }

        bench.Report(
            "failover: SIGKILL of 1 of 3 nodes to every affected player playing again",
            FormattableString.Invariant($"{last.TotalSeconds:F1} s ({affected} of {players} players affected; median {median.TotalSeconds:F1} s; {stillOut} still out at the end)"),
            "none set; hocon/cluster.hocon explains the 15 s stable-after",
            null,
            "dotnet run -c Release --project bench/ExVenture.Benchmarks -- failover");
    }
}
