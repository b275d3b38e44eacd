using ExVenture.Domain.Items;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Characters;

/// <summary>Marker for everything a character persists. Each type has a stable manifest in the serializer and a golden sample in tests.</summary>
public interface ICharacterEvent;

public sealed record Vitals(int Health, int MaxHealth, int Skill, int MaxSkill, int Endurance, int MaxEndurance)
{
    public static Vitals Starting { get; } = new(25, 25, 17, 17, 30, 30);
}

public static class CharacterEvents
{
    public sealed record Created(string CharacterId, string Name, string RoomId, Vitals Vitals) : ICharacterEvent;

    /// <param name="Direction">The exit taken; null when the character was relocated (its room left the world).</param>
    public sealed record Moved(string FromRoomId, string ToRoomId, Direction? Direction) : ICharacterEvent;

    public sealed record ItemPickedUp(string TransferId, ItemInstance Item, string FromRoomId) : ICharacterEvent;

    /// <summary>The item left the pack for a room's floor; it stays in the outbox until the room accepts it.</summary>
    public sealed record ItemPutDown(PendingTransfer Transfer) : ICharacterEvent;

    public sealed record TransferConfirmed(string TransferId) : ICharacterEvent;

    /// <summary>The room that gave us an item has confirmed it will not send that transfer again.</summary>
    public sealed record ReceiptClosed(string TransferId) : ICharacterEvent;
}
