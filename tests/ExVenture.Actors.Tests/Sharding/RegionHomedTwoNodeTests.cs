using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Sharding;
using ExVenture.Actors.Tests.Entities;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests.Sharding;

/// <summary>
/// A real cluster of two nodes in one process: A in iad (the primary region), B in lhr. Rooms of a zone homed in lhr
/// are hosted on B, rooms of a zone without a home on A; which node hosts a shard is asked of each node's room region.
/// </summary>
public sealed class RegionHomedTwoNodeTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-region-homed");
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly GameWorld _world = HomedWorld.Create();
    private readonly Config _common;
    private readonly List<ActorSystem> _others = [];

    public RegionHomedTwoNodeTests()
        : this(Common(Data.File($"journal-{Guid.NewGuid():N}.db")))
    {
    }

    private RegionHomedTwoNodeTests(Config common)
        : base(InRegion("iad").WithFallback(common), "exventure")
    {
        _common = common;
    }

    private static Config Common(string databaseFile) =>
        // Rebalance rounds every second instead of ten, so a shard's way home is quick to watch.
        ConfigurationFactory.ParseString("akka.cluster.sharding.rebalance-interval = 1s")
            .WithFallback(GameConfig.ClusterNode(databaseFile));

    private static Config InRegion(string region) =>
        ConfigurationFactory.ParseString($"akka.cluster.roles = [\"{ExVenture.Actors.Hosting.Regions.Role(region)}\"]");

    private async Task<IActorRef> StartNodeAsync(ActorSystem system) =>
        (await InProcessNode.StartAsync(system, Cluster.Get(Sys).SelfAddress, _world, "iad")).Rooms;

    private ActorSystem NewNode(string region)
    {
        var system = ActorSystem.Create("exventure", InRegion(region).WithFallback(_common));
        _others.Add(system);
        return system;
    }

    private static async Task<IReadOnlySet<string>> ShardsOn(IActorRef rooms) =>
        (await rooms.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout)).Shards.Select(s => s.ShardId).ToHashSet();

    /// <summary>Starts a room (sharding allocates its shard if it has none) and waits for the shard's acknowledgement.</summary>
    private static Task StartRoom(IActorRef rooms, string roomId) =>
        rooms.Ask<object>(new ShardRegion.StartEntity(roomId), AskTimeout);

    private async Task AwaitRegions(IActorRef rooms, int count) =>
        await AwaitAssertAsync(async () =>
            Assert.Equal(count, (await rooms.Ask<CurrentRegions>(GetCurrentRegions.Instance, AskTimeout)).Regions.Count), TimeSpan.FromSeconds(30));

    private static string PierShard => "lhr|" + EntityShards.ShardOf(HomedWorld.Pier, 10);

    private static string HallShard => "iad|" + EntityShards.ShardOf(HomedWorld.Hall, 10);

    [Fact]
    public async Task A_room_of_a_zone_homed_in_lhr_lives_on_the_lhr_node_and_a_room_without_a_home_on_the_primary()
    {
        var roomsA = await StartNodeAsync(Sys);
        var roomsB = await StartNodeAsync(NewNode("lhr"));
        await AwaitRegions(roomsA, 2);

        await StartRoom(roomsA, HomedWorld.Pier);
        await StartRoom(roomsB, HomedWorld.Hall);

        await AwaitAssertAsync(async () =>
        {
            var onA = await ShardsOn(roomsA);
            var onB = await ShardsOn(roomsB);
            Assert.Contains(PierShard, onB);
            Assert.DoesNotContain(PierShard, onA);
            Assert.Contains(HallShard, onA);
            Assert.DoesNotContain(HallShard, onB);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task When_lhr_has_no_node_its_rooms_live_on_the_primary_and_go_home_when_an_lhr_node_joins()
    {
        var roomsA = await StartNodeAsync(Sys);
        var b = NewNode("lhr");
        var roomsB = await StartNodeAsync(b);
        await AwaitRegions(roomsA, 2);
        await StartRoom(roomsA, HomedWorld.Pier);
        await AwaitAssertAsync(async () => Assert.Contains(PierShard, await ShardsOn(roomsB)), TimeSpan.FromSeconds(30));

        // B leaves gracefully: its shards are handed off, and the lhr room starts on A when next asked for.
        await CoordinatedShutdown.Get(b).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await b.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
        await AwaitAssertAsync(() => Assert.Single(Cluster.Get(Sys).State.Members), TimeSpan.FromSeconds(30));
        await AwaitAssertAsync(async () =>
        {
            await StartRoom(roomsA, HomedWorld.Pier);
            Assert.Contains(PierShard, await ShardsOn(roomsA));
        }, TimeSpan.FromSeconds(30));

        // A new lhr node joins: the next rebalance round sends the shard home, where it starts when next asked for.
        var roomsB2 = await StartNodeAsync(NewNode("lhr"));
        await AwaitRegions(roomsA, 2);
        await AwaitAssertAsync(async () =>
        {
            await StartRoom(roomsA, HomedWorld.Pier);
            Assert.Contains(PierShard, await ShardsOn(roomsB2));
            Assert.DoesNotContain(PierShard, await ShardsOn(roomsA));
        }, TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Within_a_region_shards_are_balanced_across_its_nodes()
    {
        var roomsA = await StartNodeAsync(Sys);
        foreach (var cell in HomedWorld.Cells)
        {
            await StartRoom(roomsA, cell);
        }

        // A second iad node joins: rebalance rounds move some of A's iad shards to it (Akka's least-shard strategy,
        // within the region); a moved shard starts on B when one of its rooms is next asked for.
        var roomsB = await StartNodeAsync(NewNode("iad"));
        await AwaitRegions(roomsA, 2);
        await AwaitAssertAsync(async () =>
        {
            foreach (var cell in HomedWorld.Cells)
            {
                await StartRoom(roomsA, cell);
            }

            var onB = await ShardsOn(roomsB);
            Assert.NotEmpty(onB);
            Assert.All(onB, s => Assert.StartsWith("iad|", s, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(45));
    }

    protected override void AfterAll()
    {
        foreach (var system in _others.Where(s => !s.WhenTerminated.IsCompleted))
        {
            Cluster.Get(system).Leave(Cluster.Get(system).SelfAddress);
            system.Terminate().Wait(TimeSpan.FromSeconds(20));
        }

        base.AfterAll();
    }
}
