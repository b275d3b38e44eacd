using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using static ExVenture.Actors.Characters.CharacterDeletion;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// A character deleting its journal on a real SQL journal: the character actor with probes standing in for its
/// shard (its parent, which it asks to passivate it), the room and character regions, and its player's session,
/// so the test sees every message. Run on SQLite and on PostgreSQL, since what a deleted journal leaves behind
/// (Akka.Persistence.Sql keeps the highest sequence number) is the plugin's and the database's business.
/// </summary>
public abstract class CharacterJournalDeletionTests : TestKit
{
    private static readonly ItemInstance Lantern = new("tiny.hall/lantern/1", "lantern");
    private static readonly ItemInstance OtherLantern = new("tiny.hall/lantern/2", "lantern");

    private readonly GameWorld _world = TinyWorld.Create();
    private readonly TestProbe _shard;
    private readonly TestProbe _rooms;
    private readonly TestProbe _characters;
    private readonly TestProbe _session;
    private readonly EntityRouter _router;

    protected CharacterJournalDeletionTests(Config journal)
        : base(journal.WithFallback(GameConfig.Hocon()))
    {
        _shard = CreateTestProbe("shard");
        _rooms = CreateTestProbe("rooms");
        _characters = CreateTestProbe("characters");
        _session = CreateTestProbe("session");
        _router = new EntityRouter(_characters.Ref, _rooms.Ref);
    }

    [Fact]
    public async Task Events_and_snapshots_are_deleted_and_the_next_incarnation_starts_empty_and_persists_after_them()
    {
        var dee = Start("dee");
        dee.Tell(new Attach("dee", "Dee", "s1", _session.Ref));
        TakeLantern(dee, "dee");

        // Created, ItemPickedUp, ReceiptClosed and 121 moves: past the snapshot interval, ending in the attic.
        for (var i = 0; i < 121; i++)
        {
            dee.Tell(new Input("dee", "s1", i % 2 == 0 ? "up" : "down", $"m{i}", Soon), _session.Ref);
        }

        _rooms.FishForMessage<RoomRequests.Enter>(e => e.Ref == "m120", TimeSpan.FromSeconds(60));
        await AwaitAssertAsync(async () => Assert.NotNull(await LatestSnapshot("character-dee")), TimeSpan.FromSeconds(30));
        var before = await Replay("character-dee");
        Assert.Equal(124, before.Highest);

        dee.Tell(new DeleteCharacter("dee"), TestActor);

        var ended = _session.FishForMessage<Ended>(_ => true);
        Assert.Equal(ErrorCodes.CharacterDeleted, ended.Code);
        Assert.Equal(new RoomRequests.Leave(TinyWorld.Attic, "dee", "Dee", null), _rooms.FishForMessage<RoomRequests.Leave>(_ => true));
        ExpectMsg(new CharacterDeleted("dee"), TimeSpan.FromSeconds(30));
        StopOnPassivation(dee);

        // Nothing left to recover, but the highest sequence number is kept (a deleted row), so numbering goes on.
        Assert.Null(await LatestSnapshot("character-dee"));
        var deleted = await Replay("character-dee");
        Assert.Empty(deleted.Events);
        Assert.Equal(124, deleted.Highest);

        // The next incarnation is born again in the start room, with nothing, and persists from 125 on.
        dee = Start("dee");
        var session = CreateTestProbe("session2");
        dee.Tell(new Attach("dee", "Dee", "s2", session.Ref));
        Assert.Equal(TinyWorld.Hall, _rooms.FishForMessage<RoomRequests.Enter>(e => e.CharacterId == "dee").RoomId);
        var welcome = session.FishForMessage<Output>(o => o.Frames.Any(f => f.Topic == Topics.InventoryAll));
        Assert.DoesNotContain("lantern", welcome.Frames.Single(f => f.Topic == Topics.InventoryAll).Data);
        dee.Tell(new Input("dee", "s2", "up", "again", Soon), session.Ref);
        _rooms.FishForMessage<RoomRequests.Enter>(e => e.Ref == "again");

        var reborn = await Replay("character-dee");
        Assert.Equal([125L, 126L], reborn.Events.Select(e => e.SequenceNr));
        Assert.IsType<CharacterEvents.Created>(reborn.Events[0].Payload);
        Assert.Equal(new CharacterEvents.Moved(TinyWorld.Hall, TinyWorld.Attic, Direction.Up), reborn.Events[1].Payload);

        // And recovers from them.
        StopAndWait(dee);
        dee = Start("dee");
        dee.Tell(new Attach("dee", "Dee", "s3", session.Ref));
        Assert.Equal(TinyWorld.Attic, _rooms.FishForMessage<RoomRequests.Enter>(e => e.CharacterId == "dee").RoomId);
    }

    [Fact]
    public async Task What_is_queued_behind_the_delete_does_not_bring_the_old_character_back()
    {
        var eve = Start("eve");
        eve.Tell(new Attach("eve", "Eve", "s1", _session.Ref));
        TakeLantern(eve, "eve");

        // In the mailbox right behind the delete: the player's drop and move, a room's answer to a `get` that was
        // still on its way, and a tell from another character.
        eve.Tell(new DeleteCharacter("eve"), TestActor);
        eve.Tell(new Input("eve", "s1", "drop lantern", "late-drop", Soon), _session.Ref);
        eve.Tell(new Input("eve", "s1", "up", "late-up", Soon), _session.Ref);
        eve.Tell(new CharacterMessages.GiveItem("eve", "t2", OtherLantern, TinyWorld.Hall, "late-get"));
        eve.Tell(new CharacterMessages.Tell("eve", "Eve", "bo", "Bo", "still there?", "b1"));

        ExpectMsg(new CharacterDeleted("eve"), TimeSpan.FromSeconds(30));
        StopOnPassivation(eve);

        // The old incarnation has stopped, so everything it sent is in the probes: the session was told three times
        // that the character is gone (the deletion, then each late command), the room only that Eve left, and Bo
        // that nobody called Eve is online. No drop, no move, no item taken.
        var toSession = Drain(_session);
        Assert.Equal(
            [ErrorCodes.CharacterDeleted, ErrorCodes.CharacterDeleted, ErrorCodes.CharacterDeleted],
            toSession.OfType<Ended>().Select(e => e.Code));
        Assert.DoesNotContain(toSession.OfType<Output>(), o => o.Ref is "late-drop" or "late-up" or "late-get");
        Assert.Equal([new RoomRequests.Leave(TinyWorld.Hall, "eve", "Eve", null)], Drain(_rooms));
        var notOnline = Assert.IsType<CharacterMessages.Deliver>(Assert.Single(Drain(_characters)));
        Assert.Equal("bo", notOnline.CharacterId);
        Assert.Contains("Nobody called Eve is online", notOnline.Frames.Single().Data);
        Assert.Empty((await Replay("character-eve")).Events);

        // The room re-sends the candle to the next incarnation, which confirms it and puts it back on the floor.
        eve = Start("eve");
        eve.Tell(new CharacterMessages.GiveItem("eve", "t2", OtherLantern, TinyWorld.Hall, "late-get"));
        Assert.Equal("t2", _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(_ => true).TransferId);
        var back = _rooms.FishForMessage<RoomRequests.PutItem>(_ => true);
        Assert.Equal((TinyWorld.Hall, OtherLantern), (back.RoomId, back.Item));

        // A new Eve arrives empty-handed in the start room.
        var session = CreateTestProbe("session2");
        eve.Tell(new Attach("eve", "Eve", "s2", session.Ref));
        Assert.Equal(TinyWorld.Hall, _rooms.FishForMessage<RoomRequests.Enter>(e => e.CharacterId == "eve").RoomId);
        var welcome = session.FishForMessage<Output>(o => o.Frames.Any(f => f.Topic == Topics.InventoryAll));
        Assert.DoesNotContain("lantern", welcome.Frames.Single(f => f.Topic == Topics.InventoryAll).Data);
    }

    [Fact]
    public void A_character_with_an_item_in_transit_is_not_deleted_until_the_transfer_settles()
    {
        var fay = Start("fay");
        fay.Tell(new Attach("fay", "Fay", "s1", _session.Ref));
        fay.Tell(new CharacterMessages.GiveItem("fay", "t1", Lantern, TinyWorld.Hall, null));
        _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => c.TransferId == "t1");

        fay.Tell(new DeleteCharacter("fay"), TestActor);
        var refused = ExpectMsg<CharacterDeletionFailed>(TimeSpan.FromSeconds(30));
        Assert.Contains("try again in a moment", refused.Reason);

        // Nothing happened: Fay still plays.
        fay.Tell(new Input("fay", "s1", "look", "still-here", Soon), _session.Ref);
        Assert.Equal(TinyWorld.Hall, _rooms.FishForMessage<RoomRequests.Look>(l => l.Ref == "still-here").RoomId);

        fay.Tell(new CharacterMessages.CloseReceipt("fay", "t1"));
        fay.Tell(new DeleteCharacter("fay"), TestActor);
        ExpectMsg(new CharacterDeleted("fay"), TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCodes.CharacterDeleted, _session.FishForMessage<Ended>(_ => true).Code);
    }

    [Fact]
    public void A_character_that_never_existed_is_deleted_at_once()
    {
        var nobody = Start("nobody");
        nobody.Tell(new DeleteCharacter("nobody"), TestActor);
        ExpectMsg(new CharacterDeleted("nobody"), TimeSpan.FromSeconds(30));
        StopOnPassivation(nobody);
        Assert.False(_rooms.HasMessages);
    }

    private static DateTimeOffset Soon => DateTimeOffset.UtcNow.AddMinutes(1);

    /// <summary>The character as a child of the shard probe, which receives its <see cref="Passivate"/>.</summary>
    private IActorRef Start(string id) => _shard.ChildActorOf(CharacterActor.Props(id, _world, _router, CreateTestProbe().Ref));

    /// <summary>The room gives the character the lantern and, once it is confirmed, closes the receipt.</summary>
    private void TakeLantern(IActorRef character, string id)
    {
        character.Tell(new CharacterMessages.GiveItem(id, "t1", Lantern, TinyWorld.Hall, null));
        _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => c.TransferId == "t1");
        character.Tell(new CharacterMessages.CloseReceipt(id, "t1"));
    }

    /// <summary>Does what the shard does when an entity asks to be passivated: sends it the stop message.</summary>
    private void StopOnPassivation(IActorRef character)
    {
        var passivate = _shard.FishForMessage<Passivate>(_ => true, TimeSpan.FromSeconds(30));
        Assert.Equal(character, _shard.LastSender);
        Watch(character);
        character.Tell(passivate.StopMessage);
        ExpectTerminated(character, TimeSpan.FromSeconds(30));
    }

    private void StopAndWait(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity, TimeSpan.FromSeconds(30));
    }

    /// <summary>Everything already in the probe's queue (what was sent before the reply that was just received).</summary>
    private static List<object> Drain(TestProbe probe)
    {
        var messages = new List<object>();
        while (probe.HasMessages)
        {
            messages.Add(probe.ReceiveOne(TimeSpan.Zero)!);
        }

        return messages;
    }

    private async Task<SelectedSnapshot?> LatestSnapshot(string persistenceId)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var loaded = await store.Ask<LoadSnapshotResult>(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(30));
        return loaded.Snapshot;
    }

    /// <summary>What a recovery would read: every event still in the journal, and the highest sequence number.</summary>
    private Task<(List<IPersistentRepresentation> Events, long Highest)> Replay(string persistenceId) => this.ReplayAsync(null, persistenceId);
}

public sealed class CharacterJournalDeletionOnSqliteTests()
    : CharacterJournalDeletionTests(GameConfig.SqliteJournal(Data.File($"journal-{Guid.NewGuid():N}.db")))
{
    private static readonly TempDirectory Data = new("exventure-deletion-journal");
}

public sealed class CharacterJournalDeletionOnPostgreSqlTests()
    : CharacterJournalDeletionTests(GameConfig.PostgreSqlJournal(PostgresServer.Shared.CreateDatabaseAsync("deletion").GetAwaiter().GetResult()))
{
}
