using Akka.Actor;
using Akka.Cluster.Sharding;
using ExVenture.Actors.Characters;

namespace ExVenture.Actors.Sharding;

/// <summary>
/// Starts the "character" shard region: every character is a shard of its own, hosted by a <see cref="CharacterHost"/>,
/// and <see cref="RegionHomedAllocation"/> places it in its home region as the accounts database records it
/// (<see cref="CharacterShardHomes"/>). Rebalancing runs every <see cref="RebalanceInterval"/>, so a character that
/// moved on sign-in follows its player within a few seconds.
/// </summary>
public static class CharacterSharding
{
    public const string TypeName = "character";

    public static readonly TimeSpan RebalanceInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long the allocation trusts a home it read.</summary>
    public static readonly TimeSpan HomesFreshFor = TimeSpan.FromSeconds(3);

    public static Task<IActorRef> StartAsync(
        ActorSystem system,
        CharacterHostOptions hostOptions,
        ClusterShardingSettings settings,
        object handOffStopMessage,
        RegionDistances? distances = null)
    {
        var sharding = ClusterSharding.Get(system);
        settings = settings.WithTuningParameters(settings.TuningParameters.WithRebalanceInterval(RebalanceInterval));
        var homes = new CharacterShardHomes(hostOptions.Homes, hostOptions.PrimaryRegion, TimeProvider.System, HomesFreshFor);
        var strategy = new RegionHomedAllocation(
            hostOptions.PrimaryRegion, distances ?? RegionDistances.Equal, sharding.DefaultShardAllocationStrategy(settings), homes: homes);
        return sharding.StartAsync(
            TypeName, id => CharacterHost.Props(id, hostOptions), settings, EntityMessageExtractor.ShardPerEntity(), strategy, handOffStopMessage);
    }
}
