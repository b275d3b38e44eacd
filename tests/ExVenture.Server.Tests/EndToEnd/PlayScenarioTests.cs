using System.Text.Json;
using ExVenture.TestSupport.Game;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>
/// The foundation's scenario through the real binary, a real socket and a real database: two players register,
/// meet, talk, one walks away with an item, the server restarts, and everything persisted is still there.
/// </summary>
public sealed class PlayScenarioTests
{
    [Fact]
    public async Task Two_players_meet_talk_part_and_find_the_world_as_they_left_it_after_a_restart_on_PostgreSQL()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        await PlayAndRestart(environment);
    }

    [Fact]
    public async Task The_same_scenario_works_on_the_embedded_development_store()
    {
        await using var environment = GameServerEnvironment.Development();
        await PlayAndRestart(environment);
    }

    private static async Task PlayAndRestart(GameServerEnvironment environment)
    {
        var server = await environment.StartAsync();
        await using var alice = new GameClient(server.BaseUri, "alice");
        await using var bob = new GameClient(server.BaseUri, "bob");
        await alice.SignUpAsync("Alys");
        await bob.SignUpAsync("Brannoc");

        await alice.ConnectAsync("Alys");
        var arrival = await alice.ExpectTopicAsync("Room.Info");
        Assert.Equal("commons.green", arrival.Data.GetProperty("id").GetString());

        await bob.ConnectAsync("Brannoc");
        await bob.ExpectTopicAsync("Room.Info");
        await alice.ExpectAsync(f => f.Topic == "Room.CharacterEnter" && f.Data.GetProperty("character").GetProperty("name").GetString() == "Brannoc", "Brannoc entering");

        var look = await alice.CommandAsync("look");
        Assert.Contains("Brannoc is here.", look);

        await bob.SendAsync("say Fine morning for it.");
        var said = await alice.ExpectTopicAsync("Room.Say");
        Assert.Equal("Brannoc", said.Data.GetProperty("character").GetProperty("name").GetString());
        Assert.Equal("Fine morning for it.", said.Data.GetProperty("text").GetString());
        Assert.Null(said.Ref);

        Assert.Contains("You tell Brannoc", await alice.CommandAsync("tell brannoc meet me at the chandlery"));
        var told = await bob.ExpectTopicAsync("Character.Tell");
        Assert.Equal("Alys", told.Data.GetProperty("from").GetProperty("name").GetString());
        Assert.Contains("You tell Alys", await bob.CommandAsync("reply on my way"));

        var who = await bob.CommandAsync("who");
        Assert.Contains("Alys", who);
        Assert.Contains("Brannoc", who);

        await alice.SendAsync("north");
        var left = await bob.ExpectTopicAsync("Room.CharacterLeave");
        Assert.Equal("north", left.Data.GetProperty("direction").GetString());
        Assert.Contains("The Chandlery", await alice.CommandAsync("west"));
        Assert.Contains("You pick up the tin storm lantern", await alice.CommandAsync("get lantern"));
        Assert.Contains("Mussel Street", await alice.CommandAsync("east"));

        await alice.CloseAsync();
        await bob.CloseAsync();
        Assert.Equal(0, await server.StopAsync());

        server = await environment.StartAsync("restarted");
        await using var aliceAgain = new GameClient(server.BaseUri, "alice");
        await aliceAgain.SignInAsync();
        await aliceAgain.ConnectAsync("Alys");
        var back = await aliceAgain.ExpectTopicAsync("Room.Info");
        Assert.Equal("commons.high-street", back.Data.GetProperty("id").GetString());
        Assert.Contains("tin storm lantern", await aliceAgain.CommandAsync("inventory"));

        await aliceAgain.SendAsync("west");
        var chandlery = await aliceAgain.ExpectAsync(f => f.Topic == "Room.Info" && f.Data.GetProperty("id").GetString() == "commons.chandlery", "the chandlery");
        var lanterns = chandlery.Data.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("name").GetString() == "tin storm lantern");
        Assert.Equal(1, lanterns);
    }
}
