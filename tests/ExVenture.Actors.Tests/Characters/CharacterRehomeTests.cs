using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Sharding;
using ExVenture.Actors.Tests.Entities;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Tests.Characters;

/// <summary>
/// A character moving its home (and its journal) to the region its player signs in from, on two real SQL databases:
/// the primary (iad, the default plugins) and lhr's own. nrt has no database of its own, so it uses the primary's.
/// The <see cref="CharacterHost"/> runs as a child of a probe standing in for its shard; probes stand in for the room
/// region and the players' sessions, so every message is seen. The races are the point: messages arriving while the
/// character moves, and two sign-ins from two regions at once, must leave one writer and every item exactly once.
/// </summary>
public sealed class CharacterRehomeTests : TestKit
{
    private const string Primary = "iad";
    private static readonly TempDirectory Data = new("exventure-rehome");
    private static readonly EntityJournal Lhr = new(RegionJournals.JournalPluginId("lhr"), RegionJournals.SnapshotPluginId("lhr"));

    private readonly GameWorld _world = TinyWorld.Create();
    private readonly InMemoryHomes _homes = new();
    private readonly RegionJournals _journals;
    private readonly TestProbe _shard;
    private readonly TestProbe _rooms;
    private readonly TestProbe _errors;
    private readonly CharacterHostOptions _options;

    public CharacterRehomeTests()
        : this(Data.File($"iad-{Guid.NewGuid():N}.db"), Data.File($"lhr-{Guid.NewGuid():N}.db"))
    {
    }

    private CharacterRehomeTests(string iadFile, string lhrFile)
        : base(GameConfig.SqliteRegionJournals(iadFile, new Dictionary<string, string> { ["lhr"] = lhrFile }))
    {
        _journals = new RegionJournals(new Dictionary<string, Hosting.JournalOptions> { ["lhr"] = GameConfig.SqliteOptions(lhrFile) });
        _shard = CreateTestProbe("shard");
        _rooms = CreateTestProbe("rooms");
        _errors = CreateTestProbe("errors");
        Sys.EventStream.Subscribe(_errors.Ref, typeof(Error));
        var router = new EntityRouter(CreateTestProbe("characters").Ref, _rooms.Ref);
        var presence = CreateTestProbe("presence").Ref;
        _options = new CharacterHostOptions(
            _homes,
            Primary,
            _journals.For,
            (id, plugins) => CharacterActor.Props(id, _world, router, presence, plugins));
    }

    [Fact]
    public async Task A_character_no_session_holds_moves_to_the_region_it_signs_in_from_and_recovers_there()
    {
        var host = StartHost("ann");
        var s1 = CreateTestProbe();
        host.Tell(new Attach("ann", "Ann", "s1", s1.Ref, Region: Primary));
        s1.FishForMessage<Attached>(_ => true);
        GiveAndSettle(host, "ann", 0, 1);
        host.Tell(new Detach("ann", "s1"));

        var s2 = CreateTestProbe();
        host.Tell(new Attach("ann", "Ann", "s2", s2.Ref, Region: "lhr"));
        s2.FishForMessage<Attached>(_ => true);

        Assert.Equal([("ann", "lhr")], _homes.SetHomeCalls);
        Assert.Equal("lhr", (await _homes.HomesOfAsync(["ann"]))["ann"]);

        // The state went to lhr as a snapshot; iad keeps nothing readable, and nothing after the snapshot's number.
        var snapshot = await LatestSnapshot(Lhr, "character-ann");
        Assert.NotNull(snapshot);
        var moved = Assert.IsType<CharacterState>(snapshot.Snapshot);
        Assert.Equal([ItemId(0), ItemId(1)], moved.Inventory.Select(i => i.Id).Order());
        var iad = await Replay(EntityJournal.Primary, "character-ann");
        Assert.Empty(iad.Events);
        Assert.Equal(snapshot.Metadata.SequenceNr, iad.Highest);
        Assert.Null(await LatestSnapshot(EntityJournal.Primary, "character-ann"));

        // New events go to lhr, numbered after the snapshot.
        GiveAndSettle(host, "ann", 2);
        var lhr = await Replay(Lhr, "character-ann");
        AssertNumberedAfter(snapshot.Metadata.SequenceNr, lhr);
        Assert.Contains(lhr.Events, e => e.Payload is CharacterEvents.ItemPickedUp { TransferId: "t2" });
        Assert.Equal(snapshot.Metadata.SequenceNr, (await Replay(EntityJournal.Primary, "character-ann")).Highest);

        // A new incarnation of the host reads its home and recovers everything from lhr.
        StopHost(host);
        host = StartHost("ann");
        var s3 = CreateTestProbe();
        AttachExpectingInventory(host, new Attach("ann", "Ann", "s3", s3.Ref, Region: "lhr"), s3, 0, 1, 2);
        Assert.Single(_homes.SetHomeCalls);
        AssertOneWriterThroughout();
    }

    [Fact]
    public async Task Messages_arriving_while_the_character_moves_are_each_taken_once_and_written_only_to_the_new_journal()
    {
        var host = StartHost("bea");
        var s1 = CreateTestProbe();
        host.Tell(new Attach("bea", "Bea", "s1", s1.Ref));
        s1.FishForMessage<Attached>(_ => true);
        GiveAndSettle(host, "bea", 0);
        host.Tell(new Detach("bea", "s1"));

        // The burst: items before the sign-in (their writes still in flight when the move is asked for), the sign-in,
        // items right behind it, the session's retry, and two items the room re-sends as if unconfirmed.
        var s2 = CreateTestProbe();
        for (var i = 1; i <= 10; i++)
        {
            Give(host, "bea", i);
        }

        host.Tell(new Attach("bea", "Bea", "s2", s2.Ref, Region: "lhr"));
        for (var i = 11; i <= 20; i++)
        {
            Give(host, "bea", i);
        }

        host.Tell(new Attach("bea", "Bea", "s2", s2.Ref, Region: "lhr"));
        Give(host, "bea", 5);
        Give(host, "bea", 15);

        s2.FishForMessage<Attached>(_ => true);
        var transfers = Enumerable.Range(1, 20).ToArray();
        AwaitConfirmations(transfers);
        foreach (var i in transfers)
        {
            host.Tell(new CharacterMessages.CloseReceipt("bea", TransferId(i)));
        }

        // One move, to lhr; iad holds nothing after the snapshot's sequence number.
        Assert.Equal([("bea", "lhr")], _homes.SetHomeCalls);
        var snapshot = await LatestSnapshot(Lhr, "character-bea");
        Assert.NotNull(snapshot);
        var iad = await Replay(EntityJournal.Primary, "character-bea");
        Assert.Empty(iad.Events);
        Assert.Equal(snapshot.Metadata.SequenceNr, iad.Highest);

        // lhr numbers on from the snapshot; every item was taken exactly once: in the snapshot, or by one event after it.
        // (Each item was confirmed only once its pick-up was durable, so the journal already holds them all.)
        var lhr = await Replay(Lhr, "character-bea");
        AssertNumberedAfter(snapshot.Metadata.SequenceNr, lhr);
        var inSnapshot = ((CharacterState)snapshot.Snapshot).Inventory.Select(i => i.Id).ToList();
        var pickedUpAfter = lhr.Events.Select(e => e.Payload).OfType<CharacterEvents.ItemPickedUp>().Select(p => p.Item.Id).ToList();
        Assert.Equal(pickedUpAfter.Distinct(), pickedUpAfter);
        Assert.Empty(inSnapshot.Intersect(pickedUpAfter));
        Assert.Equal(Enumerable.Range(0, 21).Select(ItemId).Order(), inSnapshot.Concat(pickedUpAfter).Order());

        var recovered = await Recover(Lhr, "character-bea");
        Assert.Equal(Enumerable.Range(0, 21).Select(ItemId).Order(), recovered.Inventory.Select(i => i.Id).Order());

        StopHost(host);
        host = StartHost("bea");
        var s3 = CreateTestProbe();
        AttachExpectingInventory(host, new Attach("bea", "Bea", "s3", s3.Ref, Region: "lhr"), s3, Enumerable.Range(0, 21).ToArray());
        AssertOneWriterThroughout();
    }

    [Fact]
    public async Task Two_sign_ins_from_two_regions_at_once_leave_one_session_one_home_and_one_writer()
    {
        var host = StartHost("cal");
        var s1 = CreateTestProbe();
        host.Tell(new Attach("cal", "Cal", "s1", s1.Ref));
        s1.FishForMessage<Attached>(_ => true);
        GiveAndSettle(host, "cal", 0, 1);
        host.Tell(new Detach("cal", "s1"));

        var fromLhr = CreateTestProbe();
        var fromNrt = CreateTestProbe();
        using var start = new ManualResetEventSlim();
        var signIns = new[]
        {
            Task.Run(() => { start.Wait(); host.Tell(new Attach("cal", "Cal", "sA", fromLhr.Ref, Region: "lhr")); }),
            Task.Run(() => { start.Wait(); host.Tell(new Attach("cal", "Cal", "sB", fromNrt.Ref, Region: "nrt")); }),
        };
        start.Set();
        await Task.WhenAll(signIns);
        fromLhr.FishForMessage<Attached>(_ => true);
        fromNrt.FishForMessage<Attached>(_ => true);

        // The first sign-in handled moved the character; the second found it held and replaced that session.
        var call = Assert.Single(_homes.SetHomeCalls);
        Assert.Contains(call.Region, new[] { "lhr", "nrt" });
        var (loser, loserId, winner, winnerId) = call.Region == "lhr" ? (fromLhr, "sA", fromNrt, "sB") : (fromNrt, "sB", fromLhr, "sA");
        Assert.Equal(ErrorCodes.SessionReplaced, loser.FishForMessage<Ended>(_ => true).Code);

        // Only the winner controls the character now.
        host.Tell(new Input("cal", loserId, "look", "from-loser", Soon), loser.Ref);
        Assert.Equal(ErrorCodes.SessionReplaced, loser.FishForMessage<Ended>(_ => true).Code);
        host.Tell(new Input("cal", winnerId, "look", "from-winner", Soon), winner.Ref);
        _rooms.FishForMessage<RoomRequests.Look>(l =>
        {
            Assert.NotEqual("from-loser", l.Ref);
            return l.Ref == "from-winner";
        });
        Assert.DoesNotContain(Drain(winner), m => m is Ended);

        // The winner's incarnation writes to the home's journal: one unbroken history with all three items.
        GiveAndSettle(host, "cal", 2);
        var home = _journals.For(call.Region);
        var snapshot = await LatestSnapshot(home, "character-cal");
        var journal = await Replay(home, "character-cal");
        AssertNumberedAfter(snapshot?.Metadata.SequenceNr ?? 0, journal);
        Assert.Contains(journal.Events, e => e.Payload is CharacterEvents.ItemPickedUp { TransferId: "t2" });
        var recovered = await Recover(home, "character-cal");
        Assert.Equal([ItemId(0), ItemId(1), ItemId(2)], recovered.Inventory.Select(i => i.Id).Order());
        if (home != EntityJournal.Primary)
        {
            Assert.Equal(snapshot!.Metadata.SequenceNr, (await Replay(EntityJournal.Primary, "character-cal")).Highest);
        }

        StopHost(host);
        host = StartHost("cal");
        var again = CreateTestProbe();
        AttachExpectingInventory(host, new Attach("cal", "Cal", "sC", again.Ref, Region: call.Region), again, 0, 1, 2);
        Assert.Single(_homes.SetHomeCalls);
        AssertOneWriterThroughout();
    }

    [Fact]
    public async Task A_character_a_session_holds_stays_home_and_the_new_session_replaces_the_old()
    {
        var host = StartHost("dan");
        var s1 = CreateTestProbe();
        host.Tell(new Attach("dan", "Dan", "s1", s1.Ref, Region: Primary));
        s1.FishForMessage<Attached>(_ => true);
        GiveAndSettle(host, "dan", 0);

        var s2 = CreateTestProbe();
        host.Tell(new Attach("dan", "Dan", "s2", s2.Ref, Region: "lhr"));
        s2.FishForMessage<Attached>(_ => true);
        Assert.Equal(ErrorCodes.SessionReplaced, s1.FishForMessage<Ended>(_ => true).Code);

        Assert.Empty(_homes.SetHomeCalls);
        Assert.Empty(await _homes.HomesOfAsync(["dan"]));

        // It still writes to iad, and lhr has never heard of it.
        GiveAndSettle(host, "dan", 1);
        host.Tell(new Input("dan", "s2", "look", "still-iad", Soon), s2.Ref);
        _rooms.FishForMessage<RoomRequests.Look>(l => l.Ref == "still-iad");
        Assert.Contains((await Replay(EntityJournal.Primary, "character-dan")).Events, e => e.Payload is CharacterEvents.ItemPickedUp { TransferId: "t1" });
        Assert.Null(await LatestSnapshot(Lhr, "character-dan"));
        var lhr = await Replay(Lhr, "character-dan");
        Assert.Empty(lhr.Events);
        Assert.Equal(0, lhr.Highest);
        AssertOneWriterThroughout();
    }

    private static DateTimeOffset Soon => DateTimeOffset.UtcNow.AddMinutes(1);

    private static string TransferId(int i) => $"t{i}";

    private static string ItemId(int i) => $"tiny.hall/lantern/{i}";

    /// <summary>The host as a child of the shard probe, which receives what it passes on to its shard.</summary>
    private IActorRef StartHost(string id) => _shard.ChildActorOf(CharacterHost.Props(id, _options));

    /// <summary>Stops the host the way its shard does, letting the character finish its writes first.</summary>
    private void StopHost(IActorRef host)
    {
        Watch(host);
        host.Tell(StopEntity.Instance);
        ExpectTerminated(host, TimeSpan.FromSeconds(30));
        Unwatch(host);
    }

    private void Give(IActorRef host, string id, int i) =>
        host.Tell(new CharacterMessages.GiveItem(id, TransferId(i), new ItemInstance(ItemId(i), "lantern"), TinyWorld.Hall, null), _rooms.Ref);

    /// <summary>The room gives items, waits for the character to confirm each (it does once the item is durable), and closes the receipts.</summary>
    private void GiveAndSettle(IActorRef host, string id, params int[] items)
    {
        foreach (var i in items)
        {
            Give(host, id, i);
        }

        AwaitConfirmations(items);
        foreach (var i in items)
        {
            host.Tell(new CharacterMessages.CloseReceipt(id, TransferId(i)));
        }
    }

    private void AwaitConfirmations(IReadOnlyCollection<int> items)
    {
        var waiting = items.Select(TransferId).ToHashSet();
        while (waiting.Count > 0)
        {
            var confirm = _rooms.FishForMessage<RoomRequests.ConfirmTransfer>(c => waiting.Contains(c.TransferId), TimeSpan.FromSeconds(30));
            waiting.Remove(confirm.TransferId);
        }
    }

    /// <summary>Attaches a session to a character that exists and checks it is welcomed with exactly these items. (A
    /// character with nothing to write welcomes the session before saying it is attached, so both are awaited together.)</summary>
    private static void AttachExpectingInventory(IActorRef host, Attach attach, TestProbe session, params int[] items)
    {
        host.Tell(attach);
        string? inventory = null;
        var attached = false;
        while (inventory is null || !attached)
        {
            switch (session.ReceiveOne(TimeSpan.FromSeconds(30)))
            {
                case Attached:
                    attached = true;
                    break;
                case Output o when o.Frames.Any(f => f.Topic == Topics.InventoryAll):
                    inventory = o.Frames.Single(f => f.Topic == Topics.InventoryAll).Data;
                    break;
                case null:
                    throw new Xunit.Sdk.XunitException($"No welcome for {attach.SessionId} (attached: {attached})");
            }
        }

        foreach (var i in items)
        {
            Assert.Contains($"\"{ItemId(i)}\"", inventory);
        }

        Assert.Equal(items.Length, inventory.Split("tiny.hall/lantern/").Length - 1);
    }

    /// <summary>Events follow the snapshot with no gap and no repeat: one writer numbered them.</summary>
    private static void AssertNumberedAfter(long snapshotSequenceNr, (List<IPersistentRepresentation> Events, long Highest) journal)
    {
        var expected = Enumerable.Range(0, journal.Events.Count).Select(i => snapshotSequenceNr + 1 + i);
        Assert.Equal(expected, journal.Events.Select(e => e.SequenceNr));
        if (journal.Events.Count > 0)
        {
            Assert.Equal(snapshotSequenceNr + journal.Events.Count, journal.Highest);
        }
    }

    /// <summary>No incarnation failed a write (two writers collide on a sequence number), none asked its shard to stop it
    /// after a journal failure, and nothing was logged as an error.</summary>
    private void AssertOneWriterThroughout()
    {
        Assert.DoesNotContain(Drain(_shard), m => m is Passivate);
        Assert.Empty(Drain(_errors));
    }

    /// <summary>Everything already in the probe's queue.</summary>
    private static List<object> Drain(TestProbe probe)
    {
        var messages = new List<object>();
        while (probe.HasMessages)
        {
            messages.Add(probe.ReceiveOne(TimeSpan.Zero)!);
        }

        return messages;
    }

    /// <summary>The state a recovery from this journal would reach: the latest snapshot, then the events after it.</summary>
    private async Task<CharacterState> Recover(EntityJournal plugins, string persistenceId)
    {
        var snapshot = await LatestSnapshot(plugins, persistenceId);
        var state = snapshot?.Snapshot as CharacterState ?? CharacterState.Unborn(persistenceId["character-".Length..]);
        var journal = await Replay(plugins, persistenceId, (snapshot?.Metadata.SequenceNr ?? 0) + 1);
        return state.ApplyAll(journal.Events.Select(e => (ICharacterEvent)e.Payload));
    }

    private async Task<SelectedSnapshot?> LatestSnapshot(EntityJournal plugins, string persistenceId)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(plugins.SnapshotPluginId);
        var loaded = await store.Ask<LoadSnapshotResult>(new LoadSnapshot(persistenceId, SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(30));
        return loaded.Snapshot;
    }

    /// <summary>What a recovery would read: the events still in the journal from <paramref name="from"/>, and the highest sequence number.</summary>
    private Task<(List<IPersistentRepresentation> Events, long Highest)> Replay(EntityJournal plugins, string persistenceId, long from = 0) =>
        this.ReplayAsync(plugins.JournalPluginId, persistenceId, from);

    /// <summary>Homes in memory, thread-safe, recording every change.</summary>
    private sealed class InMemoryHomes : ICharacterHomes
    {
        private readonly ConcurrentDictionary<string, string> _homes = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<(string CharacterId, string Region)> _setHomeCalls = new();

        public IReadOnlyList<(string CharacterId, string Region)> SetHomeCalls => [.. _setHomeCalls];

        public Task<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> characterIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(characterIds
                .Where(_homes.ContainsKey)
                .ToDictionary(id => id, id => _homes[id], StringComparer.Ordinal));

        public Task SetHomeAsync(string characterId, string region, CancellationToken cancellationToken = default)
        {
            _setHomeCalls.Enqueue((characterId, region));
            _homes[characterId] = region;
            return Task.CompletedTask;
        }
    }
}
