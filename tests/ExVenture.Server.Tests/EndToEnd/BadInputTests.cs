using System.Net;
using System.Net.WebSockets;
using ExVenture.TestSupport.Game;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>Bad input gets a clear answer, loses nothing, and leaves the node serving everyone else.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private GameServerEnvironment _environment = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _environment = await GameServerEnvironment.PostgresAsync();
        _server = await _environment.StartAsync();
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task Malformed_frames_are_answered_and_the_socket_stays_usable()
    {
        await using var player = await ConnectedAsync("mallory", "Mallory");

        await player.SendRawAsync("this is not json");
        var error = await player.ExpectTopicAsync("system/error");
        Assert.Equal("malformed_frame", error.Data.GetProperty("code").GetString());

        await player.SendRawAsync("""{"topic": "system/send", "data": {"words": "look"}}""");
        Assert.Equal("malformed_frame", (await player.ExpectTopicAsync("system/error")).Data.GetProperty("code").GetString());

        await player.SendRawAsync("""{"topic": "chat/shout", "data": {}}""");
        Assert.Equal("unknown_topic", (await player.ExpectTopicAsync("system/error")).Data.GetProperty("code").GetString());

        await player.SendRawAsync("""{"topic": "system/ping"}""");
        await player.ExpectTopicAsync("system/pong");

        Assert.Contains("The Silted Green", await player.CommandAsync("look"));
    }

    [Fact]
    public async Task A_200_kB_frame_is_refused_and_the_socket_stays_usable()
    {
        await using var player = await ConnectedAsync("hugo", "Hugo");

        var huge = "{\"topic\": \"system/send\", \"data\": {\"text\": \"say " + new string('a', 200 * 1024) + "\"}}";
        await player.SendRawAsync(huge);

        var error = await player.ExpectTopicAsync("system/error");
        Assert.Equal("frame_too_large", error.Data.GetProperty("code").GetString());
        Assert.Contains("The Silted Green", await player.CommandAsync("look"));
    }

    [Fact]
    public async Task A_line_longer_than_the_small_read_buffer_arrives_whole()
    {
        await using var player = await ConnectedAsync("lena", "Lena");
        var line = string.Concat(Enumerable.Repeat("the sluice gate groans ", 40)).Trim(); // 900 characters

        var answer = await player.CommandAsync("say " + line);

        Assert.Contains(line, answer);
        Assert.Contains("The Silted Green", await player.CommandAsync("look"));
    }

    [Fact]
    public async Task Unknown_commands_get_a_helpful_line_and_never_match_a_prefix()
    {
        await using var player = await ConnectedAsync("dana", "Dana");

        var answer = await player.CommandAsync("dance");
        Assert.Contains("'dance' is not a command", answer);
        Assert.Contains("help", answer);
        Assert.Contains("The Silted Green", await player.CommandAsync("look"));
    }

    [Fact]
    public async Task Commands_past_the_rate_limit_are_refused_with_their_ref()
    {
        await using var player = await ConnectedAsync("rapid", "Rapid");

        var refs = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            refs.Add(await player.SendAsync("info"));
        }

        var limited = await player.ExpectAsync(f => f.Topic == "system/error" && f.Data.GetProperty("code").GetString() == "rate_limited", "a rate-limit error");
        Assert.Contains(limited.Ref, refs);
    }

    [Fact]
    public async Task A_forged_token_or_someone_elses_character_gets_no_socket()
    {
        await using var owner = new GameClient(_server.BaseUri, "owner");
        await owner.SignUpAsync("Ownedone");
        await using var thief = new GameClient(_server.BaseUri, "thief");
        await thief.SignUpAsync("Thief");

        var forged = owner.Token![..^4] + "AAAA";
        var refusedForged = await Assert.ThrowsAsync<WebSocketException>(() => thief.ConnectAsync("Thief", token: forged));
        Assert.Contains("401", refusedForged.Message);

        var refusedTheft = await Assert.ThrowsAsync<WebSocketException>(() => thief.ConnectAsync("Ownedone"));
        Assert.Contains("401", refusedTheft.Message);
    }

    [Fact]
    public async Task Wrong_passwords_and_duplicate_names_are_refused_clearly()
    {
        await using var first = new GameClient(_server.BaseUri, "samename");
        await first.SignUpAsync("Twin");
        using var http = new HttpClient { BaseAddress = _server.BaseUri };

        using var wrong = await http.PostAsync("api/sessions", Json("""{"username": "samename", "password": "not-the-password"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var duplicate = await http.PostAsync("api/accounts", Json("""{"username": "SameName", "email": "x@example.test", "password": "long-enough-1"}"""));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        await using var second = new GameClient(_server.BaseUri, "othername");
        await second.SignUpAsync("Othername");
        using var taken = await second.PostAsync("api/characters", """{"name": "TWIN"}""");
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_closes_only_that_socket_and_everyone_else_plays_on()
    {
        await using var noisy = await ConnectedAsync("noisy", "Noisy");
        await using var calm = await ConnectedAsync("calm", "Calm");

        // A text message that is not UTF-8 breaks the WebSocket protocol itself: that socket is closed with 1007.
        await noisy.SendRawAsync(new byte[] { 0xff, 0xfe, 0x00, 0x01 });
        await noisy.WaitForCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, noisy.CloseStatus);

        Assert.Contains("You say", await calm.CommandAsync("say still here"));
        await noisy.ConnectAsync("Noisy");
        Assert.Contains("The Silted Green", await noisy.CommandAsync("look"));
    }

    private async Task<GameClient> ConnectedAsync(string username, string character)
    {
        var client = new GameClient(_server.BaseUri, username);
        await client.SignUpAsync(character);
        await client.ConnectAsync(character);
        await client.ExpectTopicAsync("Room.Info");
        return client;
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
