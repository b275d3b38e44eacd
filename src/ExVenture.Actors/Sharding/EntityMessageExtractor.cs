using Akka.Cluster.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Sharding;

/// <summary>
/// Routes entity messages by the id they carry: characters by <see cref="ICharacterMessage.CharacterId"/>, rooms by
/// <see cref="IRoomRequest.RoomId"/>. Messages are not wrapped in envelopes: the entity receives the message itself.
/// Shard ids are "&lt;n&gt;"; given a home region for each entity (rooms) they are "&lt;region&gt;|&lt;n&gt;", the entity's
/// home region first (<see cref="EntityShards"/>, <see cref="RegionHomedAllocation"/>); for characters, the entity id
/// itself (<see cref="ShardPerEntity"/>).
/// </summary>
public sealed class EntityMessageExtractor : HashCodeMessageExtractor
{
    private readonly Func<string, string> _shardOf;

    public EntityMessageExtractor(int maxNumberOfShards, Func<string, string>? homeRegionOf = null)
        : base(maxNumberOfShards)
    {
        _shardOf = homeRegionOf is null
            ? id => EntityShards.ShardOf(id, maxNumberOfShards)
            : id => EntityShards.HomedShardOf(homeRegionOf(id), id, maxNumberOfShards);
    }

    private EntityMessageExtractor(Func<string, string> shardOf)
        : base(1)
    {
        _shardOf = shardOf;
    }

    /// <summary>Characters: each is a shard of its own (shard id = entity id), so it can be placed, and moved, by itself
    /// (<see cref="CharacterSharding"/>).</summary>
    public static IMessageExtractor ShardPerEntity() => new EntityMessageExtractor(static id => id);

    public override string? EntityId(object message) => message switch
    {
        ICharacterMessage m => m.CharacterId,
        IRoomRequest m => m.RoomId,
        _ => null,
    };

    public override string ShardId(string entityId, object? messageHint = null) => _shardOf(entityId);
}

public static class EntityShards
{
    /// <summary>A stable shard id for an entity id (string.GetHashCode is randomised per process, so not that).</summary>
    public static string ShardOf(string entityId, int maxNumberOfShards)
    {
        var hash = 2166136261u;
        foreach (var c in entityId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % (uint)maxNumberOfShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>"&lt;region&gt;|&lt;n&gt;": the usual bucket, in its home region. Shard ids are not persisted (remember-entities
    /// is off and the coordinator keeps its state in distributed data), so their format may change between releases.</summary>
    public static string HomedShardOf(string homeRegion, string entityId, int maxNumberOfShards) =>
        homeRegion + RegionHomedAllocation.Separator + ShardOf(entityId, maxNumberOfShards);

    /// <summary>A room's home region: its zone's <see cref="Zone.HomeRegion"/>, else the primary region (also for an id
    /// the world does not know).</summary>
    public static Func<string, string> RoomHomes(GameWorld world, string primaryRegion)
    {
        var zoneHomes = world.Zones.ToDictionary(z => z.Id, z => z.HomeRegion, StringComparer.Ordinal);
        var homes = world.Rooms.ToDictionary(r => r.Id, r => zoneHomes.GetValueOrDefault(r.ZoneId) ?? primaryRegion, StringComparer.Ordinal);
        return roomId => homes.GetValueOrDefault(roomId, primaryRegion);
    }
}
