using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;

namespace ExVenture.Domain.Characters;

/// <summary>A message for one character entity; <see cref="CharacterId"/> routes it to the right shard and entity.</summary>
public interface ICharacterMessage : IEntityMessage
{
    string CharacterId { get; }
}

/// <summary>What rooms and other characters send to a character.</summary>
public static class CharacterMessages
{
    /// <summary>Output for the character's player. <paramref name="FromRoomId"/> names the room that sent it, so a
    /// character that is no longer there (or no longer in the game) can tell the room to forget it.</summary>
    public sealed record Deliver(string CharacterId, IReadOnlyList<Frame> Frames, string? Ref, string? FromRoomId) : ICharacterMessage;

    /// <summary>A room hands over an item it has already taken off its floor (and keeps re-sending until confirmed).</summary>
    public sealed record GiveItem(string CharacterId, string TransferId, ItemInstance Item, string FromRoomId, string? Ref) : ICharacterMessage;

    /// <summary>A room has put a dropped item on its floor (or had already done so for this transfer id).</summary>
    public sealed record TransferAccepted(string CharacterId, string TransferId, string RoomId, string? Ref) : ICharacterMessage;

    /// <summary>The room has persisted that this character holds the item it gave, and will never send it again.</summary>
    public sealed record CloseReceipt(string CharacterId, string TransferId) : ICharacterMessage;

    /// <summary>A private message from another character, wherever either of them is; <paramref name="ToName"/> is the
    /// name as the sender typed it.</summary>
    public sealed record Tell(string CharacterId, string ToName, string FromCharacterId, string FromName, string Text, string? Ref) : ICharacterMessage;
}

public static class CharacterIds
{
    /// <summary>A character's entity id is its name in lower case: names are unique case-insensitively, and any
    /// node can then reach a character by name (tell, whisper) without a lookup.</summary>
    public static string FromName(string name) => name.Trim().ToLowerInvariant();
}
