using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Rooms;
using static ExVenture.Domain.Characters.CharacterMessages;
using static ExVenture.Domain.Tests.Characters.TestCharacters;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>The rules behind deleting a character: never with an item in transit, and an item that reaches the
/// character after it is gone goes back where it came from.</summary>
public sealed class CharacterDeletionTests
{
    [Fact]
    public void A_character_with_nothing_in_transit_may_be_deleted_whatever_it_carries()
    {
        var alice = Carrying(Alice(), Lantern);
        alice = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));

        Assert.Equal([Lantern], alice.Inventory);
        Assert.Null(alice.DeletionRefusal());
        Assert.Null(CharacterState.Unborn("zed").DeletionRefusal());
    }

    [Fact]
    public void A_character_whose_received_item_the_room_has_not_closed_may_not_be_deleted_yet()
    {
        var alice = Carrying(Alice(), Lantern);

        Assert.Contains("try again in a moment", alice.DeletionRefusal());

        alice = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));
        Assert.Null(alice.DeletionRefusal());
    }

    [Fact]
    public void A_character_whose_dropped_item_the_room_has_not_accepted_may_not_be_deleted_yet()
    {
        var alice = Carrying(Alice(), Lantern);
        alice = Run(alice, alice.Receive(new CloseReceipt("alice", "give-1"), Context()));
        alice = Run(alice, alice.Decide(new Cmd.Drop("lantern"), Context(), null));

        Assert.Contains("Alice", alice.DeletionRefusal());

        alice = Run(alice, alice.Receive(new TransferAccepted("alice", "drop-1", TestWorlds.Hall, null), Context()));
        Assert.Null(alice.DeletionRefusal());
    }

    [Fact]
    public void An_item_given_to_a_character_that_does_not_exist_is_confirmed_and_put_straight_back()
    {
        var nobody = CharacterState.Unborn("alice");

        var decision = nobody.Receive(new GiveItem("alice", "t1", Lantern, TestWorlds.Hall, "r1"), Context(online: false));

        Assert.Equal(
            [
                new CharacterEvents.ItemPickedUp("t1", Lantern, TestWorlds.Hall),
                new CharacterEvents.ItemPutDown(new PendingTransfer("drop-1", Lantern, TestWorlds.Hall)),
            ],
            decision.Events);
        Assert.Equal(
            [
                new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1"),
                new RoomRequests.PutItem(TestWorlds.Hall, "alice", "", "drop-1", Lantern, null),
            ],
            decision.Messages);
        Assert.Empty(decision.Output);

        var after = Run(nobody, decision);
        Assert.False(after.Exists);
        Assert.Empty(after.Inventory);

        var again = after.Receive(new GiveItem("alice", "t1", Lantern, TestWorlds.Hall, "r1"), Context(online: false));
        Assert.Empty(again.Events);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", "t1")], again.Messages);
    }

    [Fact]
    public void A_get_still_on_its_way_when_the_character_is_deleted_leaves_the_item_on_the_floor_and_the_name_with_nothing()
    {
        var net = new TransferNetwork();
        net.Arrive("alice", "Alice");
        net.Arrive("bob", "Bob");
        net.Drain();

        // Alice asks for the lantern; the hall takes it off its floor and gives it, but she is deleted before it arrives.
        net.Command("alice", new Cmd.Get("lantern"));
        net.DeliverWhere(m => m is RoomRequests.TakeItem);
        Assert.Single(net.InFlight, m => m is GiveItem);
        net.Delete("alice");
        net.Drain();

        Assert.Equal([$"floor of {TestWorlds.Hall}"], net.PlacesOf(Lantern.Id));
        Assert.Empty(net.Rooms[TestWorlds.Hall].Transfers.Outbox);
        Assert.Empty(net.Rooms[TestWorlds.Hall].Transfers.OpenReceipts);
        Assert.DoesNotContain("alice", net.Rooms[TestWorlds.Hall].Occupants.Keys);
        Assert.False(net.Characters["alice"].Exists);
        Assert.False(net.Characters["alice"].Transfers.Unsettled);

        // A new Alice starts in the start room with an empty pack, and can take the lantern like anyone else.
        net.Arrive("alice", "Alice");
        net.Drain();
        Assert.Equal(TestWorlds.Hall, net.Characters["alice"].RoomId);
        Assert.Empty(net.Characters["alice"].Inventory);
        net.Play("alice", new Cmd.Get("lantern"));
        Assert.Equal(["pack of alice"], net.PlacesOf(Lantern.Id));
    }
}
