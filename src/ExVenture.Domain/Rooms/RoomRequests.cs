using ExVenture.Domain.Items;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Rooms;

/// <summary>A message for one room entity; <see cref="RoomId"/> routes it to the right shard and entity.</summary>
public interface IRoomRequest : IEntityMessage
{
    string RoomId { get; }

    /// <summary>The character the request comes from; null for the few that do not name one.</summary>
    string? CharacterId { get; }
}

/// <summary>What characters ask of rooms. Every request names the character, so a room that lost track of an
/// occupant (after a crash) re-learns it from the occupant's next request.</summary>
public static class RoomRequests
{
    /// <param name="From">The side the character came in from (null: it appeared, e.g. entering the game).</param>
    public sealed record Enter(string RoomId, string CharacterId, string Name, Direction? From, string? Ref) : IRoomRequest;

    /// <param name="To">The way the character went (null: it left the game).</param>
    public sealed record Leave(string RoomId, string CharacterId, string Name, Direction? To) : IRoomRequest;

    public sealed record Look(string RoomId, string CharacterId, string Name, string? Ref) : IRoomRequest;

    public sealed record Say(string RoomId, string CharacterId, string Name, string Text, string? To, string? Ref) : IRoomRequest;

    public sealed record Whisper(string RoomId, string CharacterId, string Name, string Target, string Text, string? Ref) : IRoomRequest;

    public sealed record Emote(string RoomId, string CharacterId, string Name, string Text, string? Ref) : IRoomRequest;

    public sealed record TakeItem(string RoomId, string CharacterId, string Name, string Query, string? Ref) : IRoomRequest;

    public sealed record PutItem(string RoomId, string CharacterId, string Name, string TransferId, ItemInstance Item, string? Ref) : IRoomRequest;

    /// <summary>The character has persisted an item this room gave it: the room may forget the transfer.</summary>
    public sealed record ConfirmTransfer(string RoomId, string CharacterId, string TransferId) : IRoomRequest;

    /// <summary>The character has persisted that the room accepted its item and will never send it again.</summary>
    public sealed record CloseReceipt(string RoomId, string TransferId) : IRoomRequest
    {
        string? IRoomRequest.CharacterId => null;
    }
}
