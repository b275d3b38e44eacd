using System.Globalization;
using ExVenture.Bots;

namespace ExVenture.Benchmarks.Scenarios;

/// <summary>
/// The end-to-end benchmarks on one node: a real server process on the durable PostgreSQL, loaded by the bot swarm
/// over real sockets, bots and server on the same machine. Each starts a fresh node on a fresh database, so runs
/// do not inherit each other's characters, positions or caches.
/// </summary>
public static class SwarmScenarios
{
    private static string Command(string suite) => $"dotnet run -c Release --project bench/ExVenture.Benchmarks -- {suite}";

    /// <summary>Benchmark 1: the largest number of players at 1 command/s with p99 under 50 ms, with `who` in the
    /// mix and without, spread over the world (the grid of <see cref="BenchWorld"/>) and crowded into one room.</summary>
    public static async Task PlayersPerNodeAsync(BenchEnvironment bench, int maxBots)
    {
        var max = maxBots.ToString(CultureInfo.InvariantCulture);
        var step = Math.Clamp(maxBots / 20, 100, 500).ToString(CultureInfo.InvariantCulture);
        await FindMaxAsync(bench, "players per node, spread (mixed: look 30, say 20, move 20, inventory 20, who 10)", "5,000 at p99 < 50 ms", 5000, bench.SpreadWorld,
            "--profiles", "mixed", "--rate", "1", "--wander", "40", "--find-max", "--p99", "50", "--bots", step, "--step", step, "--step-seconds", "15", "--max-bots", max);
        await FindMaxAsync(bench, "players per node, spread, without who", "10,000 at p99 < 50 ms", 10_000, bench.SpreadWorld,
            "--profiles", "mixed-no-who", "--rate", "1", "--wander", "40", "--find-max", "--p99", "50", "--bots", step, "--step", step, "--step-seconds", "15", "--max-bots", max);
        await FindMaxAsync(bench, "players per node, crowded in one room (look 50, say 20, inventory 20, who 10)", "none set; compare with spread", null, null,
            "--mix", "look=50,say=20,inventory=20,who=10", "--rate", "1", "--find-max", "--p99", "50", "--bots", "250", "--step", "250", "--step-seconds", "15", "--max-bots", max);
    }

    /// <summary>The crowd: hundreds of players in one room, every line said reaching all of them. Each player acts
    /// every 10 s (a line said every 17 s on average): the room's traffic still grows with the square of the crowd,
    /// and the frames per second delivered is the fan-out figure.</summary>
    public static Task CrowdAsync(BenchEnvironment bench, int maxBots) =>
        FindMaxAsync(bench, "players in one room (crowd: say 50, emote 10, look 20, inventory 20; a command every 10 s each)", "1,000 at p99 < 100 ms", 1000, null,
            "--profiles", "crowd", "--rate", "0.1", "--find-max", "--p99", "100", "--bots", "250", "--step", "250", "--step-seconds", "20",
            "--max-bots", Math.Min(maxBots, 5000).ToString(CultureInfo.InvariantCulture));

    /// <summary>50 bots, each sending its next command as soon as the last is answered.</summary>
    public static async Task ClosedLoopAsync(BenchEnvironment bench)
    {
        foreach (var (label, args) in new (string, string[])[]
        {
            ("mixed, spread", ["--profiles", "mixed", "--wander", "40"]),
            ("look and inventory", ["--commands", "look,inventory"]),
        })
        {
            var server = await bench.StartNodeAsync("closedloop", bench.SpreadWorld);
            var report = await Swarm.RunAsync(BenchEnvironment.Bots([server], ["--bots", "50", "--seconds", "20", .. args]), Console.Error);
            var steady = report.Phases[0];
            bench.Report($"closed loop, 50 bots, {label}", Rate(steady), "15,000 commands/s", steady.AnsweredPerSecond >= 15_000, Command("closed-loop"), report);
            await bench.StopNodeAsync(server);
        }
    }

    /// <summary>Sockets to in-world per second, and whether a storm of password sign-ins moves the players' p99.
    /// The connect rate is measured on returning players: 2,000 characters first spread over the grid and leave,
    /// then all come back at once, each to the room it left (new characters would all crowd into the start room,
    /// and the rate would measure that room's broadcasts).</summary>
    public static async Task SignInStormAsync(BenchEnvironment bench, double stormPerSecond)
    {
        var server = await bench.StartNodeAsync("signin", bench.SpreadWorld);
        string[] players = ["--bots", "2000", "--profiles", "mixed-no-who", "--rate", "1", "--connect-parallelism", "200"];
        await using (var first = new Swarm(BenchEnvironment.Bots([server], [.. players, "--wander", "40", "--quiet"]), Console.Error))
        {
            await first.AddBotsAsync(2000, CancellationToken.None);
        }

        var report = await Swarm.RunAsync(
            BenchEnvironment.Bots([server], [.. players, "--seconds", "20", "--signin-storm", stormPerSecond.ToString(CultureInfo.InvariantCulture)]),
            Console.Error);
        var (calm, storm) = (report.Phases[0], report.Phases[1]);
        bench.Report("socket connect to in-world (returning players)", FormattableString.Invariant($"{report.Connect.PerSecond:F0}/s ({report.Connect.Sockets} sockets, {report.Connect.Latency})"),
            "500/s", report.Connect.PerSecond >= 500, Command("signin"));
        bench.Report(
            "sign-in storm beside 2,000 players at 1 command/s",
            FormattableString.Invariant(
                $"players' p99 {calm.Latency.P99:F1} ms calm, {storm.Latency.P99:F1} ms during the storm; sign-ins {report.Storm!.CompletedPerSecond:F0}/s of {stormPerSecond}/s offered, {report.Storm.Failures} refused (503), sign-in p99 {report.Storm.Latency.P99:F0} ms"),
            "p99 unmoved", storm.Latency.P99 <= Math.Max(calm.Latency.P99 * 1.25, calm.Latency.P99 + 5), Command("signin"), report);
        await bench.StopNodeAsync(server);
    }

    /// <summary>Memory per connected idle player, two ways: the live managed heap after a full collection (what
    /// the player's socket, session and character actually hold; dotnet-gcdump) and resident memory (what the
    /// machine pays, including the garbage collector's headroom).</summary>
    public static async Task MemoryAsync(BenchEnvironment bench, int players)
    {
        var server = await bench.StartNodeAsync("memory", bench.SpreadWorld);
        var options = BenchEnvironment.Bots([server], "--profiles", "idler", "--wander", "40", "--quiet");
        await using var swarm = new Swarm(options, Console.Error);
        await swarm.AddBotsAsync(200, CancellationToken.None); // warms every code path: JIT, pools, shard regions
        await Task.Delay(IdleLongEnough);
        var (heapBefore, residentBefore) = (await LiveHeapBytesAsync(server.ProcessId), await SettledResidentBytesAsync(server.ProcessId));
        var connect = await swarm.AddBotsAsync(players, CancellationToken.None);
        await Task.Delay(IdleLongEnough);
        var (heapAfter, residentAfter) = (await LiveHeapBytesAsync(server.ProcessId), await SettledResidentBytesAsync(server.ProcessId));
        var heapPerPlayer = (heapAfter - heapBefore) / (double)players / 1024;
        var residentPerPlayer = (residentAfter - residentBefore) / (double)players / 1024;
        bench.Report(
            "memory per connected idle player",
            FormattableString.Invariant(
                $"{heapPerPlayer:F1} KB live heap, {residentPerPlayer:F1} KB resident ({players} idle players: heap {heapBefore / 1048576} -> {heapAfter / 1048576} MB, resident {residentBefore / 1048576} -> {residentAfter / 1048576} MB)"),
            "40 KB", heapPerPlayer <= 40, Command("memory"));
        Console.WriteLine(connect);
        await bench.StopNodeAsync(server);
    }

    /// <summary>Sessions remember the refs of commands for a minute (to tell a late answer from a new one); the
    /// wandering that spreads the idlers leaves those behind, and an idle player has none.</summary>
    private static readonly TimeSpan IdleLongEnough = TimeSpan.FromSeconds(65);

    /// <summary>The server's live managed heap: dotnet-gcdump (a local tool of this repository) forces a full
    /// collection and reports what survives.</summary>
    private static async Task<long> LiveHeapBytesAsync(int pid)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["dotnet-gcdump", "report", "-p", pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ExVenture.TestSupport.RepositoryPaths.Root,
        };
        using var gcdump = System.Diagnostics.Process.Start(start)!;
        var output = await gcdump.StandardOutput.ReadToEndAsync();
        await gcdump.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"dotnet-gcdump gave no heap size (run `dotnet tool restore`):\n{output}{await gcdump.StandardError.ReadToEndAsync()}");
        return long.Parse(line.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>The same closed loop with Nagle's algorithm on (server TCP_NODELAY=false, bots --nagle) and off.</summary>
    public static async Task NagleAsync(BenchEnvironment bench)
    {
        var results = new List<PhaseResult>();
        foreach (var nagle in new[] { false, true })
        {
            var server = await bench.StartNodeAsync("nagle", new Dictionary<string, string?> { ["TCP_NODELAY"] = nagle ? "false" : "true" });
            string[] args = ["--bots", "50", "--seconds", "15", "--commands", "look,say hello,inventory", .. nagle ? new[] { "--nagle" } : []];
            var report = await Swarm.RunAsync(BenchEnvironment.Bots([server], args), Console.Error);
            results.Add(report.Phases[0]);
            bench.Report($"closed loop, 50 bots, look/say/inventory, Nagle {(nagle ? "on" : "off (TCP_NODELAY)")}", Rate(report.Phases[0]), "Nagle off should not be slower", null, Command("nagle"), report);
            await bench.StopNodeAsync(server);
        }
    }

    private static async Task FindMaxAsync(BenchEnvironment bench, string name, string target, int? goal, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var server = await bench.StartNodeAsync("players", environment);
        var report = await Swarm.RunAsync(BenchEnvironment.Bots([server], args), Console.Error);
        var held = report.LargestHeld ?? 0;
        var figure = report.Headline is { } headline
            ? FormattableString.Invariant($"{held} players ({headline.Latency}; {headline.AnsweredPerSecond:F0} answers/s, {headline.FramesPerSecond:F0} frames/s delivered; {string.Join(", ", headline.Processes)})")
            : "none held";
        bench.Report(name, figure, target, goal is null ? null : held >= goal, Command("players"), report);
        await bench.StopNodeAsync(server);
    }

    private static string Rate(PhaseResult phase) => FormattableString.Invariant(
        $"{phase.AnsweredPerSecond:F0} commands/s ({phase.Latency}; {string.Join(", ", phase.Processes)})");

    /// <summary>Resident memory once it stops moving: read every second until two readings 3 s apart differ by
    /// under 1 %, at most 30 s.</summary>
    private static async Task<long> SettledResidentBytesAsync(int pid)
    {
        long Read()
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.WorkingSet64;
        }

        var previous = Read();
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var now = Read();
            if (Math.Abs(now - previous) < previous / 100)
            {
                return now;
            }

            previous = now;
        }

        return previous;
    }
}
