using ExVenture.Actors.Characters;

namespace ExVenture.Server.Accounts;

/// <summary>Characters' home regions, kept in the accounts database beside the characters (a character's entity id is
/// its name key, <see cref="ExVenture.Domain.Characters.CharacterIds"/>).</summary>
public sealed class CharacterHomeDirectory(AccountStore store) : ICharacterHomes
{
    public Task<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> characterIds, CancellationToken cancellationToken = default) =>
        store.HomeRegionsAsync(characterIds, cancellationToken);

    public async Task SetHomeAsync(string characterId, string region, CancellationToken cancellationToken = default)
    {
        if (!await store.SetHomeRegionAsync(characterId, region, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"No character '{characterId}' to rehome.");
        }
    }
}
