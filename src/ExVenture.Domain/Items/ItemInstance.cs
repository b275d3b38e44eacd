namespace ExVenture.Domain.Items;

/// <summary>
/// One concrete item in the world. <see cref="Id"/> is unique for all time, so "is this item duplicated?"
/// is a question with a definite answer: an instance id is held by exactly one floor or one pack, or is in transit
/// in exactly one sender's outbox.
/// </summary>
public sealed record ItemInstance(string Id, string KindId)
{
    /// <summary>Instance ids for the items a room starts with: stable, so every node seeds a room identically.</summary>
    public static ItemInstance Seeded(string roomId, string kindId, int ordinal) => new($"{roomId}/{kindId}/{ordinal}", kindId);
}
