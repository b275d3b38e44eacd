using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Sharding;

/// <summary>Starts the "room" shard region: shard ids carry the room's home region and <see cref="RegionHomedAllocation"/>
/// places them there. Everything else is what Akka.Hosting's WithShardRegion would have given it.</summary>
public static class RoomSharding
{
    public const string TypeName = "room";

    /// <summary>The settings WithShardRegion derives from <paramref name="options"/> (Akka.Cluster.Hosting 1.5.73 does exactly
    /// this): the options as HOCON over the system's <c>akka.cluster.sharding</c>, the coordinator singleton's own section.</summary>
    public static ClusterShardingSettings Settings(ActorSystem system, ShardOptions options)
    {
        var sharding = ConfigurationFactory.ParseString(options.ToString())
            .WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        var coordinator = system.Settings.Config.GetConfig(sharding.GetString("coordinator-singleton"));
        return ClusterShardingSettings.Create(sharding, coordinator);
    }

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
