using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;
using static ExVenture.Domain.Tests.Characters.TestCharacters;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>The character's side of the transfer protocol: picking items up, dropping them, the inventory.</summary>
public sealed class CharacterItemTests
{
    [Fact]
    public void Get_asks_the_current_room_for_the_item()
    {
        var alice = Walked(Alice(), Direction.North);

        var decision = alice.Decide(new Cmd.Get("rope"), Context(), "r1");

        Assert.Empty(decision.Events);
        Assert.Equal([new RoomRequests.TakeItem(TestWorlds.Garden, "alice", "Alice", "rope", "r1")], decision.Messages);
    }

    [Fact]
    public void Given_item_is_picked_up_and_confirmed()
    {
        var alice = Alice();

        var decision = alice.Receive(new GiveItem("alice", "t1", Lantern, TestWorlds.Hall, "r1"), Context());

        Assert.Equal([new CharacterEvents.ItemPickedUp("t1", Lantern, TestWorlds.Hall)], decision.Events);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1")], decision.Messages);
        Assert.Equal("You pick up the brass lantern.", decision.Output[0].Text());
        Assert.Equal([Lantern.Id], decision.Output.Single(f => f.Topic == Topics.InventoryAll).ItemIds());
        Assert.Equal([Lantern], Run(alice, decision).Inventory);
    }

    [Fact]
    public void Same_item_given_again_is_only_confirmed()
    {
        var alice = Alice();
        var give = new GiveItem("alice", "t1", Lantern, TestWorlds.Hall, "r1");
        alice = Run(alice, alice.Receive(give, Context()));

        var again = alice.Receive(give, Context());

        Assert.Empty(again.Events);
        Assert.Empty(again.Output);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1")], again.Messages);
        Assert.Equal([Lantern], Run(alice, again).Inventory);
    }

    [Fact]
    public void Given_item_opens_a_receipt()
    {
        var alice = Alice();

        var after = Run(alice, alice.Receive(new GiveItem("alice", "t1", Lantern, TestWorlds.Hall, null), Context()));

        Assert.Empty(alice.Transfers.OpenReceipts);
        Assert.Equal(["t1"], after.Transfers.OpenReceipts.Keys);
        Assert.True(after.Transfers.HasReceived("t1"));
    }

    [Fact]
    public void Same_item_given_again_after_it_was_dropped_is_not_picked_up_again()
    {
        var alice = Carrying(Alice(), Lantern);
        alice = Run(alice, alice.Decide(new Cmd.Drop("lantern"), Context(transferIds: TestWorlds.TransferIds("d")), null));
        alice = Run(alice, alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, null), Context()));
        Assert.Empty(alice.Inventory);

        var again = alice.Receive(new GiveItem("alice", "give-1", Lantern, TestWorlds.Hall, null), Context());

        Assert.Empty(again.Events);
        Assert.Empty(again.Output);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "give-1")], again.Messages);
    }

    [Fact]
    public void An_open_receipt_is_confirmed_again_after_a_restart_until_the_room_closes_it()
    {
        var alice = Carrying(Alice(), Lantern);

        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "give-1")], alice.PendingDeliveries());

        var closed = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));
        Assert.Empty(closed.PendingDeliveries());
        Assert.False(closed.Transfers.Unsettled);
    }

    [Fact]
    public void Close_receipt_closes_an_open_receipt()
    {
        var alice = Carrying(Alice(), Lantern);

        var decision = alice.Receive(new CloseReceipt("alice", "give-1"), Context());
        var after = Run(alice, decision);

        Assert.Equal([new CharacterEvents.ReceiptClosed("give-1")], decision.Events);
        Assert.Empty(decision.Output);
        Assert.Empty(decision.Messages);
        Assert.Empty(after.Transfers.OpenReceipts);
        Assert.True(after.Transfers.HasReceived("give-1"), "a closed receipt is still recognised, for copies already on their way");
        Assert.Equal(["give-1"], after.Transfers.RecentlyClosed);
        Assert.Equal([Lantern], after.Inventory);
    }

    [Fact]
    public void Close_receipt_closes_only_the_receipt_it_names()
    {
        var alice = Carrying(Alice(), Lantern, Rope);

        var after = Run(alice, alice.Receive(new CloseReceipt("alice", "give-2"), Context()));

        Assert.Equal(["give-1"], after.Transfers.OpenReceipts.Keys);
        Assert.Equal([Lantern, Rope], after.Inventory);
    }

    [Fact]
    public void Close_receipt_for_an_unknown_transfer_does_nothing()
    {
        var alice = Carrying(Alice(), Lantern);

        var decision = alice.Receive(new CloseReceipt("alice", "t404"), Context());

        Assert.Same(CharacterDecision.Nothing, decision);
        Assert.Equal(["give-1"], Run(alice, decision).Transfers.OpenReceipts.Keys);
    }

    [Fact]
    public void Close_receipt_naming_one_of_its_own_drops_does_nothing()
    {
        var alice = DroppedLantern();

        var decision = alice.Receive(new CloseReceipt("alice", "d1"), Context());

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Equal(["d1"], Run(alice, decision).Transfers.Outbox.Keys);
    }

    [Fact]
    public void Second_close_receipt_does_nothing()
    {
        var alice = Carrying(Alice(), Lantern);
        alice = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));

        var again = alice.Receive(new CloseReceipt("alice", "give-1"), Context());

        Assert.Empty(again.Events);
        Assert.Empty(again.Messages);
    }

    [Fact]
    public void Receipts_stay_open_however_many_items_arrive_after_them()
    {
        var alice = Carrying(Alice(), Lantern);
        for (var n = 1; n <= 600; n++)
        {
            var give = new GiveItem("alice", $"later-{n}", new ItemInstance($"gem/{n}", TestWorlds.Coin), TestWorlds.Hall, null);
            alice = Run(alice, alice.Receive(give, Context()));
            alice = Run(alice, alice.Receive(new CloseReceipt("alice", $"later-{n}"), Context()));
        }

        Assert.Equal(["give-1"], alice.Transfers.OpenReceipts.Keys);
        var again = alice.Receive(new GiveItem("alice", "give-1", Lantern, TestWorlds.Hall, null), Context());
        Assert.Empty(again.Events);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "give-1")], again.Messages);
        Assert.Single(Run(alice, again).Inventory, i => i == Lantern);
    }

    [Fact]
    public void Receipts_are_only_closed_by_close_receipt()
    {
        var alice = Carrying(Alice(), Lantern);
        var give = new GiveItem("alice", "give-1", Lantern, TestWorlds.Hall, null);
        alice = Run(alice, alice.Receive(give, Context()));
        alice = Run(alice, alice.Decide(new Cmd.Drop("lantern"), Context(transferIds: TestWorlds.TransferIds("d")), null));
        alice = Run(alice, alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, null), Context()));
        alice = Walked(alice, Direction.North, Direction.South);

        Assert.Equal(["give-1"], alice.Transfers.OpenReceipts.Keys);
        alice = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));
        Assert.Empty(alice.Transfers.OpenReceipts);
    }

    [Fact]
    public void Dropping_what_is_not_carried_is_answered()
    {
        var alice = Carrying(Alice(), Lantern);

        var decision = alice.Decide(new Cmd.Drop("rope"), Context(), "r1");

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Messages);
        Assert.Equal("You aren't carrying 'rope'.", decision.Output.Single().Text());
    }

    [Fact]
    public void Dropped_item_leaves_the_pack_for_the_outbox()
    {
        var alice = Carrying(Alice(), Lantern, Rope);

        var decision = alice.Decide(new Cmd.Drop("lamp"), Context(transferIds: TestWorlds.TransferIds("d")), "r1");
        var after = Run(alice, decision);

        Assert.Equal([new CharacterEvents.ItemPutDown(new PendingTransfer("d1", Lantern, TestWorlds.Hall, "r1"))], decision.Events);
        Assert.Equal([Rope], after.Inventory);
        Assert.Equal(new PendingTransfer("d1", Lantern, TestWorlds.Hall, "r1"), Assert.Single(after.Transfers.Outbox.Values));
    }

    [Fact]
    public void Dropped_item_is_put_into_the_current_room()
    {
        var alice = Walked(Carrying(Alice(), Lantern), Direction.Up);

        var decision = alice.Decide(new Cmd.Drop("lantern"), Context(transferIds: TestWorlds.TransferIds("d")), "r1");

        Assert.Equal([new RoomRequests.PutItem(TestWorlds.Attic, "alice", "Alice", "d1", Lantern, "r1")], decision.Messages);
    }

    [Fact]
    public void Accepted_drop_is_confirmed_and_reported()
    {
        var alice = DroppedLantern();

        var decision = alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, "r1"), Context());

        Assert.Equal([new CharacterEvents.TransferConfirmed("d1")], decision.Events);
        Assert.Equal("You drop the brass lantern.", decision.Output[0].Text());
        Assert.Empty(decision.Output.Single(f => f.Topic == Topics.InventoryAll).ItemIds());
        Assert.Empty(Run(alice, decision).Transfers.Outbox);
    }

    [Fact]
    public void Accepted_drop_closes_the_rooms_receipt()
    {
        var alice = DroppedLantern();

        var decision = alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, "r1"), Context());

        Assert.Equal([new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")], decision.Messages);
    }

    [Fact]
    public void Acceptance_is_closed_at_the_room_the_drop_went_to_even_after_walking_away()
    {
        var alice = Walked(DroppedLantern(), Direction.North);

        var decision = alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, null), Context());

        Assert.Equal([new CharacterEvents.TransferConfirmed("d1")], decision.Events);
        Assert.Equal([new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")], decision.Messages);
    }

    [Fact]
    public void Second_acceptance_of_a_drop_only_closes_the_receipt_again()
    {
        var alice = DroppedLantern();
        var accepted = new TransferAccepted("alice", "d1", TestWorlds.Hall, "r1");
        alice = Run(alice, alice.Receive(accepted, Context()));

        var again = alice.Receive(accepted, Context());

        Assert.Empty(again.Events);
        Assert.Empty(again.Output);
        Assert.Equal([new RoomRequests.CloseReceipt(TestWorlds.Hall, "d1")], again.Messages);
    }

    [Fact]
    public void Acceptance_of_a_drop_never_made_only_closes_the_receipt()
    {
        var alice = Carrying(Alice(), Lantern);

        var decision = alice.Receive(new TransferAccepted("alice", "d9", TestWorlds.Garden, null), Context());

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Output);
        Assert.Equal([new RoomRequests.CloseReceipt(TestWorlds.Garden, "d9")], decision.Messages);
    }

    [Fact]
    public void Acceptance_confirms_only_the_drop_it_names()
    {
        var alice = Carrying(Alice(), Lantern, Rope);
        var ids = TestWorlds.TransferIds("d");
        alice = Run(alice, alice.Decide(new Cmd.Drop("lantern"), Context(transferIds: ids), "r1"));
        alice = Run(alice, alice.Decide(new Cmd.Drop("rope"), Context(transferIds: ids), "r2"));

        var decision = alice.Receive(new TransferAccepted("alice", "d2", TestWorlds.Hall, "r2"), Context());

        Assert.Equal([new CharacterEvents.TransferConfirmed("d2")], decision.Events);
        Assert.Equal("You drop the coil of rope.", decision.Output[0].Text());
        Assert.Equal(["d1"], Run(alice, decision).Transfers.Outbox.Keys);
    }

    [Fact]
    public void Unaccepted_drop_is_put_again_after_a_restart()
    {
        var alice = DroppedLantern();

        var resent = alice.PendingDeliveries().OfType<RoomRequests.PutItem>().ToList();

        // The re-send carries the ref of the 'drop' command, so its late answer still answers that command.
        Assert.Equal([new RoomRequests.PutItem(TestWorlds.Hall, "alice", "Alice", "d1", Lantern, "r1")], resent);
    }

    [Fact]
    public void Drop_is_put_again_into_the_room_it_was_dropped_in_even_after_walking_away()
    {
        var alice = Walked(DroppedLantern(), Direction.North);

        var resent = Assert.Single(alice.PendingDeliveries().OfType<RoomRequests.PutItem>().ToList());

        Assert.Equal(TestWorlds.Hall, Assert.IsType<RoomRequests.PutItem>(resent).RoomId);
    }

    [Fact]
    public void Accepted_drop_is_not_put_again()
    {
        var alice = DroppedLantern();
        alice = Run(alice, alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, null), Context()));

        Assert.Empty(alice.PendingDeliveries().OfType<RoomRequests.PutItem>().ToList());
    }

    [Fact]
    public void Empty_inventory_is_shown_as_nothing()
    {
        var decision = Alice().Decide(new Cmd.ShowInventory(), Context(), "r1");

        Assert.Empty(decision.Output[0].ItemIds());
        Assert.Equal(Topics.InventoryAll, decision.Output[0].Topic);
        Assert.Equal("You are carrying nothing.", decision.Output[1].Text());
    }

    [Fact]
    public void Inventory_lists_what_is_carried()
    {
        var alice = Carrying(Alice(), Lantern, Rope);

        var decision = alice.Decide(new Cmd.ShowInventory(), Context(), "r1");

        Assert.Equal([Lantern.Id, Rope.Id], decision.Output[0].ItemIds());
        Assert.Equal("You are carrying: brass lantern and coil of rope.", decision.Output[1].Text());
        Assert.Empty(decision.Events);
    }

    private static CharacterState DroppedLantern()
    {
        var alice = Carrying(Alice(), Lantern);
        return Run(alice, alice.Decide(new Cmd.Drop("lantern"), Context(transferIds: TestWorlds.TransferIds("d")), "r1"));
    }
}
