using Akka.Actor;
using ExVenture.Actors.Serialization;
using ExVenture.Domain.Characters;

namespace ExVenture.Actors.Characters;

/// <summary>
/// Deleting a character, journal and all, so that a new character of the same name starts from nothing (entity ids
/// are names). The character ends its session, leaves its room, deletes its snapshots and events, and stops; the next
/// message for that name starts an unborn incarnation. Sent through the character shard region, answered to the sender.
/// </summary>
public static class CharacterDeletion
{
    /// <summary>Deletes the character: answered with <see cref="CharacterDeleted"/> (also for a character that never
    /// existed, or was deleted before) or <see cref="CharacterDeletionFailed"/>. Safe to send again.</summary>
    public sealed record DeleteCharacter(string CharacterId) : ICharacterMessage;

    /// <summary>What a <see cref="DeleteCharacter"/> is answered with.</summary>
    public abstract record Reply(string CharacterId) : IWireMessage;

    /// <summary>The character's journal and snapshots are gone; the name starts afresh.</summary>
    public sealed record CharacterDeleted(string CharacterId) : Reply(CharacterId);

    /// <summary>Nothing was deleted, or too little to matter: the character is as it was (minus its connection).
    /// <paramref name="Reason"/> is for the person who asked; asking again later is safe.</summary>
    public sealed record CharacterDeletionFailed(string CharacterId, string Reason) : Reply(CharacterId);

    /// <summary>
    /// Asks the character shard region to delete a character, for the account pages. <paramref name="characterId"/>
    /// is the entity id (<see cref="CharacterIds.FromName"/>; a name is turned into one). An answer that does not come
    /// within <paramref name="timeout"/> is reported as <see cref="CharacterDeletionFailed"/>: the deletion may or may
    /// not have happened, and asking again is safe. Cancelling <paramref name="cancellationToken"/> throws.
    /// </summary>
    public static async Task<Reply> DeleteCharacterAsync(
        this IActorRef characterRegion,
        string characterId,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(characterRegion);
        ArgumentException.ThrowIfNullOrWhiteSpace(characterId);
        var id = CharacterIds.FromName(characterId);
        try
        {
            return await characterRegion.Ask<Reply>(new DeleteCharacter(id), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new CharacterDeletionFailed(id, "The world did not answer in time; the character may or may not have been deleted. Try again in a moment.");
        }
    }
}
