using Akka.Cluster.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;

namespace ExVenture.Actors.Sharding;

/// <summary>
/// Routes entity messages by the id they carry: characters by <see cref="ICharacterMessage.CharacterId"/>, rooms by
/// <see cref="IRoomRequest.RoomId"/>. Messages are not wrapped in envelopes: the entity receives the message itself.
/// Shard ids are "&lt;n&gt;" today; <see cref="EntityShards"/> is the one place that will add a home region to them.
/// </summary>
public sealed class EntityMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        ICharacterMessage m => m.CharacterId,
        IRoomRequest m => m.RoomId,
        _ => null,
    };

    public override string ShardId(string entityId, object? messageHint = null) => EntityShards.ShardOf(entityId, MaxNumberOfShards);
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
}
