using System.Globalization;
using ExVenture.Benchmarks.Scenarios;

// The benchmark suite: `dotnet run -c Release --project bench/ExVenture.Benchmarks -- <suite> [options]`.
// bench/README.md describes every suite; docs/benchmarks.md holds the latest figures.
const string usage = """
    exventure-bench <suite> [--max-bots N] [--players N] [--storm R] [--seconds S] [--repeat N] [--tells N]

      players      1 node: largest player count at 1 command/s with p99 < 50 ms (with who, without, crowded)
      crowd        1 node: largest crowd talking in one room with p99 < 100 ms
      closed-loop  1 node: 50 bots in a closed loop, commands/s
      signin       1 node: sockets to in-world per second; players' p99 with and without a password sign-in storm
      memory       1 node: resident memory per connected idle player
      nagle        1 node: the closed loop with Nagle's algorithm on and off
      failover     3 nodes: SIGKILL one while players play; time until every affected player plays again
      worldwide    3 nodes in iad, lhr, nrt with the ocean emulated, against 3 nodes in one region (and 3 regions
                   without the ocean): p99 of local play
                   (--players per region, default 50; --seconds, default 30; --repeat pairs, default 3) and the cost
                   of a tell between regions (--tells, default 50) against the emulated round trip
      journal      BenchmarkDotNet: journal throughput against raw batched inserts; recovery with and without
                   snapshots (other arguments go to BenchmarkDotNet, e.g. --filter *Recovery*)
      all          every suite above, in that order

    PostgreSQL: a durable throwaway server (fsync on), or EXVENTURE_BENCH_POSTGRES. Results: artifacts/bench/.
    """;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine(usage);
    return 0;
}

var suite = args[0];
var rest = args[1..];
string[] suites = ["players", "crowd", "closed-loop", "signin", "memory", "nagle", "failover", "worldwide", "journal"];
if (suite != "all" && !suites.Contains(suite))
{
    Console.Error.WriteLine($"Unknown suite '{suite}'.\n\n{usage}");
    return 2;
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(rest, name);
    return at >= 0 && at + 1 < rest.Length ? int.Parse(rest[at + 1], CultureInfo.InvariantCulture) : fallback;
}

await using var bench = await BenchEnvironment.StartAsync();
foreach (var name in suite == "all" ? suites : [suite])
{
    Console.WriteLine($"\n######## {name}\n");
    switch (name)
    {
        case "players":
            await SwarmScenarios.PlayersPerNodeAsync(bench, Option("--max-bots", 12_000));
            break;
        case "crowd":
            await SwarmScenarios.CrowdAsync(bench, Option("--max-bots", 3_000));
            break;
        case "closed-loop":
            await SwarmScenarios.ClosedLoopAsync(bench);
            break;
        case "signin":
            await SwarmScenarios.SignInStormAsync(bench, Option("--storm", 20));
            break;
        case "memory":
            await SwarmScenarios.MemoryAsync(bench, Option("--players", 2_000));
            break;
        case "nagle":
            await SwarmScenarios.NagleAsync(bench);
            break;
        case "failover":
            await FailoverScenario.RunAsync(bench, Option("--players", 300));
            break;
        case "worldwide":
            await WorldwideScenario.RunAsync(bench, Option("--players", 50), Option("--seconds", 30), Option("--repeat", 3), Option("--tells", 50));
            break;
        case "journal":
            var code = ExVenture.Benchmarks.Journal.JournalSuite.Run(suite == "all" ? [] : rest);
            if (code != 0)
            {
                return code;
            }

            break;
    }
}

return 0;
