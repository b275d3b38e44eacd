using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
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
        var (characters, _, presence) = await StartAsync(system, seed, world, Regions.Local);
        return (characters, presence);
    }

    /// <summary>As above, with the room region too; rooms are homed by their zones, <paramref name="primaryRegion"/>
    /// for zones without a home region.</summary>
    public static async Task<(IActorRef Characters, IActorRef Rooms, IActorRef Presence)> StartAsync(
        ActorSystem system, Address seed, GameWorld world, string primaryRegion, RegionDistances? distances = null)
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
        rooms = await RoomSharding.StartAsync(system, world, primaryRegion, 10, id => RoomActor.Props(id, world, Router(), EntityShards.RoomHomes(world, primaryRegion), RegionJournals.None), settings, PoisonPill.Instance, distances);
        return (characters, rooms, presence);
    }
}
