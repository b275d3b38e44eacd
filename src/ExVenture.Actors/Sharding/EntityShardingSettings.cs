using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace ExVenture.Actors.Sharding;

/// <summary>Both entity regions are started by hand (<see cref="CharacterSharding"/>, <see cref="RoomSharding"/>), for their
/// allocation strategy, which Akka.Hosting's WithShardRegion does not take; their settings are still the ones it would derive.</summary>
public static class EntityShardingSettings
{
    /// <summary>The settings WithShardRegion derives from <paramref name="options"/> (Akka.Cluster.Hosting 1.5.73 does exactly
    /// this): the options as HOCON over the system's <c>akka.cluster.sharding</c>, the coordinator singleton's own section.</summary>
    public static ClusterShardingSettings From(ActorSystem system, ShardOptions options)
    {
        var sharding = ConfigurationFactory.ParseString(options.ToString())
            .WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        var coordinator = system.Settings.Config.GetConfig(sharding.GetString("coordinator-singleton"));
        return ClusterShardingSettings.Create(sharding, coordinator);
    }
}
