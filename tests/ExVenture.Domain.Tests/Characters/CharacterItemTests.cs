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
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "t1")], decision.Messages);
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
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "t1")], again.Messages);
        Assert.Equal([Lantern], Run(alice, again).Inventory);
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

        Assert.Equal([new CharacterEvents.ItemPutDown(new PendingTransfer("d1", Lantern, TestWorlds.Hall))], decision.Events);
        Assert.Equal([Rope], after.Inventory);
        Assert.Equal(new PendingTransfer("d1", Lantern, TestWorlds.Hall), Assert.Single(after.Transfers.Outbox.Values));
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
    public void Second_acceptance_of_a_drop_does_nothing()
    {
        var alice = DroppedLantern();
        var accepted = new TransferAccepted("alice", "d1", TestWorlds.Hall, "r1");
        alice = Run(alice, alice.Receive(accepted, Context()));

        var again = alice.Receive(accepted, Context());

        Assert.Empty(again.Events);
        Assert.Empty(again.Output);
        Assert.Empty(again.Messages);
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

        var resent = alice.PendingDeliveries();

        Assert.Equal([new RoomRequests.PutItem(TestWorlds.Hall, "alice", "Alice", "d1", Lantern, null)], resent);
    }

    [Fact]
    public void Drop_is_put_again_into_the_room_it_was_dropped_in_even_after_walking_away()
    {
        var alice = Walked(DroppedLantern(), Direction.North);

        var resent = Assert.Single(alice.PendingDeliveries());

        Assert.Equal(TestWorlds.Hall, Assert.IsType<RoomRequests.PutItem>(resent).RoomId);
    }

    [Fact]
    public void Accepted_drop_is_not_put_again()
    {
        var alice = DroppedLantern();
        alice = Run(alice, alice.Receive(new TransferAccepted("alice", "d1", TestWorlds.Hall, null), Context()));

        Assert.Empty(alice.PendingDeliveries());
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
