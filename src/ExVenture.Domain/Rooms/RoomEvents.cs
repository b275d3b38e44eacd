using ExVenture.Domain.Items;

namespace ExVenture.Domain.Rooms;

/// <summary>Marker for everything a room persists. Each type has a stable manifest in the serializer and a golden sample in tests.</summary>
public interface IRoomEvent;

public static class RoomEvents
{
    public sealed record OccupantEntered(string CharacterId, string Name) : IRoomEvent;

    public sealed record OccupantLeft(string CharacterId) : IRoomEvent;

    /// <summary>An item left the floor for a character's hands; it stays in the outbox until the character confirms.</summary>
    public sealed record ItemTakenFromFloor(PendingTransfer Transfer) : IRoomEvent;

    public sealed record TransferConfirmed(string TransferId) : IRoomEvent;

    /// <summary>The character that gave us an item has confirmed it will not send that transfer again.</summary>
    public sealed record ReceiptClosed(string TransferId) : IRoomEvent;

    /// <summary>A character's dropped item arrived on the floor.</summary>
    public sealed record ItemLeftOnFloor(string TransferId, ItemInstance Item, string FromCharacterId) : IRoomEvent;
}
