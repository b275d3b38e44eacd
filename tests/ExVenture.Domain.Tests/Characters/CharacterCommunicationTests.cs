using ExVenture.Domain.Characters;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;
using static ExVenture.Domain.Tests.Characters.TestCharacters;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>Tells, replies, output from rooms, and the commands a character answers by itself.</summary>
public sealed class CharacterCommunicationTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData(" Alice ")]
    public void Telling_oneself_is_a_murmur(string target)
    {
        var decision = Alice().Decide(new Cmd.Tell(target, "hm"), Context(), "r1");

        Assert.Empty(decision.Messages);
        Assert.Equal("You murmur something to yourself.", decision.Output.Single().Text());
    }

    [Fact]
    public void Telling_another_sends_to_its_lower_case_id()
    {
        var decision = Alice().Decide(new Cmd.Tell("Bob", "hello there"), Context(), "r1");

        Assert.Empty(decision.Output);
        Assert.Equal([new Tell("bob", "Bob", "alice", "Alice", "hello there", "r1")], decision.Messages);
    }

    [Fact]
    public void Tell_carries_the_name_as_the_sender_typed_it()
    {
        var decision = Alice().Decide(new Cmd.Tell("BoB", "hello there"), Context(), "r1");

        var tell = Assert.IsType<Tell>(Assert.Single(decision.Messages));
        Assert.Equal("bob", tell.CharacterId);
        Assert.Equal("BoB", tell.ToName);
    }

    [Fact]
    public void Tell_received_while_online_is_shown_and_echoed_to_the_sender()
    {
        var bob = Arrived("bob", "Bob");

        var decision = bob.Receive(new Tell("bob", "Bob", "alice", "Alice", "hello there", "r1"), Context(online: true));

        Assert.Equal([Frames.Tell("Alice", "hello there"), Frames.Display("Alice tells you, \"hello there\"")], decision.Output);
        var echo = Assert.IsType<Deliver>(Assert.Single(decision.Messages));
        Assert.Equal("alice", echo.CharacterId);
        Assert.Equal("r1", echo.Ref);
        Assert.Null(echo.FromRoomId);
        Assert.Equal("You tell Bob, \"hello there\"", echo.Frames.Texts().Single());
    }

    [Fact]
    public void Tell_received_while_offline_tells_the_sender_nobody_is_there()
    {
        var bob = Arrived("bob", "Bob");

        var decision = bob.Receive(new Tell("bob", "BOB", "alice", "Alice", "hello there", "r1"), Context(online: false));

        Assert.Empty(decision.Output);
        var answer = Assert.IsType<Deliver>(Assert.Single(decision.Messages));
        Assert.Equal("alice", answer.CharacterId);
        Assert.Equal("r1", answer.Ref);
        Assert.Equal("Nobody called BOB is online.", answer.Frames.Texts().Single());
    }

    [Fact]
    public void Tell_to_a_character_that_never_played_tells_the_sender_nobody_is_there()
    {
        var decision = CharacterState.Unborn("zed").Receive(new Tell("zed", "Zed", "alice", "Alice", "hi", null), Context(online: true));

        Assert.Empty(decision.Output);
        Assert.Equal("Nobody called Zed is online.", Assert.IsType<Deliver>(Assert.Single(decision.Messages)).Frames.Texts().Single());
    }

    [Fact]
    public void Reply_with_nobody_to_reply_to_is_answered()
    {
        var decision = Alice().Decide(new Cmd.Reply("thanks"), Context(replyTo: null), "r1");

        Assert.Empty(decision.Messages);
        Assert.Equal("Nobody has told you anything yet.", decision.Output.Single().Text());
    }

    [Fact]
    public void Reply_tells_the_last_teller()
    {
        var decision = Alice().Decide(new Cmd.Reply("thanks"), Context(replyTo: "Bob"), "r1");

        Assert.Equal([new Tell("bob", "Bob", "alice", "Alice", "thanks", "r1")], decision.Messages);
    }

    [Fact]
    public void Who_asks_for_the_list_of_players_online()
    {
        var decision = Alice().Decide(new Cmd.Who(), Context(), "r1");

        Assert.True(decision.ListOnline);
        Assert.False(decision.EndSession);
        Assert.Empty(decision.Output);
        Assert.Empty(decision.Messages);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void General_answers_the_speaker_and_asks_for_the_line_to_reach_everyone()
    {
        var decision = Alice().Decide(Assert.IsType<Cmd.General>(Cmd.CommandParser.Parse("gen  anyone at the dam?")), Context(), "r1");

        Assert.Equal("anyone at the dam?", decision.General);
        Assert.Equal([Topics.ChannelBroadcast, Topics.Display], decision.Output.Select(f => f.Topic));
        Assert.Contains("[general] You: anyone at the dam?", decision.Output[1].Data);
        Assert.Empty(decision.Events);
        Assert.IsType<Cmd.Malformed>(Cmd.CommandParser.Parse("general"));
    }

    [Fact]
    public void Info_shows_the_vitals()
    {
        var decision = Alice().Decide(new Cmd.Info(), Context(), "r1");

        Assert.Equal(Frames.Vitals(new VitalsView(25, 25, 17, 17, 30, 30)), decision.Output[0]);
        var sheet = decision.Output[1].Text();
        Assert.StartsWith("Alice\n", sheet, StringComparison.Ordinal);
        Assert.Contains("Health       25 / 25", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_alone_shows_the_commands_topic()
    {
        var decision = Alice().Decide(new Cmd.Help(null), Context(), "r1");

        Assert.Equal($"Commands\n{TestWorlds.CommandsHelpBody}\nSee also: movement", decision.Output.Single().Text());
    }

    [Theory]
    [InlineData("movement")]
    [InlineData("MOVE")]
    public void Help_on_a_topic_shows_it(string topic)
    {
        var decision = Alice().Decide(new Cmd.Help(topic), Context(), "r1");

        Assert.Equal("Moving around\nType a direction to walk.", decision.Output.Single().Text());
    }

    [Fact]
    public void Help_on_an_unknown_topic_says_so()
    {
        var decision = Alice().Decide(new Cmd.Help("swimming"), Context(), "r1");

        Assert.Equal("There is no help on 'swimming'. Type 'help' for the list of commands.", decision.Output.Single().Text());
    }

    [Fact]
    public void Output_from_another_room_makes_it_forget_the_character()
    {
        var alice = Walked(Alice(), Direction.North);
        var stale = new Deliver("alice", [Frames.Display("Bob says, \"hi\"")], null, TestWorlds.Hall);

        var decision = alice.Receive(stale, Context(online: true));

        Assert.Empty(decision.Output);
        Assert.Equal([new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", null)], decision.Messages);
    }

    [Fact]
    public void Output_from_its_own_room_while_offline_makes_the_room_forget_the_character()
    {
        var alice = Alice();
        var delivery = new Deliver("alice", [Frames.Display("Bob says, \"hi\"")], null, TestWorlds.Hall);

        var decision = alice.Receive(delivery, Context(online: false));

        Assert.Empty(decision.Output);
        Assert.Equal([new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", null)], decision.Messages);
    }

    [Fact]
    public void Output_from_its_own_room_while_online_is_passed_through()
    {
        var alice = Alice();
        IReadOnlyList<Frame> frames = [Frames.Say("Bob", "hi"), Frames.Display("Bob says, \"hi\"")];

        var decision = alice.Receive(new Deliver("alice", frames, "r7", TestWorlds.Hall), Context(online: true));

        Assert.Equal(frames, decision.Output);
        Assert.Empty(decision.Messages);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Output_not_from_a_room_is_passed_through()
    {
        var alice = Alice();
        IReadOnlyList<Frame> frames = [Frames.Display("You tell Bob, \"hi\"")];

        var decision = alice.Receive(new Deliver("alice", frames, "r7", null), Context(online: true));

        Assert.Equal(frames, decision.Output);
        Assert.Empty(decision.Messages);
    }
}
