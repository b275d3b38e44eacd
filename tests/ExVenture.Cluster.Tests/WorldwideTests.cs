using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ExVenture.Cluster.Tests.Support;
using ExVenture.Operations;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;
using Npgsql;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Scenario 6: one world on three regions, iad (primary), lhr and nrt, one node each, with the ocean emulated: every
/// node's cluster traffic to another region is delayed by that pair's round trip (WAN_EMULATION), and so is every
/// database connection to another region's database (a delaying TCP proxy per region pair). lhr and nrt each have a
/// database of their own (DATABASE_URL_LHR, DATABASE_URL_NRT); the sample world homes the Reed Margin in lhr and the
/// Orchard Terraces in nrt. Players go through an emulation of Fly's proxy, so account writes are replayed to iad.
/// Placement is checked through the cluster (<c>pbm</c>), never by timing.
/// </summary>
public sealed partial class WorldwideTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Token = OperatorToken.Derive(LocalCluster.SecretKeyBase);

    /// <summary>Round trips between the regions, in milliseconds (roughly the real ones).</summary>
    private static readonly Dictionary<(string, string), int> RoundTrips = new()
    {
        [("iad", "lhr")] = 80,
        [("iad", "nrt")] = 145,
        [("lhr", "nrt")] = 210,
    };

    private static readonly string[] RegionOfNode = ["iad", "lhr", "nrt"];

    private readonly List<TcpProxy> _proxies = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_regions_play_one_world_each_near_its_own_data()
    {
        var databases = new Dictionary<string, string>
        {
            ["lhr"] = await PostgresServer.Shared.CreateDatabaseAsync("ww_lhr"),
            ["nrt"] = await PostgresServer.Shared.CreateDatabaseAsync("ww_nrt"),
        };
        await using var cluster = await LocalCluster.CreateAsync("worldwide", output.Lines(), new Dictionary<string, string?>
        {
            ["PRIMARY_REGION"] = "iad",
            ["REGION_DISTANCES"] = string.Join(',', RoundTrips.Select(p => $"{p.Key.Item1}-{p.Key.Item2}={p.Value}")),
            ["DATABASE_URL_LHR"] = databases["lhr"],
            ["DATABASE_URL_NRT"] = databases["nrt"],
            ["FLY_APP_NAME"] = "exventure-worldwide-test",
            ["CLUSTER_DISCOVERY"] = "static",
        });
        databases["iad"] = cluster.DatabaseUrl;

        var nodes = cluster.Prepare(3, node => NodeEnvironment(node, cluster.Nodes, databases));
        await cluster.WithNodeLogsAsync(async () =>
        {
            await cluster.StartAsync(3);
            var (iad, lhr, nrt) = (cluster[1], cluster[2], cluster[3]);
            Uri NodeOf(string region) => cluster[Array.IndexOf(RegionOfNode, region) + 1].BaseUri;

            // 5. Every answer names its region; a socket asked for in another region is replayed there, before any upgrade.
            using (var http = new HttpClient())
            {
                foreach (var node in nodes)
                {
                    using var health = await http.GetAsync(new Uri(node.BaseUri, "healthz"));
                    Assert.Equal(RegionOfNode[node.Index - 1], Assert.Single(health.Headers.GetValues("X-Region")));
                }

                using var elsewhere = await http.GetAsync(new Uri(lhr.BaseUri, "socket?region=nrt"));
                Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
                Assert.Equal("region=nrt", Assert.Single(elsewhere.Headers.GetValues("fly-replay")));
            }

            // Players sign up where they live: the writes are replayed to iad, the characters homed in their own region.
            var wrenProxy = new FlyProxyEmulator("lhr", NodeOf);
            await using var wren = new GameClient(lhr.BaseUri, "wren", wrenProxy);
            await using var tobin = new GameClient(nrt.BaseUri, "tobin", new FlyProxyEmulator("nrt", NodeOf));
            await using var ivo = new GameClient(iad.BaseUri, "ivo", new FlyProxyEmulator("iad", NodeOf));
            await wren.SignUpAsync("Wren");
            await tobin.SignUpAsync("Tobin");
            await ivo.SignUpAsync("Ivo");
            Assert.Contains("iad", wrenProxy.Replays);
            await wren.ConnectAsync("Wren", lhr.BaseUri);
            await tobin.ConnectAsync("Tobin", nrt.BaseUri);
            await ivo.ConnectAsync("Ivo", iad.BaseUri);
            await Task.WhenAll(wren.ExpectTopicAsync("Room.Info"), tobin.ExpectTopicAsync("Room.Info"), ivo.ExpectTopicAsync("Room.Info"));

            // 1. Placement: characters run in their home regions, and so do the rooms of each zone.
            await WhereUntilAsync(iad, "Wren", "lhr", lhr);
            await WhereUntilAsync(iad, "Tobin", "nrt", nrt);
            await WhereUntilAsync(lhr, "Ivo", "iad", iad);
            await wren.CommandAsync("west");
            Assert.Contains("The Reed Landing", await wren.CommandAsync("west"));
            await tobin.CommandAsync("east");
            Assert.Contains("The Lower Gate", await tobin.CommandAsync("east"));
            var rooms = await ShardsAsync(iad, "room");
            Assert.Contains(rooms, s => s.Shard.StartsWith("lhr|", StringComparison.Ordinal));
            Assert.Contains(rooms, s => s.Shard.StartsWith("nrt|", StringComparison.Ordinal));
            Assert.All(rooms, s => Assert.Equal(HomeOf(s.Shard), RegionOf(cluster, s.Node)));

            // Their events are in their region's database, not the primary's.
            Assert.True(await JournalRowsAsync(databases["lhr"], "room-reeds.landing") > 0);
            Assert.True(await JournalRowsAsync(databases["nrt"], "room-terraces.lower-gate") > 0);
            Assert.Equal(0, await JournalRowsAsync(databases["iad"], "room-reeds.landing"));
            Assert.True(await JournalRowsAsync(databases["nrt"], "character-tobin") > 0);
            Assert.Equal(0, await JournalRowsAsync(databases["iad"], "character-tobin"));

            // 2. Across regions: tell, who and the general channel.
            await ivo.CommandAsync("tell Tobin The pears are early this year.");
            await tobin.ExpectTextAsync("The pears are early this year.");
            var who = await wren.CommandAsync("who");
            Assert.All(new[] { "Wren", "Tobin", "Ivo" }, name => Assert.Contains(name, who));
            await wren.CommandAsync("general Evening from the mere.");
            await Task.WhenAll(ivo.ExpectTextAsync("Evening from the mere."), tobin.ExpectTextAsync("Evening from the mere."));

            // Something acknowledged in nrt before nrt goes: Tobin says it on the terraces, and walks back.
            Assert.Contains("You say", await tobin.CommandAsync("say The gate sticks in the wet."));
            await tobin.CloseAsync();

            // 3. Every node of nrt is lost: its characters and rooms resume in the nearest region, iad (145 ms, not lhr's 210).
            await cluster.KillNodeAsync(3);
            await cluster.WaitForMembersAsync(2, onNodes: [1, 2]);
            await WhereUntilAsync(lhr, "Tobin", "nrt", iad);
            await ivo.CommandAsync("east");
            Assert.Contains("The Lower Gate", await ivo.CommandAsync("east"));
            var away = await ShardsAsync(iad, "room");
            Assert.Contains(away, s => s.Shard.StartsWith("nrt|", StringComparison.Ordinal) && RegionOf(cluster, s.Node) == "iad");

            // When nrt is back, they go home.
            await cluster.StartNodeAsync(3);
            await WhereUntilAsync(iad, "Tobin", "nrt", nrt);
            await AwaitAsync(async () =>
            {
                var home = await ShardsAsync(iad, "room");
                Assert.All(home, s => Assert.Equal(HomeOf(s.Shard), RegionOf(cluster, s.Node)));
            });

            // 4. Rehome on sign-in: Wren, homed in lhr, signs in through iad; her character moves there, whole.
            await wren.CloseAsync();
            await AwaitAsync(async () => Assert.DoesNotContain("Wren", (await PbmCli.RunAsync(Token, iad.OperatorEndpoint, "game", "who")).Output));
            await wren.ConnectAsync("Wren", iad.BaseUri);
            Assert.Contains("The Reed Landing", (await wren.ExpectTopicAsync("Room.Info")).Data.GetRawText());
            await WhereUntilAsync(lhr, "Wren", "iad", iad);
            Assert.Contains("The Reed Landing", await wren.CommandAsync("look"));
            Assert.True(await SnapshotRowsAsync(databases["iad"], "character-wren") > 0);
            Assert.Equal(0, await JournalRowsAsync(databases["lhr"], "character-wren", includeDeleted: false));
        });
    }

    /// <summary>REGION, the ocean to every other node (half the round trip each way, on the connections this node opens),
    /// and the databases, each through a proxy delayed by the round trip from this node's region to that database's.</summary>
    private Dictionary<string, string?> NodeEnvironment(ClusterNode node, IReadOnlyList<ClusterNode> all, IReadOnlyDictionary<string, string> databases)
    {
        var region = RegionOfNode[node.Index - 1];
        var delays = all.Where(other => other != node)
            .Select(other => $"{other.ClusterAddress}={(RoundTrip(region, RegionOfNode[other.Index - 1]) / 2.0).ToString(CultureInfo.InvariantCulture)}");
        var environment = new Dictionary<string, string?>
        {
            ["REGION"] = region,
            ["WAN_EMULATION"] = string.Join(',', delays),
        };
        foreach (var (databaseRegion, connectionString) in databases)
        {
            var variable = databaseRegion == "iad" ? "DATABASE_URL" : $"DATABASE_URL_{databaseRegion.ToUpperInvariant()}";
            environment[variable] = databaseRegion == region ? connectionString : Delayed(connectionString, RoundTrip(region, databaseRegion));
        }

        return environment;
    }

    private string Delayed(string connectionString, int roundTripMs)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(builder.Host!), builder.Port), TimeSpan.FromMilliseconds(roundTripMs / 2.0));
        _proxies.Add(proxy);
        builder.Host = "127.0.0.1";
        builder.Port = proxy.Port;
        return builder.ConnectionString;
    }

    private static int RoundTrip(string a, string b) =>
        a == b ? 0 : RoundTrips.TryGetValue((a, b), out var ms) ? ms : RoundTrips[(b, a)];

    private static string HomeOf(string shard) => shard.Split('|')[0];

    private static string RegionOf(LocalCluster cluster, string akkaAddress) =>
        RegionOfNode[cluster.Nodes.Single(n => akkaAddress.EndsWith(n.ClusterAddress, StringComparison.Ordinal)).Index - 1];

    /// <summary><c>pbm game where</c> until the character is homed in <paramref name="home"/> and runs on <paramref name="on"/>.</summary>
    private static Task WhereUntilAsync(ClusterNode ask, string character, string home, ClusterNode on) =>
        AwaitAsync(async () =>
        {
            var where = await PbmCli.RunAsync(Token, ask.OperatorEndpoint, "game", "where", character);
            Assert.True(where.ExitCode == 0, where.ToString());
            Assert.Contains($"home {home}, running on", where.Output);
            Assert.Contains(on.ClusterAddress, where.Output);
        });

    private static async Task<List<(string Shard, string Node)>> ShardsAsync(ClusterNode ask, string type)
    {
        var stats = await PbmCli.RunAsync(Token, ask.OperatorEndpoint, "cluster-sharding", "shard-stats", "-r", type);
        Assert.True(stats.ExitCode == 0, stats.ToString());
        return stats.Output.Split('\n')
            .Select(line => ShardLine().Match(line.Trim()))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToList();
    }

    private static async Task<long> JournalRowsAsync(string connectionString, string persistenceId, bool includeDeleted = true)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM journal WHERE persistence_id = @id" + (includeDeleted ? "" : " AND NOT deleted"), connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> SnapshotRowsAsync(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM snapshot WHERE persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Retries <paramref name="check"/> until it passes: placement follows membership and rebalancing by seconds.</summary>
    private static async Task AwaitAsync(Func<Task> check)
    {
        var deadline = DateTime.UtcNow + LocalCluster.DefaultConvergenceTimeout;
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    [GeneratedRegex(@"^shard (\S+) \| entities: \d+ \| (\S+)$")]
    private static partial Regex ShardLine();
}
