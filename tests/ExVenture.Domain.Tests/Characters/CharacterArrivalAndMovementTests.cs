using ExVenture.Domain.Characters;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Tests.Characters.TestCharacters;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>Entering the game, walking through exits, leaving the game.</summary>
public sealed class CharacterArrivalAndMovementTests
{
    [Fact]
    public void Unborn_character_is_created_in_the_start_room()
    {
        var decision = CharacterState.Unborn("alice").Arrive("Alice", TestWorlds.Small);

        Assert.Equal([new CharacterEvents.Created("alice", "Alice", TestWorlds.Hall, Vitals.Starting)], decision.Events);
        Assert.Equal([new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, null)], decision.Messages);
    }

    [Fact]
    public void Arriving_player_is_welcomed_with_vitals_and_inventory()
    {
        var decision = CharacterState.Unborn("alice").Arrive("Alice", TestWorlds.Small);

        Assert.Equal("Welcome, Alice. Type 'help' for the list of commands.", decision.Output[0].Text());
        Assert.Contains(decision.Output, f => f.Topic == Topics.Vitals);
        Assert.Contains(decision.Output, f => f.Topic == Topics.InventoryAll);
    }

    [Fact]
    public void Existing_character_arrives_where_it_was_without_events()
    {
        var alice = Walked(Alice(), Direction.North);

        var decision = alice.Arrive("Ignored", TestWorlds.Small);

        Assert.Empty(decision.Events);
        Assert.Equal([new RoomRequests.Enter(TestWorlds.Garden, "alice", "Alice", null, null)], decision.Messages);
    }

    [Fact]
    public void Character_whose_room_left_the_world_is_moved_to_the_start_room()
    {
        var stranded = CharacterState.Unborn("alice").Apply(new CharacterEvents.Created("alice", "Alice", "old.cellar", Vitals.Starting));

        var decision = stranded.Arrive("Alice", TestWorlds.Small);

        Assert.Equal([new CharacterEvents.Moved("old.cellar", TestWorlds.Hall, null)], decision.Events);
        Assert.Equal([new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, null)], decision.Messages);
        Assert.Equal(TestWorlds.Hall, Run(stranded, decision).RoomId);
    }

    [Theory]
    [InlineData(TestWorlds.Hall, Direction.North, TestWorlds.Garden, Direction.South)]
    [InlineData(TestWorlds.Hall, Direction.Up, TestWorlds.Attic, Direction.Down)]
    [InlineData(TestWorlds.Attic, Direction.Down, TestWorlds.Hall, Direction.Up)]
    [InlineData(TestWorlds.Garden, Direction.East, TestWorlds.Shed, Direction.West)]
    public void Moving_through_an_exit_leaves_one_room_and_enters_the_next(string from, Direction way, string to, Direction arrivalSide)
    {
        var alice = from switch
        {
            TestWorlds.Attic => Walked(Alice(), Direction.Up),
            TestWorlds.Garden => Walked(Alice(), Direction.North),
            _ => Alice(),
        };
        Assert.Equal(from, alice.RoomId);

        var decision = alice.Decide(new Cmd.Move(way), Context(), "r1");

        Assert.Equal([new CharacterEvents.Moved(from, to, way)], decision.Events);
        Assert.Equal(
            [
                new RoomRequests.Leave(from, "alice", "Alice", way),
                new RoomRequests.Enter(to, "alice", "Alice", arrivalSide, "r1"),
            ],
            decision.Messages);
        Assert.Empty(decision.Output);
        Assert.Equal(to, Run(alice, decision).RoomId);
    }

    [Fact]
    public void Moving_where_there_is_no_exit_is_answered()
    {
        var decision = Alice().Decide(new Cmd.Move(Direction.West), Context(), "r1");

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Equal("You can't go west from here.", decision.Output.Single().Text());
    }

    [Fact]
    public void Unknown_command_gets_a_helpful_answer()
    {
        var decision = Alice().Decide(new Cmd.Unknown("dance"), Context(), "r1");

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Equal("'dance' is not a command I know. Type 'help' for the list of commands.", decision.Output.Single().Text());
    }

    [Fact]
    public void Look_asks_the_current_room()
    {
        var alice = Walked(Alice(), Direction.Up);

        var decision = alice.Decide(new Cmd.Look(), Context(), "r1");

        Assert.Equal([new RoomRequests.Look(TestWorlds.Attic, "alice", "Alice", "r1")], decision.Messages);
    }

    [Fact]
    public void Quitting_leaves_the_room_and_ends_the_session()
    {
        var alice = Walked(Alice(), Direction.North);

        var decision = alice.Decide(new Cmd.Quit(), Context(), "r1");

        Assert.True(decision.EndSession);
        Assert.Empty(decision.Events);
        Assert.Equal([new RoomRequests.Leave(TestWorlds.Garden, "alice", "Alice", null)], decision.Messages);
        Assert.Equal("You step out of the world. Until next time.", decision.Output.Single().Text());
    }

    [Fact]
    public void Departing_leaves_the_current_room()
    {
        var decision = Walked(Alice(), Direction.Up).Depart();

        Assert.Equal([new RoomRequests.Leave(TestWorlds.Attic, "alice", "Alice", null)], decision.Messages);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Unborn_character_departs_silently()
    {
        var decision = CharacterState.Unborn("alice").Depart();

        Assert.Empty(decision.Messages);
        Assert.Empty(decision.Events);
    }
}
