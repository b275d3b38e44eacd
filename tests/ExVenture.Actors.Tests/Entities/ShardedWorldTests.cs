using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// The entities behind real shard regions on a one-node cluster, with every message serialized as if it crossed
/// nodes (serialize-messages = on), driven by real session actors.
/// </summary>
public sealed class ShardedWorldTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-sharded");

    private readonly GameWorld _world = TinyWorld.Create();

    public ShardedWorldTests()
        : base(GameConfig.ClusterNode(Data.File($"journal-{Guid.NewGuid():N}.db"), serializeEveryMessage: true))
    {
    }

    [Fact]
    public async Task Two_players_grabbing_the_same_item_at_once_end_with_exactly_one_lantern()
    {
        var (characters, presence) = await StartWorld();
        var ada = new ChannelPlayer(Sys, "Ada", characters, presence);
        var bo = new ChannelPlayer(Sys, "Bo", characters, presence);
        await ada.ExpectText("Welcome, Ada");
        await bo.ExpectText("Welcome, Bo");

        var adaGet = ada.Send("get lantern");
        var boGet = bo.Send("get lantern");
        var answers = new[] { await ada.Answer(adaGet), await bo.Answer(boGet) };

        Assert.Single(answers, a => a.Contains("You pick up the brass lantern", StringComparison.Ordinal));
        Assert.Single(answers, a => a.Contains("You don't see", StringComparison.Ordinal));

        var adaInv = await ada.Answer(ada.Send("inventory"));
        var boInv = await bo.Answer(bo.Send("inventory"));
        Assert.Equal(1, new[] { adaInv, boInv }.Count(i => i.Contains("brass lantern", StringComparison.Ordinal)));
        Assert.DoesNotContain("brass lantern", await ada.Answer(ada.Send("look")));
    }

    [Fact]
    public async Task Players_in_one_room_see_each_other_arrive_speak_and_leave()
    {
        var (characters, presence) = await StartWorld();
        var ada = new ChannelPlayer(Sys, "Ada", characters, presence);
        await ada.ExpectText("Welcome, Ada");
        await ada.Answer(ada.Send("up"));

        var bo = new ChannelPlayer(Sys, "Bo", characters, presence);
        await bo.ExpectText("Welcome, Bo");
        bo.Send("up");
        await ada.ExpectText("Bo arrives from below.");

        var say = bo.Send("say hello up here");
        Assert.Contains("You say, \\\"hello up here\\\"", await bo.Answer(say));
        await ada.ExpectText("Bo says,");

        bo.Send("down");
        await ada.ExpectText("Bo leaves downwards.");
    }

    [Fact]
    public async Task An_occupant_whose_character_actor_was_replaced_still_hears_the_room()
    {
        // Rooms tell occupants' actors directly, by the refs they learned; a ref whose actor has stopped must be
        // forgotten, or the occupant's next incarnation would never hear another word said in the room.
        var (characters, presence) = await StartWorld();
        var ada = new ChannelPlayer(Sys, "Ada", characters, presence);
        var bo = new ChannelPlayer(Sys, "Bo", characters, presence);
        await ada.ExpectText("Welcome, Ada");
        await bo.ExpectText("Welcome, Bo");

        // The welcome comes from the character; an answered look proves the room has taken each of them in.
        await ada.Answer(ada.Send("look"));
        await bo.Answer(bo.Send("look"));
        await bo.Answer(bo.Send("say hello before"));
        await ada.ExpectText("hello before");

        var first = await Sys.ActorSelection("/system/sharding/character/*/bo").ResolveOne(TimeSpan.FromSeconds(10));
        Watch(first);
        first.Tell(ExVenture.Actors.Entities.StopEntity.Instance);
        ExpectTerminated(first, TimeSpan.FromSeconds(10));

        // Bo's session attaches to a new incarnation of the character; Bo has not spoken since.
        await AwaitAssertAsync(
            async () => Assert.NotEqual(first, await Sys.ActorSelection("/system/sharding/character/*/bo").ResolveOne(TimeSpan.FromSeconds(1))),
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(200));

        ada.Send("say hello after");
        await bo.ExpectText("hello after");
    }

    [Fact]
    public async Task A_second_login_takes_over_and_closes_the_first_session()
    {
        var (characters, presence) = await StartWorld();
        var first = new ChannelPlayer(Sys, "Ada", characters, presence);
        await first.ExpectText("Welcome, Ada");

        var second = new ChannelPlayer(Sys, "Ada", characters, presence);
        await second.ExpectText("Welcome, Ada");
        await first.ExpectText("logged in from somewhere else");

        var who = await second.Answer(second.Send("who"));
        Assert.Contains("Ada", who);
    }

    private Task<(IActorRef Characters, IActorRef Presence)> StartWorld() => InProcessNode.StartAsync(Sys, Cluster.Get(Sys).SelfAddress, _world);
}
