using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;

namespace ExVenture.Domain.Tests.Rooms;

/// <summary>Entering, leaving and looking: the room's presence list and what everyone is shown.</summary>
public sealed class RoomPresenceTests
{
    private static readonly GameWorld World = TestWorlds.Small;

    [Fact]
    public void Entering_persists_the_newcomer_once()
    {
        var decision = Decide(EmptyHall(), new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, "r1"));

        var entered = Assert.Single(decision.Events);
        Assert.Equal(new RoomEvents.OccupantEntered("alice", "Alice"), entered);
    }

    [Fact]
    public void Newcomer_gets_the_room_info_and_description_with_its_ref()
    {
        var decision = Decide(EmptyHall(), new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", Direction.South, "r1"));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>(), m => m.CharacterId == "alice");
        Assert.Equal("r1", answer.Ref);
        Assert.Equal(TestWorlds.Hall, answer.FromRoomId);
        Assert.Collection(
            answer.Frames,
            info =>
            {
                Assert.Equal(Topics.RoomInfo, info.Topic);
                Assert.Equal(TestWorlds.Hall, info.Json().GetProperty("id").GetString());
                Assert.Equal(["Alice"], info.CharacterNames());
            },
            display => Assert.StartsWith("Great Hall\nA long hall with a high ceiling.\nExits: north, up", display.Text()));
    }

    [Theory]
    [InlineData(Direction.South, "south", "Alice arrives from the south.")]
    [InlineData(Direction.Down, "down", "Alice arrives from below.")]
    [InlineData(Direction.Up, "up", "Alice arrives from above.")]
    [InlineData(null, null, "Alice appears.")]
    public void Others_see_the_newcomer_arrive_from_its_side(Direction? from, string? directionName, string line)
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", from, "r1"));

        var seen = Assert.Single(decision.Messages.OfType<Deliver>(), m => m.CharacterId == "bob");
        Assert.Null(seen.Ref);
        Assert.Equal([Frames.CharacterEnter("Alice", directionName), Frames.Display(line)], seen.Frames);
    }

    [Fact]
    public void Newcomer_sees_who_is_already_there()
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, null));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>(), m => m.CharacterId == "alice");
        Assert.Equal(["Alice", "Bob"], answer.Frames[0].CharacterNames().Order());
        Assert.EndsWith("Bob is here.", answer.Frames[1].Text());
    }

    [Fact]
    public void Entering_twice_persists_nothing_the_second_time()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, "r2"));

        Assert.Empty(decision.Events);
        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("alice", answer.CharacterId);
        Assert.Equal(Topics.RoomInfo, answer.Frames[0].Topic);
    }

    [Fact]
    public void Leaving_persists_the_departure()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", Direction.North));

        Assert.Equal([new RoomEvents.OccupantLeft("alice")], decision.Events);
        Assert.Equal(["bob"], Run(room, decision).Occupants.Keys);
    }

    [Theory]
    [InlineData(Direction.North, "north", "Alice leaves north.")]
    [InlineData(Direction.Up, "up", "Alice leaves upwards.")]
    [InlineData(Direction.Down, "down", "Alice leaves downwards.")]
    [InlineData(null, null, "Alice fades from the world.")]
    public void Others_see_the_leaver_go(Direction? to, string? directionName, string line)
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", to));

        var seen = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("bob", seen.CharacterId);
        Assert.Equal([Frames.CharacterLeave("Alice", directionName), Frames.Display(line)], seen.Frames);
    }

    [Fact]
    public void Leaving_a_room_one_is_not_in_does_nothing()
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", Direction.North));

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
    }

    [Fact]
    public void Look_from_an_unlisted_character_records_it_and_answers()
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Look(TestWorlds.Hall, "alice", "Alice", "r3"));

        Assert.Equal([new RoomEvents.OccupantEntered("alice", "Alice")], decision.Events);
        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("alice", answer.CharacterId);
        Assert.Equal("r3", answer.Ref);
        Assert.Equal(Topics.RoomInfo, answer.Frames[0].Topic);
        Assert.Contains("alice", Run(room, decision).Occupants.Keys);
    }

    [Fact]
    public void Look_from_an_unlisted_character_lists_the_viewer()
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Look(TestWorlds.Hall, "alice", "Alice", "r3"));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal(["Alice", "Bob"], answer.Frames[0].CharacterNames().Order());
        Assert.EndsWith("Bob is here.", answer.Frames[1].Text());
        Assert.DoesNotContain("Alice", answer.Frames[1].Text());
    }

    [Fact]
    public void Look_from_an_unlisted_character_in_an_empty_room_lists_only_the_viewer()
    {
        var decision = Decide(EmptyHall(), new RoomRequests.Look(TestWorlds.Hall, "alice", "Alice", null));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal(["Alice"], answer.Frames[0].CharacterNames());
        Assert.DoesNotContain(" is here.", answer.Frames[1].Text());
    }

    [Fact]
    public void Look_from_an_unlisted_character_shows_what_an_enter_would_show()
    {
        var room = WithOccupants(("bob", "Bob"));

        var looked = Assert.Single(Decide(room, new RoomRequests.Look(TestWorlds.Hall, "alice", "Alice", "r3")).Messages.OfType<Deliver>());
        var entered = Assert.Single(
            Decide(room, new RoomRequests.Enter(TestWorlds.Hall, "alice", "Alice", null, "r3")).Messages.OfType<Deliver>(),
            m => m.CharacterId == "alice");

        Assert.Equal(entered.Frames, looked.Frames);
    }

    [Fact]
    public void Look_from_a_listed_character_persists_nothing()
    {
        var room = WithOccupants(("alice", "Alice"));

        var decision = Decide(room, new RoomRequests.Look(TestWorlds.Hall, "alice", "Alice", "r3"));

        Assert.Empty(decision.Events);
        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal(["Alice"], answer.Frames[0].CharacterNames());
        Assert.Equal(TestWorlds.Hall + "/" + TestWorlds.Lantern + "/1", answer.Frames[0].ItemIds()[0]);
        Assert.Contains("You see here: brass lantern and copper coin (3).", answer.Frames[1].Text());
    }

    internal static RoomState EmptyHall() => RoomState.Initial(World.Room(TestWorlds.Hall));

    /// <summary>The hall with the given characters entered through <see cref="RoomState.Decide"/>.</summary>
    internal static RoomState WithOccupants(params (string Id, string Name)[] characters) =>
        characters.Aggregate(
            EmptyHall(),
            (room, c) => Run(room, Decide(room, new RoomRequests.Enter(TestWorlds.Hall, c.Id, c.Name, null, null))));

    internal static RoomDecision Decide(RoomState room, IRoomRequest request, Func<string>? transferIds = null) =>
        room.Decide(request, World, transferIds ?? TestWorlds.TransferIds());

    internal static RoomState Run(RoomState room, RoomDecision decision) => room.ApplyAll(decision.Events);
}
