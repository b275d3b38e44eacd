using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ExVenture.Actors.Hosting;

namespace ExVenture.Actors.Sharding;

/// <summary>What the allocation needs to know of the node behind a shard region: its region, and whether it is on its way out.</summary>
public readonly record struct RegionNode(string Region, bool Leaving);

/// <summary>
/// How far regions are from each other, for shards whose home region has no node. Symmetric; a region is 0 from
/// itself; a pair not listed is <see cref="Unlisted"/> apart, so by default every other region is equally far.
/// </summary>
public sealed class RegionDistances
{
    public const int Unlisted = 1_000_000;

    private readonly Dictionary<(string, string), int> _distances = new();

    public RegionDistances(IEnumerable<(string From, string To, int Distance)> distances)
    {
        foreach (var (from, to, distance) in distances)
        {
            _distances[(from, to)] = distance;
            _distances[(to, from)] = distance;
        }
    }

    public static RegionDistances Equal { get; } = new([]);

    public int Between(string from, string to) =>
        string.Equals(from, to, StringComparison.Ordinal) ? 0 : _distances.GetValueOrDefault((from, to), Unlisted);
}

/// <summary>Where shards are homed. Rooms name their region in the shard id (<see cref="RegionPrefixedShards"/>);
/// characters have one shard each, homed where the accounts database says (<see cref="Characters.CharacterShardHomes"/>).</summary>
public interface IShardHomes
{
    /// <summary>The home regions of these shards; a shard left out is homed in the primary region.</summary>
    ValueTask<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> shardIds);
}

/// <summary>Shard ids of the form <c>&lt;region&gt;|&lt;n&gt;</c> (<see cref="EntityShards.HomedShardOf"/>); an id without a
/// region is homed in the primary region.</summary>
public sealed class RegionPrefixedShards(string primaryRegion) : IShardHomes
{
    public static string HomeOf(string shardId, string primaryRegion)
    {
        var separator = shardId.IndexOf(RegionHomedAllocation.Separator, StringComparison.Ordinal);
        return separator > 0 ? shardId[..separator] : primaryRegion;
    }

    public ValueTask<IReadOnlyDictionary<string, string>> HomesOfAsync(IReadOnlyCollection<string> shardIds) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, string>>(
            shardIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => HomeOf(id, primaryRegion), StringComparer.Ordinal));
}

/// <summary>
/// Shards live in their home region. Room shard ids are <c>&lt;region&gt;|&lt;n&gt;</c> (<see cref="EntityShards.HomedShardOf"/>);
/// a character is a shard of its own, homed where the accounts database says (<see cref="IShardHomes"/>).
/// Allocation: the least-loaded node of the home region (nodes that are leaving are used only when nothing else is
/// left); when the home region has no node, the least-loaded node of the nearest regions that have nodes
/// (<see cref="RegionDistances"/>; ties between regions equally far go to the least loaded, then the lowest region code
/// and address). Rebalance: shards away from home go back, a few per round, as soon as their home region has a node
/// again; otherwise each region's own shards are balanced among that region's nodes by <c>withinRegion</c>
/// (Akka's least-shard strategy). A shard id without a region is homed in the primary region.
/// </summary>
public sealed class RegionHomedAllocation : IActorSystemDependentAllocationStrategy
{
    public const char Separator = '|';

    private static readonly IImmutableSet<string> NoShards = ImmutableHashSet<string>.Empty;

    private readonly string _primaryRegion;
    private readonly IShardHomes _homes;
    private readonly RegionDistances _distances;
    private readonly IShardAllocationStrategy _withinRegion;
    private readonly int _homecomingsPerRound;
    private Func<IActorRef, RegionNode?>? _nodeOf;
    private Func<IActorRef, string>? _addressOf;

    public RegionHomedAllocation(string primaryRegion, RegionDistances distances, IShardAllocationStrategy withinRegion, int homecomingsPerRound = 3, IShardHomes? homes = null)
    {
        _primaryRegion = primaryRegion;
        _homes = homes ?? new RegionPrefixedShards(primaryRegion);
        _distances = distances;
        _withinRegion = withinRegion;
        _homecomingsPerRound = Math.Max(1, homecomingsPerRound);
    }

    /// <summary>For tests: the node behind each shard region is told, not read from the cluster.</summary>
    internal RegionHomedAllocation(
        string primaryRegion, RegionDistances distances, IShardAllocationStrategy withinRegion, Func<IActorRef, RegionNode?> nodeOf, int homecomingsPerRound = 3, IShardHomes? homes = null)
        : this(primaryRegion, distances, withinRegion, homecomingsPerRound, homes)
    {
        _nodeOf = nodeOf;
        _addressOf = r => r.Path.ToString();
    }

    public void Start(ActorSystem system)
    {
        switch (_withinRegion)
        {
            case IActorSystemDependentAllocationStrategy s:
                s.Start(system);
                break;
            case IStartableAllocationStrategy s:
                s.Start();
                break;
        }

        if (_nodeOf is not null)
        {
            return;
        }

        var cluster = Cluster.Get(system);
        Address AddressOf(IActorRef region) => region.Path.Address.HasLocalScope ? cluster.SelfAddress : region.Path.Address;
        _addressOf = r => AddressOf(r).ToString();
        _nodeOf = region =>
        {
            var address = AddressOf(region);
            var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address));
            if (member is null)
            {
                return null;
            }

            var leaving = member.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed;
            return new RegionNode(Regions.FromRoles(member.Roles) ?? Regions.Local, leaving);
        };
    }

    /// <summary>The home region named by a room shard id; the primary region for an id without one.</summary>
    public string HomeOf(string shardId) => RegionPrefixedShards.HomeOf(shardId, _primaryRegion);

    public async Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nodes = Known(currentShardAllocations);
            if (nodes.Count > 0)
            {
                string home;
                try
                {
                    home = (await _homes.HomesOfAsync([shardId]).ConfigureAwait(false)).GetValueOrDefault(shardId, _primaryRegion);
                }
                catch (Exception)
                {
                    // Homes unreadable (the accounts database is down): placement only costs latency, so the primary will do.
                    home = _primaryRegion;
                }

                return Choose(home, nodes);
            }

            if (attempt >= 100 || currentShardAllocations.Count == 0)
            {
                // No member known for any region (the cluster view lags a new node for a moment): least loaded of all.
                return currentShardAllocations.Count == 0
                    ? requester
                    : currentShardAllocations.OrderBy(kv => kv.Value.Count).ThenBy(kv => AddressOf(kv.Key), StringComparer.Ordinal).First().Key;
            }

            // As Akka's own least-shard strategy does: the cluster view catches up within moments.
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public async Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var nodes = Known(currentShardAllocations);
        var regionsWithNodes = nodes.Where(n => !n.Node.Leaving).Select(n => n.Node.Region).ToHashSet(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> homes;
        try
        {
            homes = await _homes.HomesOfAsync(nodes.SelectMany(n => n.Shards).ToList()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Homes unreadable: move nothing this round rather than on a guess.
            return NoShards;
        }

        string HomeOf(string shardId) => homes.GetValueOrDefault(shardId, _primaryRegion);

        var awayFromHome = nodes
            .SelectMany(n => n.Shards.Where(s => !rebalanceInProgress.Contains(s) && !string.Equals(HomeOf(s), n.Node.Region, StringComparison.Ordinal)))
            .Where(s => regionsWithNodes.Contains(HomeOf(s)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (awayFromHome.Count > 0)
        {
            var room = _homecomingsPerRound - rebalanceInProgress.Count;
            return room <= 0 ? NoShards : awayFromHome.Take(room).ToImmutableHashSet();
        }

        var result = ImmutableHashSet.CreateBuilder<string>();
        foreach (var region in regionsWithNodes.Order(StringComparer.Ordinal))
        {
            var atHome = nodes
                .Where(n => !n.Node.Leaving && string.Equals(n.Node.Region, region, StringComparison.Ordinal))
                .ToImmutableDictionary(
                    n => n.Region,
                    n => (IImmutableList<string>)n.Shards.Where(s => string.Equals(HomeOf(s), region, StringComparison.Ordinal)).ToImmutableList());
            if (atHome.Count > 1)
            {
                result.UnionWith(await _withinRegion.Rebalance(atHome, rebalanceInProgress).ConfigureAwait(false));
            }
        }

        return result.ToImmutable();
    }

    private IActorRef Choose(string home, IReadOnlyList<(IActorRef Region, RegionNode Node, IImmutableList<string> Shards)> nodes)
    {
        var candidates = nodes.Where(n => !n.Node.Leaving).ToList();
        if (candidates.Count == 0)
        {
            candidates = nodes.ToList();
        }

        var nearest = candidates.Min(n => _distances.Between(home, n.Node.Region));
        return candidates
            .Where(n => _distances.Between(home, n.Node.Region) == nearest)
            .OrderBy(n => n.Shards.Count)
            .ThenBy(n => n.Node.Region, StringComparer.Ordinal)
            .ThenBy(n => AddressOf(n.Region), StringComparer.Ordinal)
            .First()
            .Region;
    }

    private List<(IActorRef Region, RegionNode Node, IImmutableList<string> Shards)> Known(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var nodeOf = _nodeOf ?? throw new InvalidOperationException("The allocation strategy was not started.");
        var known = new List<(IActorRef, RegionNode, IImmutableList<string>)>();
        foreach (var (region, shards) in allocations)
        {
            if (nodeOf(region) is { } node)
            {
                known.Add((region, node, shards));
            }
        }

        return known;
    }

    private string AddressOf(IActorRef region) => _addressOf?.Invoke(region) ?? region.Path.ToString();
}
