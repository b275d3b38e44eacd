namespace ExVenture.Actors.Characters;

/// <summary>
/// Where each character is homed: the region whose nodes host its entity and whose database holds its journal. The
/// record of truth is the accounts database (the primary region's); a character without a recorded home is homed in
/// the primary region. Read when a character's entity starts and by the shard allocation; written only by the
/// character's own entity while it moves (<see cref="CharacterHost"/>), so the record never runs ahead of the journal.
/// </summary>
public interface ICharacterHomes
{
    /// <summary>The recorded homes of these characters; one without a record is left out.</summary>
    Task<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> characterIds, CancellationToken cancellationToken = default);

    /// <summary>Records a new home for a character.</summary>
    Task SetHomeAsync(string characterId, string region, CancellationToken cancellationToken = default);
}

/// <summary>No recorded homes: every character lives in the primary region and never moves (a node without an accounts
/// database, such as the actor tests' own systems).</summary>
public sealed class PrimaryRegionHomes : ICharacterHomes
{
    public static PrimaryRegionHomes Instance { get; } = new();

    public Task<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> characterIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task SetHomeAsync(string characterId, string region, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Characters have no recorded homes on this node; they stay in the primary region.");
}
