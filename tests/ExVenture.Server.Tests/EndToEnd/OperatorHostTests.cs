using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ExVenture.Operations;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>
/// The operator host inside the real server binary, talked to over HTTP as <c>pbm</c> does: authentication, the
/// palettes, and commands that reach the cluster, the shard regions, the actor system, the log and the players.
/// </summary>
public sealed class OperatorHostTests(OperatorNodeFixture node) : IClassFixture<OperatorNodeFixture>
{
    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_with_401_and_logged_with_the_remote_address()
    {
        using var anonymous = new OperatorTestClient(node.OperatorPort, token: null);
        using var impostor = node.Client("a-wrong-token-that-is-long-enough");

        using var palettes = await anonymous.Http.GetAsync("pbm/v1/palettes");
        var (status, refusal) = await impostor.RunAsync("cluster", "show");

        Assert.Equal(HttpStatusCode.Unauthorized, palettes.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(refusal.Ok);
        Assert.Contains("token", refusal.Error, StringComparison.OrdinalIgnoreCase);
        var refusalBody = JsonSerializer.Deserialize<CommandResponse>(await palettes.Content.ReadAsStringAsync(), OperatorProtocol.Json)!;
        Assert.False(refusalBody.Ok);

        using var client = node.Client();
        var log = (await client.OkAsync("log", "peek", "-n", "500")).Text;
        Assert.Contains("Refused an operator request from 127.0.0.1 to GET /pbm/v1/palettes: no token", log);
        Assert.Contains("Refused an operator request from 127.0.0.1 to POST /pbm/v1/commands: wrong token", log);
        Assert.DoesNotContain("a-wrong-token-that-is-long-enough", log);
    }

    [Fact]
    public async Task The_palettes_describe_every_command()
    {
        using var client = node.Client();

        var palettes = await client.PalettesAsync();

        Assert.Equal(["cluster", "cluster-sharding", "actor", "game", "log"], palettes.Select(p => p.Name));
        var down = palettes.Single(p => p.Name == "cluster").Commands.Single(c => c.Name == "down");
        Assert.Equal("cluster down -a <address>", down.Usage);
        Assert.True(palettes.Single(p => p.Name == "cluster").Commands.Single(c => c.Name == "tail").Streams);
    }

    [Fact]
    public async Task Cluster_show_status_and_leader_describe_the_one_node()
    {
        using var client = node.Client();

        var show = await client.OkAsync("cluster", "show");
        var status = await client.OkAsync("cluster", "status");
        var leader = await client.OkAsync("cluster", "leader");

        var lines = show.Text.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^akka\.tcp://exventure@127\.0\.0\.1:\d+ \| \[region-local\] \| Up \| Reachable$", lines[0]);
        Assert.Equal("Count: 1 nodes", lines[1]);
        var members = show.Data!.Value.GetProperty("members");
        Assert.Equal(1, members.GetArrayLength());
        Assert.Equal("Up", members[0].GetProperty("status").GetString());
        var address = members[0].GetProperty("address").GetString()!;
        Assert.StartsWith(lines[0], status.Text, StringComparison.Ordinal);
        Assert.Contains("Leader: this node", status.Text);
        Assert.Equal($"Leader: {address}", leader.Text);
    }

    [Fact]
    public async Task Down_and_join_check_their_address()
    {
        using var client = node.Client();

        var (downStatus, down) = await client.RunAsync("cluster", "down", "-a", "akka.tcp://exventure@10.9.9.9:4053");
        var (badStatus, bad) = await client.RunAsync("cluster", "join", "-a", "not an address");
        var unreachable = await client.OkAsync("cluster", "down-unreachable");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, downStatus);
        Assert.Contains("No member at akka.tcp://exventure@10.9.9.9:4053", down.Error);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        Assert.Contains("is not a member address", bad.Error);
        Assert.Equal("No member is unreachable.", unreachable.Text);
    }

    [Fact]
    public async Task Sharding_commands_ask_the_real_shard_regions()
    {
        using var client = node.Client();

        var regions = await client.OkAsync("cluster-sharding", "regions");
        var regionStats = await client.OkAsync("cluster-sharding", "region-stats", "-r", "room");
        var shardStats = await client.OkAsync("cluster-sharding", "shard-stats", "-r", "room");
        var (unknownStatus, unknown) = await client.RunAsync("cluster-sharding", "region-stats", "-r", "dragon");

        Assert.Equal(["character", "room"], regions.Text.Split('\n'));
        Assert.Matches(@"^akka\.tcp://exventure@127\.0\.0\.1:\d+ \| shards: \d+ \| entities: \d+", regionStats.Text);
        Assert.Contains("Total: ", regionStats.Text);
        Assert.Equal(1, regionStats.Data!.Value.GetProperty("nodes").GetArrayLength());
        Assert.Matches(@"Count: \d+ shards, \d+ entities$", shardStats.Text);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownStatus);
        Assert.Contains("No entity type 'dragon'; known: character, room", unknown.Error);
    }

    [Fact]
    public async Task Actor_system_and_hierarchy_describe_this_node()
    {
        using var client = node.Client();

        var system = await client.OkAsync("actor", "system");
        var hierarchy = await client.OkAsync("actor", "hierarchy", "-d", "1");

        Assert.Contains("Name: exventure", system.Text);
        Assert.Contains("Status: Up", system.Text);
        Assert.Contains("Region: local", system.Text);
        Assert.Contains("Akka.NET: 1.5.", system.Text);
        Assert.Equal("exventure", system.Data!.Value.GetProperty("name").GetString());
        var lines = hierarchy.Text.Split('\n');
        Assert.Equal("/user", lines[0]);
        Assert.Contains("  presence", lines);
        Assert.Contains("  operator", lines);
    }

    [Fact]
    public async Task World_check_loads_and_validates_the_world_files()
    {
        using var client = node.Client();

        var check = await client.OkAsync("game", "world", "check");
        var sameInOneWord = await client.OkAsync("game", "world check");

        Assert.Contains("is valid", check.Text);
        Assert.True(check.Data!.Value.GetProperty("rooms").GetInt32() > 0);
        Assert.Equal(check.Text, sameInOneWord.Text);
    }

    [Fact]
    public async Task Log_peek_returns_the_nodes_recent_lines()
    {
        using var anonymous = new OperatorTestClient(node.OperatorPort, token: null);
        using var client = node.Client();
        using var _ = await anonymous.Http.GetAsync("pbm/v1/palettes");

        var peek = await client.OkAsync("log", "peek", "-n", "5");

        var lines = peek.Data!.Value.GetProperty("lines").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.InRange(lines.Count, 1, 5);
        Assert.Contains(lines, line => line!.Contains("warn ExVenture.Server.Operator: Refused an operator request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_commands_get_404_and_arguments_that_do_not_fit_get_400_with_the_usage()
    {
        using var client = node.Client();

        var (unknownStatus, unknown) = await client.RunAsync("cluster", "explode");
        var (paletteStatus, _) = await client.RunAsync("remote", "show");
        var (missingStatus, missing) = await client.RunAsync("cluster", "down");
        var (extraStatus, extra) = await client.RunAsync("cluster", "show", "-x", "1");
        using var garbage = await client.Http.PostAsync("pbm/v1/commands", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Contains("Unknown command 'cluster explode'", unknown.Error);
        Assert.Equal(HttpStatusCode.NotFound, paletteStatus);
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.Equal("-a is required\nusage: cluster down -a <address>", missing.Error);
        Assert.Equal(HttpStatusCode.BadRequest, extraStatus);
        Assert.Contains("usage: cluster show", extra.Error);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task The_public_port_serves_no_operator_route()
    {
        using var http = new HttpClient { BaseAddress = node.Server.BaseUri };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorNodeFixture.Token);

        using var palettes = await http.GetAsync("pbm/v1/palettes");
        using var command = await http.SendAsync(OperatorTestClient.Request("cluster", "show"));

        Assert.Equal(HttpStatusCode.NotFound, palettes.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, command.StatusCode);
    }

    [Fact]
    public async Task Who_wall_and_kick_reach_a_connected_player()
    {
        using var client = node.Client();
        await using var player = new GameClient(node.Server.BaseUri, "tamsin_op");
        await player.SignUpAsync("Tamsin");
        await player.ConnectAsync("Tamsin");
        await player.ExpectTopicAsync("Room.Info");
        Assert.Contains("Tamsin", await player.CommandAsync("who"));

        var who = await client.OkAsync("game", "who");
        var wall = await client.OkAsync("game", "wall", "the", "bell", "rings");
        var heard = await player.ExpectTextAsync("the bell rings");
        var kick = await client.OkAsync("game", "kick", "tamsin");
        var told = await player.ExpectTextAsync(ExVenture.Actors.Operator.GameCommands.KickMessage);
        await player.WaitForCloseAsync();
        var (againStatus, again) = await client.RunAsync("game", "kick", "Tamsin");

        Assert.Matches(@"^Tamsin \| akka\.tcp://exventure@127\.0\.0\.1:\d+ \| local\nCount: 1 players$", who.Text);
        Assert.Equal("local", who.Data!.Value.GetProperty("players")[0].GetProperty("region").GetString());
        Assert.Equal("Sent to 1 players on 1 nodes.", wall.Text);
        Assert.Equal("system/display", heard.Topic);
        Assert.Null(heard.Ref);
        Assert.StartsWith("Disconnected tamsin on akka.tcp://", kick.Text, StringComparison.Ordinal);
        Assert.Equal("system/display", told.Topic);
        Assert.Equal("kicked", player.CloseDescription);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, againStatus);
        Assert.Equal("Tamsin is not online.", again.Error);
    }

    [Fact]
    public async Task Cluster_tail_streams_membership_events_as_ndjson_until_the_client_hangs_up()
    {
        using var client = node.Client();
        using var request = OperatorTestClient.Request("cluster", "tail");

        using (var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(OperatorProtocol.StreamContentType, response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = JsonSerializer.Deserialize<StreamLine>((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!, OperatorProtocol.Json)!;

            Assert.Contains("MemberUp akka.tcp://exventure@127.0.0.1:", first.Text);
            Assert.Equal("MemberUp", first.Data!.Value.GetProperty("event").GetString());
        }

        // The stream's actor is gone with the client, and the host answers as before.
        Assert.Contains("Count: 1 nodes", (await client.OkAsync("cluster", "show")).Text);
    }
}

/// <summary>Operator host behaviour that needs a node of its own: a leave ends the process; a taken port does not.</summary>
public sealed class OperatorHostLifecycleTests
{
    [Fact]
    public async Task Cluster_leave_answers_once_the_node_has_left_and_then_the_process_exits_cleanly()
    {
        await using var environment = GameServerEnvironment.Development();
        var port = FreePort.Next();
        environment.Variables["OPERATOR_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment.Variables["OPERATOR_TOKEN"] = "an-explicit-operator-token-for-this-test";
        var server = await environment.StartAsync("leaving");
        using var process = Process.GetProcessById(server.ProcessId);
        using var client = new OperatorTestClient(port, "an-explicit-operator-token-for-this-test");
        await using var player = new GameClient(server.BaseUri, "leaver");
        await player.SignUpAsync("Leaver");
        await player.ConnectAsync("Leaver");
        await player.ExpectTopicAsync("Room.Info");

        var left = await client.OkAsync("cluster", "leave");
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Contains("has left the cluster; the node is shutting down.", left.Text);
        Assert.True(left.Data!.Value.GetProperty("left").GetBoolean());
        await player.WaitForCloseAsync();
        Assert.Equal("server_restarting", player.CloseDescription);
        Assert.True(process.HasExited);
        Assert.Equal(0, await server.StopAsync()); // already gone: only collects the exit code
        Assert.Contains("An operator made this node leave the cluster", server.Output);
    }

    [Fact]
    public async Task A_taken_operator_port_is_logged_as_an_error_and_the_node_serves_players_anyway()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var environment = GameServerEnvironment.Development();
        environment.Variables["OPERATOR_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var server = await environment.StartAsync("port-taken");

        await using var player = new GameClient(server.BaseUri, "undeterred");
        await player.SignUpAsync("Undeterred");
        await player.ConnectAsync("Undeterred");
        await player.ExpectTopicAsync("Room.Info");

        // The operator host starts before the public port opens, so its error is logged before the node was healthy;
        // the output is captured asynchronously, hence the bounded wait for the line.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!server.Output.Contains($"The operator host cannot listen on 127.0.0.1:{port}", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains($"The operator host cannot listen on 127.0.0.1:{port}", server.Output);
        Assert.False(server.HasExited);
    }
}
