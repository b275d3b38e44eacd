using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Sharding;

namespace ExVenture.Actors.Tests.Sharding;

/// <summary>Both entity regions are started by hand (for their allocation strategy); their settings must still be what
/// WithShardRegion would give them from the same options, over the repository's HOCON.</summary>
public sealed class RoomShardingSettingsTests()
    : TestKit(GameConfig.Hocon().WithFallback(ClusterSharding.DefaultConfig()).WithFallback(ClusterSingleton.DefaultConfig()))
{
    [Fact]
    public void Room_settings_come_from_the_entity_shard_options_over_the_hocon()
    {
        var options = GameActorsHostingExtensions.EntityShardOptions();
        var settings = EntityShardingSettings.From(Sys, options);

        // The HOCON alone would say persistence (Akka's default): the options must win.
        Assert.Equal(StateStoreMode.DData, settings.StateStoreMode);
        Assert.False(settings.RememberEntities);
        Assert.Equal(TimeSpan.Zero, settings.PassivateIdleEntityAfter);
        Assert.Same(StopEntity.Instance, options.HandOffStopMessage);

        // And hocon/cluster.hocon still applies underneath.
        Assert.Equal(TimeSpan.FromSeconds(60), settings.TuningParameters.HandOffTimeout);
        Assert.Equal(10, settings.TuningParameters.LeastShardAllocationAbsoluteLimit);
    }
}
