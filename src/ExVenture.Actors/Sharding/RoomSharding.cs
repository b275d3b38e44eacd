using Akka.Actor;
using Akka.Cluster.Sharding;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Sharding;

/// <summary>Starts the "room" shard region: shard ids carry the room's home region and <see cref="RegionHomedAllocation"/>
/// places them there. Its settings come from <see cref="EntityShardingSettings"/>.</summary>
public static class RoomSharding
{
    public const string TypeName = "room";

    public static Task<IActorRef> StartAsync(
        ActorSystem system,
        GameWorld world,
        string primaryRegion,
        int numberOfShards,
        Func<string, Props> entityProps,
        ClusterShardingSettings settings,
        object handOffStopMessage,
        RegionDistances? distances = null)
    {
        var sharding = ClusterSharding.Get(system);
        var extractor = new EntityMessageExtractor(numberOfShards, EntityShards.RoomHomes(world, primaryRegion));
        var strategy = new RegionHomedAllocation(primaryRegion, distances ?? RegionDistances.Equal, sharding.DefaultShardAllocationStrategy(settings));
        return sharding.StartAsync(TypeName, entityProps, settings, extractor, strategy, handOffStopMessage);
    }
}
