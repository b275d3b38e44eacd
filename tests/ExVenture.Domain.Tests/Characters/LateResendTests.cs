using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>
/// Regression: a receiver used to remember only its last 512 transfer ids, so a giver that re-sent a transfer after
/// the receiver had taken more than 512 others got the item added a second time. A receipt now stays open until
/// the giver closes it, however many transfers come after.
/// </summary>
public sealed class LateResendTests
{
    /// <summary>More than the 512 transfer ids a receiver used to remember.</summary>
    private const int OtherTransfers = 600;

    private static readonly string LanternId = TestCharacters.Lantern.Id;

    [Fact]
    public void Drop_re_sent_after_hundreds_of_other_drops_does_not_put_a_second_lantern_on_the_floor()
    {
        var net = new TransferNetwork();
        net.Arrive("alice", "Alice");
        net.Arrive("bob", "Bob");
        net.Drain();
        net.Play("alice", new Cmd.Get("lantern"));
        Assert.Equal([LanternId], net.Characters["alice"].Inventory.Select(i => i.Id));

        // Alice drops the lantern; the hall persists it and answers, but Alice stops before handling the answer.
        net.Command("alice", new Cmd.Drop("lantern"));
        var put = Assert.IsType<RoomRequests.PutItem>(Assert.Single(net.InFlight));
        var d0 = put.TransferId;
        net.DeliverWhere(m => ReferenceEquals(m, put));
        Assert.IsType<TransferAccepted>(Assert.Single(net.InFlight, m => m is TransferAccepted));
        net.Crash("alice");
        Assert.Contains(d0, net.Rooms[TestWorlds.Hall].Transfers.OpenReceipts);

        // Bob picks the lantern up; then the hall takes in many other drops, each closed normally.
        net.Play("bob", new Cmd.Get("lantern"));
        Assert.Equal([LanternId], net.Characters["bob"].Inventory.Select(i => i.Id));
        var journalBefore = net.RoomJournal(TestWorlds.Hall).Count;
        for (var n = 1; n <= OtherTransfers; n++)
        {
            var porter = $"porter{n}";
            net.Arrive(porter, $"Porter{n}");
            net.Drain();
            net.Play(porter, new Cmd.Get("coin"), new Cmd.Drop("coin"), new Cmd.Quit());
            Assert.Empty(net.Characters[porter].Transfers.Outbox);
        }

        var later = net.RoomJournal(TestWorlds.Hall).Skip(journalBefore).ToList();
        Assert.Equal(OtherTransfers, later.OfType<RoomEvents.ItemLeftOnFloor>().Count());
        Assert.Equal(OtherTransfers, later.OfType<RoomEvents.ReceiptClosed>().Count());
        Assert.Equal([d0], net.Rooms[TestWorlds.Hall].Transfers.OpenReceipts.Keys);

        // Alice recovers and puts the lantern again: the hall recognises the transfer and only accepts it.
        net.Recover("alice");
        var resent = Assert.IsType<RoomRequests.PutItem>(Assert.Single(net.InFlight));
        Assert.Equal(d0, resent.TransferId);
        var hallPersisted = net.DeliverWhere(m => ReferenceEquals(m, resent));

        Assert.Empty(hallPersisted);
        Assert.DoesNotContain(net.Rooms[TestWorlds.Hall].Floor, i => i.Id == LanternId);
        Assert.Equal([new TransferAccepted("alice", d0, TestWorlds.Hall, null)], net.InFlight);

        // The acceptance and the close complete the transfer; the receipt ends closed.
        var alicePersisted = net.DeliverWhere(m => m is TransferAccepted);
        Assert.Equal([new CharacterEvents.TransferConfirmed(d0)], alicePersisted);
        Assert.Equal([new RoomRequests.CloseReceipt(TestWorlds.Hall, d0)], net.InFlight);
        var closed = net.DeliverWhere(m => m is RoomRequests.CloseReceipt);
        Assert.Equal([new RoomEvents.ReceiptClosed(d0)], closed);

        Assert.Empty(net.InFlight);
        Assert.Empty(net.Rooms[TestWorlds.Hall].Transfers.OpenReceipts);
        Assert.Empty(net.Rooms[TestWorlds.Hall].Transfers.Outbox);
        Assert.Empty(net.Characters["alice"].Transfers.Outbox);
        Assert.Empty(net.Characters["alice"].Inventory);
        Assert.Equal(["pack of bob"], net.PlacesOf(LanternId));
    }

    [Fact]
    public void Give_re_sent_after_hundreds_of_other_gives_does_not_put_a_second_lantern_in_the_pack()
    {
        var net = new TransferNetwork();
        net.Arrive("alice", "Alice");
        net.Arrive("bob", "Bob");
        net.Drain();

        // The hall gives Alice the lantern; Alice persists it and confirms, but the hall stops before handling that.
        net.Command("alice", new Cmd.Get("lantern"));
        net.DeliverWhere(m => m is RoomRequests.TakeItem);
        var give = Assert.Single(net.InFlight.OfType<GiveItem>());
        var t0 = give.TransferId;
        net.DeliverWhere(m => ReferenceEquals(m, give));
        Assert.Single(net.InFlight.OfType<RoomRequests.ConfirmTransfer>());
        net.Crash(TestWorlds.Hall);
        Assert.Contains(t0, net.Characters["alice"].Transfers.OpenReceipts);

        // Alice leaves the lantern in the garden and Bob picks it up there.
        net.Play("alice", new Cmd.Move(Direction.North), new Cmd.Drop("lantern"));
        net.Play("bob", new Cmd.Move(Direction.North), new Cmd.Get("lantern"));
        Assert.Equal([LanternId], net.Characters["bob"].Inventory.Select(i => i.Id));
        Assert.Empty(net.Characters["alice"].Inventory);

        // Alice then takes many other items from another room, each closed normally.
        var journalBefore = net.CharacterJournal("alice").Count;
        for (var n = 1; n <= OtherTransfers; n++)
        {
            net.Play("alice", new Cmd.Get("rope"), new Cmd.Drop("rope"));
        }

        var later = net.CharacterJournal("alice").Skip(journalBefore).ToList();
        Assert.Equal(OtherTransfers, later.OfType<CharacterEvents.ItemPickedUp>().Count());
        Assert.Equal(OtherTransfers, later.OfType<CharacterEvents.ReceiptClosed>().Count());
        Assert.Equal([t0], net.Characters["alice"].Transfers.OpenReceipts.Keys);

        // The hall recovers and gives the lantern again: Alice recognises the transfer and only confirms it.
        net.Recover(TestWorlds.Hall);
        var resent = Assert.IsType<GiveItem>(Assert.Single(net.InFlight));
        Assert.Equal(t0, resent.TransferId);
        var alicePersisted = net.DeliverWhere(m => ReferenceEquals(m, resent));

        Assert.Empty(alicePersisted);
        Assert.DoesNotContain(net.Characters["alice"].Inventory, i => i.Id == LanternId);
        Assert.Equal([new RoomRequests.ConfirmTransfer(TestWorlds.Hall, "alice", t0)], net.InFlight);

        // The confirmation and the close complete the transfer; the receipt ends closed.
        var hallPersisted = net.DeliverWhere(m => m is RoomRequests.ConfirmTransfer);
        Assert.Equal([new RoomEvents.TransferConfirmed(t0)], hallPersisted);
        Assert.Equal([new CloseReceipt("alice", t0)], net.InFlight);
        var closed = net.DeliverWhere(m => m is CloseReceipt);
        Assert.Equal([new CharacterEvents.ReceiptClosed(t0)], closed);

        Assert.Empty(net.InFlight);
        Assert.Empty(net.Characters["alice"].Transfers.OpenReceipts);
        Assert.Empty(net.Rooms[TestWorlds.Hall].Transfers.Outbox);
        Assert.Empty(net.Rooms[TestWorlds.Garden].Transfers.OpenReceipts);
        Assert.Equal(["pack of bob"], net.PlacesOf(LanternId));
        Assert.Equal(["floor of test.garden"], net.PlacesOf(TestCharacters.Rope.Id));
    }
}
