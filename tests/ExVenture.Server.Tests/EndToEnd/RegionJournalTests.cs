using System.Net;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;
using Npgsql;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>
/// Per-region databases (DATABASE_URL_&lt;REGION&gt;): the reeds zone is homed in nrt, which has a database of its own on
/// the same test server. Its rooms' events go there and nowhere else; the commons (homed in the primary region) stay in
/// the primary; and when nrt's database is unreachable only the reeds are, with a clear answer.
/// </summary>
public sealed class RegionJournalTests
{
    private const string ReedsRoom = "reeds.landing";
    private const string CommonsRoom = "commons.wash-house";

    [Fact]
    public async Task Migrate_creates_the_journal_in_the_region_database_and_each_rooms_events_go_to_its_home_regions_database()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        var nrt = await PostgresServer.Shared.CreateDatabaseAsync("nrt");
        environment.Variables["DATABASE_URL_NRT"] = nrt;
        environment.Variables["WORLD_DIR"] = WorldWithReedsIn(environment.Folder, "nrt");

        Assert.False(await TableExistsAsync(nrt, "journal"));
        var migrate = await environment.RunAsync(["migrate"]);
        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.Contains("nrt database", migrate.Output);
        Assert.True(await TableExistsAsync(nrt, "journal"));
        Assert.True(await TableExistsAsync(nrt, "snapshot"));

        var server = await environment.StartAsync();
        await using var player = new GameClient(server.BaseUri, "wader");
        await player.SignUpAsync("Wader");
        await player.ConnectAsync("Wader");
        await player.ExpectTopicAsync("Room.Info");
        await WalkAsync(player, "west", CommonsRoom);
        await WalkAsync(player, "west", ReedsRoom);
        await player.CommandAsync("say the reeds are high");

        var primary = environment.Variables["DATABASE_URL"]!;
        Assert.True(await JournalRowsAsync(nrt, "room-" + ReedsRoom) >= 1, "the reeds room wrote nothing to the nrt database");
        Assert.Equal(0, await JournalRowsAsync(primary, "room-" + ReedsRoom));
        Assert.True(await JournalRowsAsync(primary, "room-" + CommonsRoom) >= 2, "the commons room wrote its arrival and departure elsewhere");
        Assert.Equal(0, await JournalRowsAsync(nrt, "room-" + CommonsRoom));
        Assert.Equal(0, await JournalRowsAsync(nrt, "character-wader"));
    }

    [Fact]
    public async Task An_unreachable_region_database_makes_only_its_rooms_unreachable_and_play_resumes_there_when_it_returns()
    {
        var nrt = new NpgsqlConnectionStringBuilder(await PostgresServer.Shared.CreateDatabaseAsync("nrt"));
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, nrt.Port));
        var direct = nrt.ConnectionString;
        nrt.Host = "127.0.0.1";
        nrt.Port = proxy.Port;
        nrt.Timeout = 3;
        nrt.CommandTimeout = 3;

        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["DATABASE_URL_NRT"] = nrt.ConnectionString;
        environment.Variables["WORLD_DIR"] = WorldWithReedsIn(environment.Folder, "nrt");
        var migrate = await environment.RunAsync(["migrate"]);
        Assert.True(migrate.ExitCode == 0, migrate.Output);
        var server = await environment.StartAsync();

        await using var walker = new GameClient(server.BaseUri, "walker");
        await walker.SignUpAsync("Walker");
        await walker.ConnectAsync("Walker");
        await walker.ExpectTopicAsync("Room.Info");
        await WalkAsync(walker, "west", CommonsRoom);
        await WalkAsync(walker, "west", ReedsRoom);
        await WalkAsync(walker, "east", CommonsRoom);
        var acknowledged = await JournalRowsAsync(direct, "room-" + ReedsRoom);
        Assert.True(acknowledged >= 2, $"the reeds room holds {acknowledged} events of the walker's visit");

        await using var stayer = new GameClient(server.BaseUri, "stayer");
        await stayer.SignUpAsync("Stayer");
        await stayer.ConnectAsync("Stayer");
        await stayer.ExpectTopicAsync("Room.Info");

        proxy.Cut();

        // The reeds room is still in memory: its write fails, and the walker is told why.
        await ExpectUnreachableAsync(walker, await walker.SendAsync("west"));

        // Its next incarnation cannot recover either: every command there gets the same answer, not silence.
        await ExpectUnreachableAsync(walker, await walker.SendAsync("look"));

        // Everyone outside the nrt zone plays on.
        await WalkAsync(stayer, "north", "commons.high-street");
        Assert.Contains("You say", await stayer.CommandAsync("say still here"));
        using (var http = new HttpClient { BaseAddress = server.BaseUri })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        }

        proxy.Restore();

        // The walker stands in the reeds (its move was its own, in the primary): looking there works again as soon
        // as the room recovers, and the room lists the walker again.
        var back = await LookUntilAnsweredAsync(walker);
        Assert.Equal(ReedsRoom, back.Data.GetProperty("id").GetString());
        Assert.Contains(back.Data.GetProperty("characters").EnumerateArray(), c => c.GetProperty("name").GetString() == "Walker");
        Assert.True(await JournalRowsAsync(direct, "room-" + ReedsRoom) > acknowledged, "the room's history before the cut was lost, or the walker's return was not written");
        Assert.Contains("You say", await walker.CommandAsync("say made it"));
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task A_database_variable_for_the_primary_region_is_refused()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["PRIMARY_REGION"] = "iad";
        environment.Variables["DATABASE_URL_IAD"] = await PostgresServer.Shared.CreateDatabaseAsync("iad");

        var (exitCode, output) = await environment.RunAsync([]);

        Assert.Equal(1, exitCode);
        Assert.Contains("DATABASE_URL_IAD: names the primary region (iad), whose database is DATABASE_URL", output);
    }

    private static async Task ExpectUnreachableAsync(GameClient player, string commandRef)
    {
        // The session's own five-second "did not answer in time" may come first on a slow machine; the room's answer follows.
        var error = await player.ExpectAsync(
            f => f.Topic == "system/error" && f.Ref == commandRef && f.Data.GetProperty("message").GetString()!.Contains("unreachable", StringComparison.Ordinal),
            $"the unreachable answer to {commandRef}",
            TimeSpan.FromSeconds(45));
        Assert.Equal("unavailable", error.Data.GetProperty("code").GetString());
        Assert.Equal("That part of the world is unreachable right now; try again shortly.", error.Data.GetProperty("message").GetString());
    }

    /// <summary>Looks until the room answers with its view (each try waits for its own answer, error or view).</summary>
    private static async Task<ServerFrame> LookUntilAnsweredAsync(GameClient player)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var commandRef = await player.SendAsync("look");
            var answer = await player.ExpectAsync(
                f => f.Ref == commandRef && (f.Topic == "Room.Info" || f.Topic == "system/error"),
                $"an answer to {commandRef}",
                TimeSpan.FromSeconds(45));
            if (answer.Topic == "Room.Info")
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, "the reeds never became reachable again after the database returned");
        }
    }

    private static async Task WalkAsync(GameClient player, string direction, string expectedRoom)
    {
        var commandRef = await player.SendAsync(direction);
        var info = await player.ExpectTopicAsync("Room.Info", commandRef);
        Assert.Equal(expectedRoom, info.Data.GetProperty("id").GetString());
    }

    /// <summary>The repository's world with the reeds zone homed in <paramref name="region"/>.</summary>
    private static string WorldWithReedsIn(string folder, string region)
    {
        var world = Path.Combine(folder, "world");
        foreach (var file in Directory.GetFiles(RepositoryPaths.World, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(world, Path.GetRelativePath(RepositoryPaths.World, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var reeds = Path.Combine(world, "zones", "reeds.yml");
        // The sample world homes the reeds in lhr; this test decides for itself.
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(reeds), @"^home_region: [a-z]+\n", "", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.DoesNotContain("home_region", text);
        File.WriteAllText(reeds, text.Replace("id: reeds\n", $"id: reeds\nhome_region: {region}\n", StringComparison.Ordinal));
        Assert.Contains($"home_region: {region}", File.ReadAllText(reeds));
        return world;
    }

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = @table AND schemaname = current_schema()", connection);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task<long> JournalRowsAsync(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
