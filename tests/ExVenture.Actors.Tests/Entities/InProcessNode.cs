using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Rooms;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>Turns an actor system of a test into a game node: joins a cluster and starts the real shard regions
/// and presence actor, as the server's hosting does.</summary>
public static class InProcessNode
{
    public static async Task<(IActorRef Characters, IActorRef Presence)> StartAsync(ActorSystem system, Address seed, GameWorld world)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(seed);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system);
        var extractor = new EntityMessageExtractor(10);
        var presence = system.ActorOf(Props.Create(() => new PresenceActor()), PresenceActor.Name);
        IActorRef? characters = null;
        IActorRef? rooms = null;
        EntityRouter Router() => new(characters!, rooms!);
        characters = await sharding.StartAsync("character", id => CharacterActor.Props(id, world, Router(), presence), settings, extractor);
        rooms = await sharding.StartAsync("room", id => RoomActor.Props(id, world, Router()), settings, extractor);
        return (characters, presence);
    }
}
