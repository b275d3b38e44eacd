using System.Diagnostics;
using System.Globalization;
using System.Net;
using ExVenture.Bots;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;
using Npgsql;

namespace ExVenture.Benchmarks.Scenarios;

/// <summary>
/// The worldwide benchmark: does the ocean add anything to local play, and what does a cross-region tell cost?
/// Three real nodes, iad (primary), lhr and nrt, set up as tests/ExVenture.Cluster.Tests/WorldwideTests.cs does:
/// every node's cluster traffic to another region delayed by that pair's round trip (WAN_EMULATION), every database
/// connection to another region's database through a delaying <see cref="TcpProxy"/>, lhr and nrt with databases of
/// their own, sign-ups through <see cref="FlyProxyEmulator"/> so characters are homed where their players are.
/// One swarm per region plays there: lhr's walks west, west into the Reed Margin (homed in lhr), nrt's east, east
/// onto the Orchard Terraces (nrt), iad's stays on the green; then all play a local mix (look, say, emote,
/// inventory) at 1 command/s. The baseline is the same three nodes, swarms and walks with every node in iad, no
/// emulation and one database; a third setup keeps the three regions, their databases and placement but delays
/// nothing, so that what the ocean itself adds is told apart from what region homing changes. The order of the
/// setups rotates through a Latin square, so that the machine's noise and warm-up fall on all. Then, on each cluster, tells between pairs of regions one at a time: from sending the command to the
/// recipient's socket receiving the line, and to the sender's own acknowledgement. Measures; never asserts.
/// </summary>
public static class WorldwideScenario
{
    /// <summary>Single: 3 nodes all in iad, one database. Regions: iad, lhr, nrt with their own databases and the
    /// same placement as Wan, but no delays (isolates the ocean from region homing). Wan: the ocean emulated.</summary>
    public enum Setup
    {
        Single,
        Regions,
        Wan,
    }

    private const string Command = "dotnet run -c Release --project bench/ExVenture.Benchmarks -- worldwide";

    private static readonly string[] Regions = ["iad", "lhr", "nrt"];

    private static readonly Dictionary<(string, string), int> RoundTrips = new()
    {
        [("iad", "lhr")] = 80,
        [("iad", "nrt")] = 145,
        [("lhr", "nrt")] = 210,
    };

    /// <summary>Where each region's swarm goes before it plays: into the zone homed in its region.</summary>
    private static readonly Dictionary<string, string> Walks = new() { ["iad"] = "", ["lhr"] = "west,west", ["nrt"] = "east,east" };

    /// <summary>Tell pairs: (from, to) by region; the second iad and lhr players make the same-region pairs.</summary>
    private static readonly (string From, string To)[] TellPairs =
        [("iad", "iad"), ("lhr", "lhr"), ("iad", "lhr"), ("iad", "nrt"), ("lhr", "nrt"), ("nrt", "lhr")];

    public static async Task RunAsync(BenchEnvironment bench, int playersPerRegion, int seconds, int repeats, int tells)
    {
        var runs = new List<RunResult>();
        for (var i = 0; i < repeats; i++)
        {
            // A Latin square of orders (every setup first, middle and last once in three rounds), so that neither
            // warm-up nor a neighbour's build falls on one setup only.
            Setup[] order = (i % 3) switch
            {
                0 => [Setup.Single, Setup.Regions, Setup.Wan],
                1 => [Setup.Wan, Setup.Single, Setup.Regions],
                _ => [Setup.Regions, Setup.Wan, Setup.Single],
            };
            foreach (var setup in order)
            {
                var run = await RunOnceAsync(bench, setup, playersPerRegion, seconds, tells, i + 1);
                runs.Add(run);
                Console.WriteLine(run);
            }
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var single = runs.Where(r => r.Setup == Setup.Single).ToList();
        var regions = runs.Where(r => r.Setup == Setup.Regions).ToList();
        var ocean = runs.Where(r => r.Setup == Setup.Wan).ToList();
        foreach (var region in Regions.Append("all"))
        {
            var (sp50, sp99) = (Median(single.Select(r => r.Play[region].P50)), Median(single.Select(r => r.Play[region].P99)));
            var (wp50, wp99) = (Median(ocean.Select(r => r.Play[region].P50)), Median(ocean.Select(r => r.Play[region].P99)));
            var (rp50, rp99) = (Median(regions.Select(r => r.Play[region].P50)), Median(regions.Select(r => r.Play[region].P99)));
            var perRun = string.Join(" / ", ocean.Zip(single, (w, s) => (w.Play[region].P99 / s.Play[region].P99).ToString("F2", CultureInfo.InvariantCulture)));
            bench.Report(
                $"worldwide: local play, {(region == "all" ? "all regions" : $"players homed in {region}")} ({playersPerRegion} per region, local mix at 1 command/s)",
                FormattableString.Invariant(
                    $"WAN p50 {wp50:F1} ms, p99 {wp99:F1} ms; single region p50 {sp50:F1} ms, p99 {sp99:F1} ms; p99 ratio {wp99 / sp99:F2} (per repetition: {perRun}); regions without the ocean p50 {rp50:F1} ms, p99 {rp99:F1} ms, WAN/that {wp99 / rp99:F2}; medians of {ocean.Count}"),
                "p99 ratio at most 1.2",
                wp99 / sp99 <= 1.2,
                Command);
        }

        foreach (var (from, to) in TellPairs)
        {
            var key = $"{from}->{to}";
            var rtt = RoundTrip(from, to);
            var (wDeliver, wAck) = (Median(ocean.Select(r => r.Tells[key].Delivered)), Median(ocean.Select(r => r.Tells[key].Acknowledged)));
            var (sDeliver, sAck) = (Median(single.Select(r => r.Tells[key].Delivered)), Median(single.Select(r => r.Tells[key].Acknowledged)));
            var (rDeliver, rAck) = (Median(regions.Select(r => r.Tells[key].Delivered)), Median(regions.Select(r => r.Tells[key].Acknowledged)));
            bench.Report(
                $"worldwide: tell {from} -> {to} (emulated round trip {rtt} ms; {tells} tells one at a time)",
                FormattableString.Invariant($"WAN: recipient has it after {wDeliver:F1} ms, sender's acknowledgement {wAck:F1} ms; regions without the ocean: {rDeliver:F1} ms, {rAck:F1} ms; single region: {sDeliver:F1} ms, {sAck:F1} ms (medians)"),
                rtt == 0 ? "same as single region" : $"about one round trip ({rtt} ms)",
                null,
                Command);
        }
    }

    private static async Task<RunResult> RunOnceAsync(BenchEnvironment bench, Setup setup, int playersPerRegion, int seconds, int tells, int repeat)
    {
        var wan = setup == Setup.Wan;
        var regional = setup != Setup.Single;
        var label = setup switch { Setup.Wan => "WAN", Setup.Regions => "regions", _ => "single" };
        Console.WriteLine($"\n--- worldwide {setup switch { Setup.Wan => "WAN (iad, lhr, nrt; ocean emulated)", Setup.Regions => "regions without the ocean (iad, lhr, nrt; no delays)", _ => "single region (3 × iad)" }}, run {repeat}\n");
        var proxies = new List<TcpProxy>();
        try
        {
            var databases = new Dictionary<string, string>();
            var environment = new Dictionary<string, string?>(BenchEnvironment.NodeTuning)
            {
                ["LOG_LEVEL"] = "Warning",
                ["PRIMARY_REGION"] = "iad",
                ["FLY_APP_NAME"] = "exventure-worldwide-bench",
                ["CLUSTER_DISCOVERY"] = "static",
            };
            if (regional)
            {
                databases["lhr"] = await PostgresServer.Shared.CreateDatabaseAsync("wwb_lhr");
                databases["nrt"] = await PostgresServer.Shared.CreateDatabaseAsync("wwb_nrt");
                environment["REGION_DISTANCES"] = string.Join(',', RoundTrips.Select(p => $"{p.Key.Item1}-{p.Key.Item2}={p.Value}"));
                environment["DATABASE_URL_LHR"] = databases["lhr"];
                environment["DATABASE_URL_NRT"] = databases["nrt"];
            }

            await using var cluster = await LocalCluster.CreateAsync($"worldwide_{label}", line => Console.Error.WriteLine(line), environment);
            databases["iad"] = cluster.DatabaseUrl;
            string RegionOfNode(int index) => Regions[index - 1];
            cluster.Prepare(3, node => regional ? RegionalNode(node, cluster.Nodes, databases, proxies, wan) : new Dictionary<string, string?> { ["REGION"] = "iad" });
            await cluster.StartAsync(3);
            Uri NodeOf(string region) => cluster[Array.IndexOf(Regions, region) + 1].BaseUri;
            // In the baseline every node is iad: a "region" is then just a node, and Fly's proxy replays nothing.
            FlyProxyEmulator Proxy(string region) => new(regional ? region : "iad", NodeOf);

            var swarms = new List<(string Region, Swarm Swarm)>();
            try
            {
                foreach (var (region, k) in Regions.Select((r, k) => (r, k)))
                {
                    var node = cluster[k + 1];
                    string[] args = ["--bots", playersPerRegion.ToString(CultureInfo.InvariantCulture), "--profiles", "local", "--rate", "1",
                        "--first-bot", (k * 1000).ToString(CultureInfo.InvariantCulture), "--quiet",
                        .. Walks[region].Length > 0 ? new[] { "--walk", Walks[region] } : []];
                    swarms.Add((region, new Swarm(BenchEnvironment.Bots([(node.BaseUri, node.ProcessId!.Value)], args), Console.Error, Proxy(RegionOfNode(k + 1)))));
                }

                // Regions join one after another (sign-ups are replayed to iad and hash passwords: not what is measured).
                foreach (var (region, swarm) in swarms)
                {
                    Console.WriteLine($"{region}: {await swarm.AddBotsAsync(playersPerRegion, CancellationToken.None)}");
                    var walkErrors = swarm.Stats.Errors.GetValueOrDefault("wander_failed");
                    if (walkErrors > 0)
                    {
                        Console.WriteLine($"{region}: {walkErrors} bots did not finish the walk");
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(5)); // let the last walks' rooms and the first paced commands settle
                var all = new LatencyHistogram();
                var phases = await Task.WhenAll(swarms.Select(s => s.Swarm.MeasureAsync(s.Region, TimeSpan.FromSeconds(seconds), CancellationToken.None, all)));
                var play = new Dictionary<string, LatencySummary>();
                foreach (var (phase, (region, _)) in phases.Zip(swarms))
                {
                    Console.WriteLine($"  {label} {region}: {phase}");
                    if (phase.Errors.Count > 0)
                    {
                        Console.WriteLine($"    errors: {string.Join(", ", phase.Errors.Select(e => $"{e.Key} {e.Value}"))}");
                    }

                    play[region] = phase.Latency;
                }

                play["all"] = all.Summary();
                Console.WriteLine($"  {label} all: {play["all"]}; {string.Join(", ", phases[0].Processes)}");
                foreach (var (region, swarm) in swarms)
                {
                    foreach (var (kind, summary) in swarm.Stats.ByCommand)
                    {
                        Console.WriteLine($"    {region} {kind}: {summary}");
                    }
                }

                foreach (var (_, swarm) in swarms)
                {
                    await swarm.DisposeAsync();
                }

                swarms.Clear();
                var tellFigures = await TellsAsync(label, tells, NodeOf, Proxy);
                if (regional)
                {
                    // Where the players' characters and rooms are journaled, i.e. homed: each region's database.
                    foreach (var (region, connectionString) in databases)
                    {
                        Console.WriteLine($"  {label} journal in {region}'s database: {await JournaledAsync(connectionString)}");
                    }
                }

                return new RunResult(setup, repeat, play, tellFigures);
            }
            finally
            {
                foreach (var (_, swarm) in swarms)
                {
                    await swarm.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    /// <summary>Tells one at a time between the <see cref="TellPairs"/>: the time from sending to the recipient's
    /// socket receiving the line, and to the sender's own answer (whichever comes first is not waited on twice).</summary>
    private static async Task<Dictionary<string, TellResult>> TellsAsync(string label, int count, Func<string, Uri> nodeOf, Func<string, FlyProxyEmulator> proxy)
    {
        var tag = label[..1];
        var players = new Dictionary<string, GameClient>();
        try
        {
            foreach (var name in new[] { "iad", "iadb", "lhr", "lhrb", "nrt" })
            {
                var region = name[..3];
                var character = $"Teller{NameOf(name)}";
                var client = new GameClient(nodeOf(region), $"teller_{tag}_{name}", proxy(region));
                players[name] = client;
                await client.SignUpAsync(character);
                await client.ConnectAsync(character, nodeOf(region));
                await client.ExpectTopicAsync("Room.Info");
            }

            var results = new Dictionary<string, TellResult>();
            foreach (var (from, to) in TellPairs)
            {
                var (sender, recipient) = (players[from], players[from == to ? to + "b" : to]);
                var recipientName = $"Teller{NameOf(from == to ? to + "b" : to)}";
                var delivered = new List<double>();
                var acknowledged = new List<double>();
                for (var i = -3; i < count; i++) // three unrecorded: the first tell finds the recipient and warms the path
                {
                    var marker = $"ping {from} {to} {i + 3}";
                    var started = Stopwatch.GetTimestamp();
                    var commandRef = await sender.SendAsync($"tell {recipientName} {marker}");
                    // Each client's frames are awaited on their own, so both clocks stop when their frame arrives;
                    // a wait that fails (no frame within 20 s, socket gone) fails the run rather than count as fast.
                    var ack = Timed(sender.ExpectAsync(f => f.Ref == commandRef && f.Topic == "system/display", "the tell's answer"), started);
                    var got = Timed(recipient.ExpectTextAsync(marker), started);
                    var (a, d) = (await ack, await got);
                    if (i >= 0)
                    {
                        acknowledged.Add(a);
                        delivered.Add(d);
                    }
                }

                var result = new TellResult(Median(delivered), Median(acknowledged), delivered.Order().ElementAt((int)(delivered.Count * 0.9)));
                results[$"{from}->{to}"] = result;
                Console.WriteLine(FormattableString.Invariant(
                    $"  {label} tell {from} -> {to} (round trip {RoundTrip(from, to)} ms): recipient {result.Delivered:F1} ms (p90 {result.DeliveredP90:F1}), sender's answer {result.Acknowledged:F1} ms"));
            }

            return results;
        }
        finally
        {
            foreach (var client in players.Values)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<string> JournaledAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT split_part(persistence_id, '-', 1) || ' ' || CASE WHEN persistence_id LIKE 'character-teller%' THEN persistence_id WHEN persistence_id LIKE 'character-bot%' THEN 'bots' ELSE split_part(persistence_id, '.', 1) END AS what, count(DISTINCT persistence_id) FROM journal GROUP BY 1 ORDER BY 1",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<string>();
        while (await reader.ReadAsync())
        {
            parts.Add($"{reader.GetString(0)} ×{reader.GetInt64(1)}");
        }

        return string.Join(", ", parts);
    }

    private static async Task<double> Timed(Task<ServerFrame> frame, long started)
    {
        await frame;
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Character names are letters only.</summary>
    private static string NameOf(string key) => key switch { "iad" => "ia", "iadb" => "ib", "lhr" => "la", "lhrb" => "lb", _ => "na" };

    /// <summary>A WAN node: its region, the ocean to the others (half the round trip each way, on the connections it
    /// opens), and every database through a proxy delayed by the round trip from its region to that database's.</summary>
    /// <remarks>Without <paramref name="ocean"/>: the same regions, databases and placement, nothing delayed.</remarks>
    private static Dictionary<string, string?> RegionalNode(ClusterNode node, IReadOnlyList<ClusterNode> all, IReadOnlyDictionary<string, string> databases, List<TcpProxy> proxies, bool ocean)
    {
        var region = Regions[node.Index - 1];
        var delays = all.Where(other => other != node)
            .Select(other => $"{other.ClusterAddress}={(RoundTrip(region, Regions[other.Index - 1]) / 2.0).ToString(CultureInfo.InvariantCulture)}");
        var environment = new Dictionary<string, string?> { ["REGION"] = region };
        if (ocean)
        {
            environment["WAN_EMULATION"] = string.Join(',', delays);
        }

        foreach (var (databaseRegion, connectionString) in databases)
        {
            var variable = databaseRegion == "iad" ? "DATABASE_URL" : $"DATABASE_URL_{databaseRegion.ToUpperInvariant()}";
            if (databaseRegion == region || !ocean)
            {
                environment[variable] = connectionString;
                continue;
            }

            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(builder.Host!), builder.Port), TimeSpan.FromMilliseconds(RoundTrip(region, databaseRegion) / 2.0));
            proxies.Add(proxy);
            builder.Host = "127.0.0.1";
            builder.Port = proxy.Port;
            environment[variable] = builder.ConnectionString;
        }

        return environment;
    }

    private static int RoundTrip(string a, string b) =>
        a == b ? 0 : RoundTrips.TryGetValue((a, b), out var ms) ? ms : RoundTrips[(b, a)];

    private sealed record TellResult(double Delivered, double Acknowledged, double DeliveredP90);

    private sealed record RunResult(Setup Setup, int Repeat, Dictionary<string, LatencySummary> Play, Dictionary<string, TellResult> Tells)
    {
        public override string ToString() =>
            $"{Setup} run {Repeat}: " + string.Join("; ", Play.Select(p => FormattableString.Invariant($"{p.Key} p50 {p.Value.P50:F1} p99 {p.Value.P99:F1} ms")));
    }
}
