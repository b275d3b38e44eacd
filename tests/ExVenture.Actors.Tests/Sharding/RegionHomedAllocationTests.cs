using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Sharding;
using ExVenture.Actors.Tests.Entities;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Tests.Sharding;

/// <summary>The allocation strategy's decisions, with test probes standing for shard regions and their nodes told.</summary>
public sealed class RegionHomedAllocationTests : TestKit
{
    private readonly Dictionary<IActorRef, RegionNode> _nodes = new();
    private readonly RecordingStrategy _withinRegion = new();

    private IActorRef Node(string region, bool leaving = false)
    {
        var probe = CreateTestProbe().Ref;
        _nodes[probe] = new RegionNode(region, leaving);
        return probe;
    }

    private RegionHomedAllocation Strategy(RegionDistances? distances = null, int homecomings = 3) =>
        new("iad", distances ?? RegionDistances.Equal, _withinRegion, r => _nodes.TryGetValue(r, out var n) ? n : null, homecomings);

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Allocations(params (IActorRef Region, string[] Shards)[] regions) =>
        regions.ToImmutableDictionary(r => r.Region, r => (IImmutableList<string>)r.Shards.ToImmutableList());

    [Fact]
    public async Task A_shard_goes_to_the_least_loaded_node_of_its_home_region()
    {
        var iad = Node("iad");
        var lhr1 = Node("lhr");
        var lhr2 = Node("lhr");
        var allocations = Allocations((iad, []), (lhr1, ["lhr|1", "lhr|2"]), (lhr2, ["lhr|3"]));

        Assert.Equal(lhr2, await Strategy().AllocateShard(iad, "lhr|4", allocations));
        Assert.Equal(iad, await Strategy().AllocateShard(lhr1, "iad|4", allocations));
    }

    [Fact]
    public async Task A_shard_without_a_region_is_homed_in_the_primary_region()
    {
        var iad = Node("iad");
        var lhr = Node("lhr");

        Assert.Equal(iad, await Strategy().AllocateShard(lhr, "7", Allocations((iad, ["1", "2", "3"]), (lhr, []))));
        Assert.Equal("iad", Strategy().HomeOf("7"));
        Assert.Equal("lhr", Strategy().HomeOf("lhr|7"));
    }

    [Fact]
    public async Task A_leaving_node_of_the_home_region_is_passed_over_while_another_is_there()
    {
        var lhrLeaving = Node("lhr", leaving: true);
        var lhr = Node("lhr");
        var iad = Node("iad");

        Assert.Equal(lhr, await Strategy().AllocateShard(iad, "lhr|1", Allocations((lhrLeaving, []), (lhr, ["lhr|2", "lhr|3"]), (iad, []))));
        // Only a leaving node in the home region: the region counts as empty, the shard goes elsewhere.
        Assert.Equal(iad, await Strategy().AllocateShard(iad, "lhr|1", Allocations((lhrLeaving, []), (iad, ["iad|1"]))));
    }

    [Fact]
    public async Task Without_a_home_node_a_shard_goes_to_the_nearest_region_that_has_nodes()
    {
        var iad = Node("iad");
        var ams = Node("ams");
        var nrt = Node("nrt");
        var distances = new RegionDistances([("lhr", "ams", 10), ("lhr", "iad", 70), ("lhr", "nrt", 200)]);
        var allocations = Allocations((iad, []), (ams, ["ams|1", "ams|2", "ams|3"]), (nrt, []));

        Assert.Equal(ams, await Strategy(distances).AllocateShard(iad, "lhr|1", allocations));
    }

    [Fact]
    public async Task By_default_every_other_region_is_equally_far_the_least_loaded_wins_ties_by_region_code()
    {
        var nrt = Node("nrt");
        var ams = Node("ams");
        var iad = Node("iad");

        Assert.Equal(nrt, await Strategy().AllocateShard(iad, "lhr|1", Allocations((nrt, []), (ams, ["ams|1"]), (iad, ["iad|1"]))));
        Assert.Equal(ams, await Strategy().AllocateShard(iad, "lhr|1", Allocations((nrt, []), (ams, []), (iad, ["iad|1"]))));
    }

    [Fact]
    public async Task Shards_away_from_home_go_back_a_few_at_a_time_once_their_region_has_a_node()
    {
        var iad = Node("iad");
        var lhr = Node("lhr");
        var allocations = Allocations((iad, ["iad|1", "lhr|1", "lhr|2", "lhr|3", "lhr|4", "nrt|1"]), (lhr, []));

        var moved = await Strategy(homecomings: 3).Rebalance(allocations, ImmutableHashSet<string>.Empty);
        Assert.Equal(["lhr|1", "lhr|2", "lhr|3"], moved.Order(StringComparer.Ordinal));

        // Rebalances in progress count against the few: and those already moving are not chosen again.
        var next = await Strategy(homecomings: 3).Rebalance(allocations, ImmutableHashSet.Create("lhr|1", "lhr|2"));
        Assert.Equal(["lhr|3"], next);

        // nrt has no node: its shard stays where it is. Nothing is balanced while shards are on their way home.
        Assert.Empty(_withinRegion.Calls);
    }

    [Fact]
    public async Task A_region_with_only_a_leaving_node_does_not_call_its_shards_home()
    {
        var iad = Node("iad");
        var lhr = Node("lhr", leaving: true);

        Assert.Empty(await Strategy().Rebalance(Allocations((iad, ["lhr|1"]), (lhr, [])), ImmutableHashSet<string>.Empty));
    }

    [Fact]
    public async Task At_home_shards_are_balanced_within_each_region_by_the_default_strategy()
    {
        var iad1 = Node("iad");
        var iad2 = Node("iad");
        var lhr = Node("lhr");
        _withinRegion.Answer = ["iad|1"];

        var moved = await Strategy().Rebalance(
            Allocations((iad1, ["iad|1", "iad|2", "nrt|1"]), (iad2, []), (lhr, ["lhr|1"])), ImmutableHashSet<string>.Empty);

        Assert.Equal(["iad|1"], moved);
        // Only iad has two nodes to balance between; the away shard nrt|1 (no nrt node) is not offered.
        var call = Assert.Single(_withinRegion.Calls);
        Assert.Equal(["iad|1", "iad|2"], call[iad1]);
        Assert.Empty(call[iad2]);
        Assert.False(call.ContainsKey(lhr));
    }

    [Fact]
    public void Room_shard_ids_carry_the_home_region_of_the_room_s_zone()
    {
        var world = HomedWorld.Create();
        var extractor = new EntityMessageExtractor(10, EntityShards.RoomHomes(world, "iad"));

        Assert.Equal("lhr|" + EntityShards.ShardOf(HomedWorld.Pier, 10), extractor.ShardId(HomedWorld.Pier));
        Assert.Equal("iad|" + EntityShards.ShardOf(HomedWorld.Hall, 10), extractor.ShardId(HomedWorld.Hall));
        Assert.Equal("iad|" + EntityShards.ShardOf("nowhere", 10), extractor.ShardId("nowhere"));
        // Without homes, plain buckets; characters are a shard each, named by their id.
        Assert.Equal(EntityShards.ShardOf("ada", 10), new EntityMessageExtractor(10).ShardId("ada"));
        var perCharacter = EntityMessageExtractor.ShardPerEntity();
        var locate = new ExVenture.Actors.Characters.CharacterPlacement.Locate("ada");
        Assert.Equal(("ada", "ada"), (perCharacter.EntityId(locate), perCharacter.ShardId("ada", locate)));
    }

    private sealed class RecordingStrategy : IShardAllocationStrategy
    {
        public List<IImmutableDictionary<IActorRef, IImmutableList<string>>> Calls { get; } = [];

        public string[] Answer { get; set; } = [];

        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
            throw new InvalidOperationException("Allocation is the homed strategy's own.");

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
        {
            Calls.Add(currentShardAllocations);
            return Task.FromResult<IImmutableSet<string>>(Answer.ToImmutableHashSet());
        }
    }
}
