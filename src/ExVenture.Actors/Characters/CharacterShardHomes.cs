using System.Collections.Concurrent;
using ExVenture.Actors.Sharding;

namespace ExVenture.Actors.Characters;

/// <summary>
/// The home regions of character shards (a character is a shard of its own, so a shard id is a character id), for
/// <see cref="RegionHomedAllocation"/>: read from <see cref="ICharacterHomes"/> and kept for <paramref name="freshFor"/>,
/// so a rebalance round reads only what went stale, and a rehomed character is seen within that time. Placement only
/// decides where an entity runs, never which journal it uses (its host reads that itself), so a stale answer costs
/// latency, not correctness.
/// </summary>
public sealed class CharacterShardHomes(ICharacterHomes homes, string primaryRegion, TimeProvider time, TimeSpan freshFor) : IShardHomes
{
    private readonly ConcurrentDictionary<string, (string Home, DateTimeOffset ReadAt)> _known = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> shardIds)
    {
        var now = time.GetUtcNow();
        var stale = shardIds.Where(id => !_known.TryGetValue(id, out var known) || now - known.ReadAt >= freshFor).Distinct(StringComparer.Ordinal).ToList();
        if (stale.Count > 0)
        {
            var read = await homes.HomesOfAsync(stale).ConfigureAwait(false);
            foreach (var id in stale)
            {
                _known[id] = (read.GetValueOrDefault(id, primaryRegion), now);
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in shardIds)
        {
            result[id] = _known.TryGetValue(id, out var known) ? known.Home : primaryRegion;
        }

        return result;
    }
}
