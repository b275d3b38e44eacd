using System.Collections.Immutable;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Tests.Serialization;

/// <summary>One representative value of every persisted type, by manifest. The golden files hold what these
/// looked like when they were first written; they must deserialize to the same values forever.</summary>
public static class Samples
{
    private static readonly ItemInstance Lantern = new("harbor.quay/lantern/1", "lantern");
    private static readonly ItemInstance Rope = new("harbor.quay/rope/2", "rope");

    public static IReadOnlyDictionary<string, object> Persisted { get; } = new Dictionary<string, object>
    {
        ["ch.created"] = new CharacterEvents.Created("ada", "Ada", "harbor.quay", new Vitals(25, 25, 17, 17, 30, 30)),
        ["ch.moved"] = new CharacterEvents.Moved("harbor.quay", "harbor.lighthouse", Direction.Up),
        ["ch.item-picked-up"] = new CharacterEvents.ItemPickedUp("7f3c", Lantern, "harbor.quay"),
        ["ch.item-put-down"] = new CharacterEvents.ItemPutDown(new PendingTransfer("8a1d", Rope, "harbor.quay")),
        ["ch.transfer-confirmed"] = new CharacterEvents.TransferConfirmed("8a1d"),
        ["ch.receipt-closed"] = new CharacterEvents.ReceiptClosed("7f3c"),
        ["ch.snapshot"] = new CharacterState(
            "ada",
            "Ada",
            "harbor.quay",
            [Lantern],
            new Vitals(20, 25, 17, 17, 28, 30),
            new TransferLedger(
                ImmutableDictionary<string, PendingTransfer>.Empty.Add("8a1d", new PendingTransfer("8a1d", Rope, "harbor.quay")),
                ImmutableDictionary<string, string>.Empty.Add("7f3c", "harbor.quay"),
                ["5b2e"])),
        ["rm.occupant-entered"] = new RoomEvents.OccupantEntered("ada", "Ada"),
        ["rm.occupant-left"] = new RoomEvents.OccupantLeft("ada"),
        ["rm.item-taken"] = new RoomEvents.ItemTakenFromFloor(new PendingTransfer("7f3c", Lantern, "ada")),
        ["rm.transfer-confirmed"] = new RoomEvents.TransferConfirmed("7f3c"),
        ["rm.receipt-closed"] = new RoomEvents.ReceiptClosed("8a1d"),
        ["rm.item-left"] = new RoomEvents.ItemLeftOnFloor("8a1d", Rope, "ada"),
        ["rm.snapshot"] = new RoomState(
            "harbor.quay",
            ImmutableSortedDictionary<string, Occupant>.Empty.Add("ada", new Occupant("ada", "Ada")),
            [Rope],
            new TransferLedger(
                ImmutableDictionary<string, PendingTransfer>.Empty.Add("7f3c", new PendingTransfer("7f3c", Lantern, "ada")),
                ImmutableDictionary<string, string>.Empty.Add("8a1d", "ada"),
                ["4c9f"])),
    };
}
