using ExVenture.Domain.Items;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;
using static ExVenture.Domain.Tests.Rooms.RoomPresenceTests;

namespace ExVenture.Domain.Tests.Rooms;

/// <summary>The room's side of the transfer protocol: items leaving the floor for a character, and dropped items arriving.</summary>
public sealed class RoomItemTests
{
    private static readonly ItemInstance SeededLantern = new($"{TestWorlds.Hall}/{TestWorlds.Lantern}/1", TestWorlds.Lantern);

    [Fact]
    public void Taken_item_leaves_the_floor_and_waits_in_the_outbox()
    {
        var room = WithOccupants(("alice", "Alice"));

        var after = Run(room, Decide(room, Take("alice", "Alice", "lantern"), TestWorlds.TransferIds()));

        Assert.DoesNotContain(SeededLantern, after.Floor);
        var pending = Assert.Single(after.Transfers.Outbox.Values);
        Assert.Equal(new PendingTransfer("t1", SeededLantern, "alice"), pending);
    }

    [Fact]
    public void Taken_item_is_given_to_the_taker()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));

        var decision = Decide(room, Take("alice", "Alice", "lantern", "r1"), TestWorlds.TransferIds());

        var give = Assert.Single(decision.Messages.OfType<GiveItem>());
        Assert.Equal(new GiveItem("alice", "t1", SeededLantern, TestWorlds.Hall, "r1"), give);
        var seen = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("bob", seen.CharacterId);
        Assert.Equal("Alice picks up the brass lantern.", seen.Frames.Texts().Single());
    }

    [Theory]
    [InlineData("lantern")]
    [InlineData("lamp")]
    [InlineData("brass lantern")]
    [InlineData("  LAMP ")]
    public void Items_are_found_by_name_or_keyword(string query)
    {
        var room = WithOccupants(("alice", "Alice"));

        var decision = Decide(room, Take("alice", "Alice", query));

        Assert.Equal(SeededLantern, Assert.Single(decision.Messages.OfType<GiveItem>()).Item);
    }

    [Fact]
    public void Taking_an_unknown_item_is_answered()
    {
        var room = WithOccupants(("alice", "Alice"));

        var decision = Decide(room, Take("alice", "Alice", "sword", "r1"));

        Assert.Empty(decision.Events);
        var answer = Assert.Single(decision.Messages);
        Assert.Equal(new[] { "You don't see 'sword' here." }, Assert.IsType<Deliver>(answer).Frames.Texts());
        Assert.Equal("r1", ((Deliver)answer).Ref);
    }

    [Fact]
    public void Second_take_of_the_same_item_finds_nothing()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));
        var ids = TestWorlds.TransferIds();

        var first = Decide(room, Take("alice", "Alice", "lantern"), ids);
        room = Run(room, first);
        var second = Decide(room, Take("bob", "Bob", "lantern", "r2"), ids);

        var give = Assert.Single(first.Messages.Concat(second.Messages).OfType<GiveItem>());
        Assert.Equal("alice", give.CharacterId);
        Assert.Empty(second.Events);
        var answer = Assert.Single(second.Messages.OfType<Deliver>());
        Assert.Equal("bob", answer.CharacterId);
        Assert.Equal("You don't see 'lantern' here.", answer.Frames.Texts().Single());
    }

    [Fact]
    public void Each_of_several_alike_items_is_given_once()
    {
        var room = WithOccupants(("alice", "Alice"));
        var ids = TestWorlds.TransferIds();
        var given = new List<ItemInstance>();

        for (var i = 0; i < 4; i++)
        {
            var decision = Decide(room, Take("alice", "Alice", "coin"), ids);
            given.AddRange(decision.Messages.OfType<GiveItem>().Select(g => g.Item));
            room = Run(room, decision);
        }

        Assert.Equal(3, given.Count);
        Assert.Equal(3, given.Select(i => i.Id).Distinct().Count());
        Assert.All(given, i => Assert.Equal(TestWorlds.Coin, i.KindId));
    }

    [Fact]
    public void Confirming_a_transfer_clears_it_from_the_outbox()
    {
        var room = TakenByAlice();

        var decision = Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1"));

        Assert.Equal([new RoomEvents.TransferConfirmed("t1")], decision.Events);
        Assert.Empty(Run(room, decision).Transfers.Outbox);
    }

    [Fact]
    public void Confirming_a_transfer_closes_the_characters_receipt()
    {
        var room = TakenByAlice();

        var decision = Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1"));

        Assert.Equal([new CloseReceipt("alice", "t1")], decision.Messages);
    }

    [Fact]
    public void Second_confirmation_only_closes_the_receipt_again()
    {
        var room = TakenByAlice();
        room = Run(room, Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1")));

        var again = Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1"));

        Assert.Empty(again.Events);
        Assert.Equal([new CloseReceipt("alice", "t1")], again.Messages);
    }

    [Fact]
    public void Confirmation_of_an_unknown_transfer_only_closes_the_receipt()
    {
        var room = TakenByAlice();

        var decision = Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "bob", "t404"));

        Assert.Empty(decision.Events);
        Assert.Equal([new CloseReceipt("bob", "t404")], decision.Messages);
        Assert.Equal(["t1"], Run(room, decision).Transfers.Outbox.Keys);
    }

    [Fact]
    public void Unconfirmed_transfer_is_given_again_after_a_restart()
    {
        var room = TakenByAlice();

        var resent = room.PendingDeliveries().OfType<GiveItem>().ToList();

        Assert.Equal([new GiveItem("alice", "t1", SeededLantern, TestWorlds.Hall, null)], resent);
    }

    [Fact]
    public void Confirmed_transfer_is_not_given_again()
    {
        var room = TakenByAlice();
        room = Run(room, Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1")));

        Assert.Empty(room.PendingDeliveries().OfType<GiveItem>().ToList());
    }

    [Fact]
    public void Put_item_lands_on_the_floor_and_is_accepted()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));
        var rope = new ItemInstance("test.garden/rope/1", TestWorlds.Rope);

        var decision = Decide(room, Put("alice", "Alice", "d1", rope, "r1"));
        var after = Run(room, decision);

        Assert.Equal([new RoomEvents.ItemLeftOnFloor("d1", rope, "alice")], decision.Events);
        Assert.Single(after.Floor, i => i == rope);
        Assert.True(after.Transfers.HasReceived("d1"));
        Assert.Contains(new TransferAccepted("alice", "d1", TestWorlds.Hall, "r1"), decision.Messages);
        var seen = Assert.Single(decision.Messages.OfType<Deliver>());
        Assert.Equal("bob", seen.CharacterId);
        Assert.Equal("Alice drops the coil of rope.", seen.Frames.Texts().Single());
    }

    [Fact]
    public void Same_put_again_is_only_accepted()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));
        var rope = new ItemInstance("test.garden/rope/1", TestWorlds.Rope);
        room = Run(room, Decide(room, Put("alice", "Alice", "d1", rope, "r1")));

        var again = Decide(room, Put("alice", "Alice", "d1", rope, null));

        Assert.Empty(again.Events);
        Assert.Equal([new TransferAccepted("alice", "d1", TestWorlds.Hall, null)], again.Messages);
        Assert.Single(Run(room, again).Floor, i => i == rope);
    }

    [Fact]
    public void Put_from_a_character_no_longer_here_still_lands_silently()
    {
        var room = WithOccupants(("bob", "Bob"));
        var rope = new ItemInstance("test.garden/rope/1", TestWorlds.Rope);

        var decision = Decide(room, Put("alice", "Alice", "d1", rope, null));

        Assert.Equal([new RoomEvents.ItemLeftOnFloor("d1", rope, "alice")], decision.Events);
        Assert.Equal([new TransferAccepted("alice", "d1", TestWorlds.Hall, null)], decision.Messages);
        Assert.DoesNotContain("alice", Run(room, decision).Occupants.Keys);
    }

    [Fact]
    public void Put_item_opens_a_receipt()
    {
        var room = WithOccupants(("alice", "Alice"));

        var after = Run(room, Decide(room, Put("alice", "Alice", "d1", RopeFromGarden, null)));

        Assert.Empty(room.Transfers.OpenReceipts);
        Assert.Equal(["d1"], after.Transfers.OpenReceipts.Keys);
    }

    [Fact]
    public void Close_receipt_closes_an_open_receipt()
    {
        var room = RopePutByAlice();

        var decision = Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1"));
        var after = Run(room, decision);

        Assert.Equal([new RoomEvents.ReceiptClosed("d1")], decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Empty(after.Transfers.OpenReceipts);
        Assert.True(after.Transfers.HasReceived("d1"), "a closed receipt is still recognised, for copies already on their way");
        Assert.Equal(["d1"], after.Transfers.RecentlyClosed);
        Assert.Single(after.Floor, i => i == RopeFromGarden);
    }

    [Fact]
    public void An_open_receipt_is_confirmed_again_after_a_restart_until_the_giver_closes_it()
    {
        var room = RopePutByAlice();

        Assert.Equal([new TransferAccepted("alice", "d1", TestWorlds.Hall, null)], room.PendingDeliveries());

        var closed = Run(room, Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")));
        Assert.Empty(closed.PendingDeliveries());
        Assert.False(closed.Transfers.Unsettled);
    }

    [Fact]
    public void Close_receipt_closes_only_the_receipt_it_names()
    {
        var room = RopePutByAlice();
        room = Run(room, Decide(room, Put("bob", "Bob", "b1", new ItemInstance("gem/1", TestWorlds.Coin), null)));

        var after = Run(room, Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "b1")));

        Assert.Equal(["d1"], after.Transfers.OpenReceipts.Keys);
    }

    [Fact]
    public void Close_receipt_for_an_unknown_transfer_does_nothing()
    {
        var room = RopePutByAlice();

        var decision = Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d404"));

        Assert.Same(RoomDecision.Nothing, decision);
        Assert.Equal(["d1"], Run(room, decision).Transfers.OpenReceipts.Keys);
    }

    [Fact]
    public void Close_receipt_naming_one_of_its_own_gives_does_nothing()
    {
        var room = TakenByAlice();

        var decision = Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "t1"));

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Equal(["t1"], Run(room, decision).Transfers.Outbox.Keys);
    }

    [Fact]
    public void Second_close_receipt_does_nothing()
    {
        var room = RopePutByAlice();
        room = Run(room, Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")));

        var again = Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1"));

        Assert.Empty(again.Events);
        Assert.Empty(again.Messages);
    }

    [Fact]
    public void Same_put_again_after_the_item_was_taken_is_only_accepted()
    {
        var room = RopePutByAlice();
        room = Run(room, Decide(room, Take("bob", "Bob", "rope"), TestWorlds.TransferIds()));
        Assert.DoesNotContain(room.Floor, i => i == RopeFromGarden);

        var again = Decide(room, Put("alice", "Alice", "d1", RopeFromGarden, null));

        Assert.Empty(again.Events);
        Assert.Equal([new TransferAccepted("alice", "d1", TestWorlds.Hall, null)], again.Messages);
        Assert.DoesNotContain(Run(room, again).Floor, i => i == RopeFromGarden);
    }

    [Fact]
    public void Receipts_stay_open_however_many_items_arrive_after_them()
    {
        var room = RopePutByAlice();
        for (var n = 1; n <= 600; n++)
        {
            room = Run(room, Decide(room, Put("bob", "Bob", $"b{n}", new ItemInstance($"gem/{n}", TestWorlds.Coin), null)));
            room = Run(room, Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, $"b{n}")));
        }

        Assert.Equal(["d1"], room.Transfers.OpenReceipts.Keys);
        var again = Decide(room, Put("alice", "Alice", "d1", RopeFromGarden, null));
        Assert.Empty(again.Events);
        Assert.Equal([new TransferAccepted("alice", "d1", TestWorlds.Hall, null)], again.Messages);
    }

    [Fact]
    public void Receipts_are_only_closed_by_close_receipt()
    {
        var room = RopePutByAlice();
        var ids = TestWorlds.TransferIds();
        room = Run(room, Decide(room, Take("bob", "Bob", "rope"), ids));
        room = Run(room, Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "bob", "t1")));
        room = Run(room, Decide(room, new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "d1")));
        room = Run(room, Decide(room, new RoomRequests.Leave(TestWorlds.Hall, "alice", "Alice", Direction.North)));

        Assert.Equal(["d1"], room.Transfers.OpenReceipts.Keys);
        room = Run(room, Decide(room, new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")));
        Assert.Empty(room.Transfers.OpenReceipts);
    }

    [Fact]
    public void Initial_state_seeds_the_items_the_world_places()
    {
        var room = RoomState.Initial(TestWorlds.Small.Room(TestWorlds.Hall));

        Assert.Equal(
            [
                new ItemInstance("test.hall/lantern/1", TestWorlds.Lantern),
                new ItemInstance("test.hall/coin/1", TestWorlds.Coin),
                new ItemInstance("test.hall/coin/2", TestWorlds.Coin),
                new ItemInstance("test.hall/coin/3", TestWorlds.Coin),
            ],
            room.Floor);
        Assert.Empty(room.Occupants);
        Assert.Empty(room.Transfers.Outbox);
        Assert.Empty(room.Transfers.OpenReceipts);
    }

    [Fact]
    public void Seeded_instance_ids_are_stable_and_unique_across_the_world()
    {
        var first = TestWorlds.Small.Rooms.SelectMany(r => RoomState.Initial(r).Floor).Select(i => i.Id).ToList();
        var second = TestWorlds.Small.Rooms.SelectMany(r => RoomState.Initial(r).Floor).Select(i => i.Id).ToList();

        Assert.Equal(first, second);
        Assert.Equal(5, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    private static readonly ItemInstance RopeFromGarden = new($"{TestWorlds.Garden}/{TestWorlds.Rope}/1", TestWorlds.Rope);

    private static RoomState RopePutByAlice()
    {
        var room = WithOccupants(("alice", "Alice"), ("bob", "Bob"));
        return Run(room, Decide(room, Put("alice", "Alice", "d1", RopeFromGarden, null)));
    }

    private static RoomState TakenByAlice()
    {
        var room = WithOccupants(("alice", "Alice"));
        return Run(room, Decide(room, Take("alice", "Alice", "lantern"), TestWorlds.TransferIds()));
    }

    private static RoomRequests.TakeItem Take(string id, string name, string query, string? commandRef = null) =>
        new(TestWorlds.Hall, id, name, query, commandRef);

    private static RoomRequests.PutItem Put(string id, string name, string transferId, ItemInstance item, string? commandRef) =>
        new(TestWorlds.Hall, id, name, transferId, item, commandRef);
}
