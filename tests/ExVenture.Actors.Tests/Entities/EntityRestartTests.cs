using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Rooms;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// Entities on a real SQL journal (SQLite file), stopped and started again in the middle of an item transfer.
/// The other side of each transfer is a probe standing in for the shard region, so the test sees every message.
/// </summary>
public sealed class EntityRestartTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-entities");

    private readonly GameWorld _world = TinyWorld.Create();
    private readonly TestProbe _characters;
    private readonly TestProbe _rooms;
    private readonly EntityRouter _router;

    public EntityRestartTests()
        : base(GameConfig.SqliteJournal(Data.File($"journal-{Guid.NewGuid():N}.db")).WithFallback(GameConfig.Hocon()))
    {
        _characters = CreateTestProbe("characters");
        _rooms = CreateTestProbe("rooms");
        _router = new EntityRouter(_characters.Ref, _rooms.Ref);
    }

    [Fact]
    public void A_room_that_restarts_after_giving_an_item_gives_the_same_item_again_until_confirmed()
    {
        var room = StartRoom();
        room.Tell(new RoomRequests.TakeItem(TinyWorld.Hall, "ada", "Ada", "lantern", "c1"), _characters.Ref);
        var given = _characters.FishForMessage<CharacterMessages.GiveItem>(_ => true);

        StopAndWait(room);
        StartRoom();

        var again = _characters.FishForMessage<CharacterMessages.GiveItem>(_ => true);
        Assert.Equal(given.TransferId, again.TransferId);
        Assert.Equal(given.Item, again.Item);
    }

    [Fact]
    public void A_confirmed_transfer_is_not_sent_again_after_a_restart_and_the_item_is_gone_from_the_floor()
    {
        var room = StartRoom();
        room.Tell(new RoomRequests.TakeItem(TinyWorld.Hall, "ada", "Ada", "lantern", "c1"), _characters.Ref);
        var given = _characters.FishForMessage<CharacterMessages.GiveItem>(_ => true);
        room.Tell(new RoomRequests.ConfirmTransfer(TinyWorld.Hall, "ada", given.TransferId), _characters.Ref);
        var close = _characters.ExpectMsg<CharacterMessages.CloseReceipt>();
        Assert.Equal(given.TransferId, close.TransferId);

        StopAndWait(room);
        room = StartRoom();
        room.Tell(new RoomRequests.Look(TinyWorld.Hall, "bo", "Bo", "c2"), _characters.Ref);

        // The first message after the restart answers the look: nothing was re-sent, and the lantern is not listed.
        var answer = _characters.ExpectMsg<CharacterMessages.Deliver>();
        Assert.Equal("c2", answer.Ref);
        Assert.DoesNotContain("lantern", answer.Frames.Single(f => f.Topic == Topics.RoomInfo).Data);
    }

    [Fact]
    public void A_character_that_restarts_after_dropping_an_item_offers_it_to_the_room_again()
    {
        var session = CreateTestProbe("session");
        var character = StartCharacter("ada");
        character.Tell(new Attach("ada", "Ada", "s1", session.Ref));
        character.Tell(new CharacterMessages.GiveItem("ada", "t1", new ItemInstance("tiny.hall/lantern/1", "lantern"), TinyWorld.Hall, null));
        _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => c.TransferId == "t1");

        character.Tell(new Input("ada", "s1", "drop lantern", "c3", Soon), session.Ref);
        var put = _rooms.FishForMessage<RoomRequests.PutItem>(_ => true);

        StopAndWait(character);
        StartCharacter("ada");

        var again = _rooms.FishForMessage<RoomRequests.PutItem>(_ => true);
        Assert.Equal(put.TransferId, again.TransferId);
        Assert.Equal(put.Item, again.Item);
    }

    [Fact]
    public void An_item_given_twice_across_a_character_restart_is_held_once()
    {
        var lantern = new ItemInstance("tiny.hall/lantern/1", "lantern");
        var session = CreateTestProbe("session");
        var character = StartCharacter("bo");

        // Only a character that exists takes items (one that does not puts them straight back), so Bo arrives first.
        character.Tell(new Attach("bo", "Bo", "s1", session.Ref));
        character.Tell(new CharacterMessages.GiveItem("bo", "t9", lantern, TinyWorld.Hall, null));
        _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => c.TransferId == "t9");

        StopAndWait(character);
        character = StartCharacter("bo");
        character.Tell(new CharacterMessages.GiveItem("bo", "t9", lantern, TinyWorld.Hall, null));
        _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => c.TransferId == "t9");

        character.Tell(new Attach("bo", "Bo", "s2", session.Ref));
        character.Tell(new Input("bo", "s2", "inventory", "c4", Soon), session.Ref);
        var inventory = session.FishForMessage<Output>(o => o.Ref == "c4");
        var items = inventory.Frames.Single(f => f.Topic == Topics.InventoryAll).Data;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(items, "tiny.hall/lantern/1"));
    }

    [Fact]
    public void A_character_comes_back_where_it_was_with_what_it_carried()
    {
        var session = CreateTestProbe("session");
        var character = StartCharacter("cy");
        character.Tell(new Attach("cy", "Cy", "s1", session.Ref));
        character.Tell(new Input("cy", "s1", "up", "c5", Soon), session.Ref);
        _rooms.FishForMessage<RoomRequests.Enter>(e => e.RoomId == TinyWorld.Attic);

        StopAndWait(character);
        character = StartCharacter("cy");
        character.Tell(new Attach("cy", "Cy", "s2", session.Ref));

        var enter = _rooms.FishForMessage<RoomRequests.Enter>(_ => true);
        Assert.Equal(TinyWorld.Attic, enter.RoomId);
    }

    [Fact]
    public async Task A_busy_character_is_snapshotted_and_recovers_from_the_snapshot_to_the_same_place()
    {
        var session = CreateTestProbe("session");
        var character = StartCharacter("dee");
        character.Tell(new Attach("dee", "Dee", "s1", session.Ref));
        // Created + 121 Moved events: past the snapshot interval of 100.
        for (var i = 0; i < 121; i++)
        {
            character.Tell(new Input("dee", "s1", i % 2 == 0 ? "up" : "down", $"m{i}", Soon), session.Ref);
        }

        _rooms.FishForMessage<RoomRequests.Enter>(e => e.Ref == "m120", TimeSpan.FromSeconds(30));
        var snapshots = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        await AwaitAssertAsync(async () =>
        {
            var loaded = await snapshots.Ask<Akka.Persistence.LoadSnapshotResult>(
                new Akka.Persistence.LoadSnapshot("character-dee", Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue));
            Assert.NotNull(loaded.Snapshot);
            Assert.True(loaded.Snapshot.Metadata.SequenceNr >= EventSourcedEntity<CharacterState, ICharacterEvent>.SnapshotEvery);
        });

        StopAndWait(character);
        character = StartCharacter("dee");
        character.Tell(new Attach("dee", "Dee", "s2", session.Ref));

        // 121 moves starting with "up": an odd number, so Dee ends in the attic.
        var enter = _rooms.FishForMessage<RoomRequests.Enter>(e => e.Ref is null && e.CharacterId == "dee", TimeSpan.FromSeconds(30));
        Assert.Equal(TinyWorld.Attic, enter.RoomId);
    }

    [Fact]
    public void A_command_that_arrives_after_its_session_gave_up_on_it_does_not_happen()
    {
        var session = CreateTestProbe("session");
        var character = StartCharacter("eve");
        character.Tell(new Attach("eve", "Eve", "s1", session.Ref));
        _rooms.FishForMessage<RoomRequests.Enter>(e => e.CharacterId == "eve");

        character.Tell(new Input("eve", "s1", "up", "late", DateTimeOffset.UtcNow.AddSeconds(-1)), session.Ref);
        character.Tell(new Input("eve", "s1", "look", "fresh", Soon), session.Ref);

        // The expired move never reaches a room; the next message the rooms see is the fresh look, still in the hall.
        var next = _rooms.ExpectMsg<RoomRequests.Look>();
        Assert.Equal(TinyWorld.Hall, next.RoomId);
        Assert.Equal("fresh", next.Ref);
    }

    private static DateTimeOffset Soon => DateTimeOffset.UtcNow.AddMinutes(1);

    private IActorRef StartRoom() => Sys.ActorOf(RoomActor.Props(TinyWorld.Hall, _world, _router, _ => Regions.Local, RegionJournals.None));

    private IActorRef StartCharacter(string id) => Sys.ActorOf(CharacterActor.Props(id, _world, _router, CreateTestProbe().Ref));

    private void StopAndWait(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
    }
}
