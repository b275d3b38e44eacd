using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using static ExVenture.Domain.Characters.CharacterMessages;
using static ExVenture.Domain.Tests.Rooms.RoomPresenceTests;

namespace ExVenture.Domain.Tests.Rooms;

/// <summary>Say, say @name, whisper and emote: who hears what.</summary>
public sealed class RoomSpeechTests
{
    [Fact]
    public void Speaker_hears_itself_say_it_with_its_ref()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hello", null, "r1"));

        var own = ToCharacter(decision, "alice");
        Assert.Equal("r1", own.Ref);
        Assert.Equal([Frames.Say("Alice", "hello"), Frames.Display("You say, \"hello\"")], own.Frames);
    }

    [Fact]
    public void Others_hear_the_words_without_the_speakers_ref()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hello", null, "r1"));

        var heard = ToCharacter(decision, "bob");
        Assert.Null(heard.Ref);
        Assert.Equal([Frames.Say("Alice", "hello"), Frames.Display("Alice says, \"hello\"")], heard.Frames);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Saying_to_a_present_character_addresses_it()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hi", "bob", "r1"));

        Assert.Equal(3, decision.Messages.Count);
        Assert.Equal("You say to Bob, \"hi\"", ToCharacter(decision, "alice").Frames.Texts().Single());
        Assert.Equal("Alice says to you, \"hi\"", ToCharacter(decision, "bob").Frames.Texts().Single());
        Assert.Equal("Alice says to Bob, \"hi\"", ToCharacter(decision, "carol").Frames.Texts().Single());
        Assert.Equal("r1", ToCharacter(decision, "alice").Ref);
        Assert.Null(ToCharacter(decision, "bob").Ref);
    }

    [Fact]
    public void Saying_to_an_absent_character_only_answers_the_speaker()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hi", "Zed", "r1"));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("alice", answer.CharacterId);
        Assert.Equal("r1", answer.Ref);
        Assert.Equal("You don't see Zed here.", answer.Frames.Texts().Single());
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("alice")]
    [InlineData(" ALICE ")]
    public void Saying_to_oneself_is_a_plain_say(string to)
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hi", to, "r1"));

        Assert.Empty(decision.Events);
        Assert.Equal(3, decision.Messages.Count);
        var own = ToCharacter(decision, "alice");
        Assert.Equal("r1", own.Ref);
        Assert.Equal([Frames.Say("Alice", "hi"), Frames.Display("You say, \"hi\"")], own.Frames);
        foreach (var listener in new[] { "bob", "carol" })
        {
            var heard = ToCharacter(decision, listener);
            Assert.Null(heard.Ref);
            Assert.Equal([Frames.Say("Alice", "hi"), Frames.Display("Alice says, \"hi\"")], heard.Frames);
        }
    }

    [Fact]
    public void Saying_to_oneself_is_answered_exactly_like_a_plain_say()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var plain = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hi", null, "r1"));
        var toSelf = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hi", "alice", "r1"));

        Assert.Equal(Flatten(plain), Flatten(toSelf));
    }

    [Fact]
    public void Whispered_words_reach_only_the_target()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"));

        var decision = Decide(room, new RoomRequests.Whisper(TestWorlds.Hall, "alice", "Alice", "Bob", "the key is under the mat", "r1"));

        var target = ToCharacter(decision, "bob");
        Assert.Equal(
            [Frames.Whisper("Alice", "the key is under the mat"), Frames.Display("Alice whispers to you, \"the key is under the mat\"")],
            target.Frames);
        var bystander = ToCharacter(decision, "carol");
        Assert.Equal([Frames.Display("Alice whispers something to Bob.")], bystander.Frames);
        Assert.DoesNotContain(bystander.Frames, f => f.Data.Contains("mat", StringComparison.Ordinal));
        var own = ToCharacter(decision, "alice");
        Assert.Equal("r1", own.Ref);
        Assert.Equal("You whisper to Bob, \"the key is under the mat\"", own.Frames.Texts().Single());
    }

    [Theory]
    [InlineData("Zed")]
    [InlineData("alice")]
    public void Whispering_to_nobody_here_is_answered(string target)
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Whisper(TestWorlds.Hall, "alice", "Alice", target, "psst", "r1"));

        var answer = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("alice", answer.CharacterId);
        Assert.Equal($"There is nobody called {target} here to whisper to.", answer.Frames.Texts().Single());
    }

    [Fact]
    public void Everyone_including_the_actor_sees_an_emote()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Emote(TestWorlds.Hall, "alice", "Alice", "waves.", "r1"));

        Assert.Equal("Alice waves.", ToCharacter(decision, "alice").Frames.Texts().Single());
        Assert.Equal("Alice waves.", ToCharacter(decision, "bob").Frames.Texts().Single());
        Assert.Equal("r1", ToCharacter(decision, "alice").Ref);
    }

    [Fact]
    public void Speaking_while_unlisted_records_the_speaker()
    {
        var room = WithOccupants(("bob", "Bob"));

        var decision = Decide(room, new RoomRequests.Say(TestWorlds.Hall, "alice", "Alice", "hello", null, null));

        Assert.Equal([new RoomEvents.OccupantEntered("alice", "Alice")], decision.Events);
        Assert.Equal("Alice says, \"hello\"", ToCharacter(decision, "bob").Frames.Texts().Single());
    }

    private static IReadOnlyList<string> Flatten(RoomDecision decision) =>
        decision.Events.Select(e => e.ToString()!)
            .Concat(decision.Messages.OfType<Deliver>().SelectMany(d =>
                d.Frames.Select(f => $"{d.CharacterId}|{d.Ref}|{d.FromRoomId}|{f.Topic}|{f.Data}")))
            .Append($"messages:{decision.Messages.Count}")
            .ToList();

    private static Deliver ToCharacter(RoomDecision decision, string characterId) =>
        Assert.Single(decision.Messages.OfType<Deliver>(), m => m.CharacterId == characterId);
}
